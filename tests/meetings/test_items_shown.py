"""L3 inside: ``items_shown`` is the one presenter of agenda items for a signed-in user."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from partnerskap.core.models import LegalBasis
from partnerskap.meetings.selectors import item_shown, items_shown
from partnerskap.meetings.services.agenda import agenda_item_close

pytestmark = pytest.mark.django_db


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_l3_a_closed_item_shows_its_public_form_to_those_without_exempt_access(world):
    meeting = world.meeting()
    item = world.item(
        meeting, title="Tilsetting", case_presentation="Hemmelig", recommendation="Også hemmelig"
    )
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=item, legal_basis=basis, public_title="Personalsak", actor=None)
    item.refresh_from_db()
    officer = item_shown(user=_user("saksbehandler-baerum"), item=item)
    assert (officer.title, officer.public_title, officer.areas) == ("Personalsak", "", ())
    assert (officer.case_presentation, officer.recommendation) == ("", "")
    assert officer.closed
    assert not officer.readable
    assert officer.legal_basis == basis.label
    member = item_shown(user=_user("medlem"), item=item)
    assert (member.title, member.public_title) == ("Tilsetting", "Personalsak")
    assert member.case_presentation == "Hemmelig"
    assert member.areas == (world.areas[0].name,)
    assert member.readable


def test_l3_an_open_item_is_shown_whole_to_everyone_inside(world):
    meeting = world.meeting()
    world.item(meeting, title="Samferdsel", case_presentation="Tekst")
    (shown,) = items_shown(user=_user("saksbehandler-baerum"), items=meeting.items.all())
    assert (shown.title, shown.case_presentation, shown.readable) == ("Samferdsel", "Tekst", True)
    assert shown.areas == (world.areas[0].name,)

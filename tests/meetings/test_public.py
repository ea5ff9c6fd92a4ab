"""``meetings.public``: which meetings, items and guests the public may see (L1, L3)."""

from __future__ import annotations

import pytest

from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import GuestInvitation
from partnerskap.meetings.public import (
    guests_public,
    items_in_area,
    items_on_public_agendas,
    items_public,
    items_public_open,
    meetings_in_area,
    meetings_with_public_agenda,
)
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_withdraw
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.meetings.services.lifecycle import meeting_publish_notice

pytestmark = pytest.mark.django_db


def test_l1_l3_public_rows_follow_the_notice_withdrawal_and_closed_sessions(world):
    area = world.areas[0]
    meeting = world.meeting()
    open_item = world.item(meeting, areas=[area])
    closed_item = world.item(meeting, areas=[area])
    agenda_item_close(
        item=closed_item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    withdrawn = agenda_item_withdraw(item=world.item(meeting, areas=[area]), actor=None)
    guest_invite(
        meeting=meeting,
        inviting_party=world.council,
        guest_name="Gjest",
        guest_role="Rådgiver",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        actor=None,
    )
    p = world.partnership

    # L1: nothing of the agenda before the notice.
    assert not meetings_with_public_agenda(partnership=p).filter(pk=meeting.pk).exists()
    assert not items_on_public_agendas(partnership=p).filter(meeting=meeting).exists()
    assert not items_in_area(area_id=area.pk).filter(meeting=meeting).exists()
    assert not meetings_in_area(area_id=area.pk, partnership=p).filter(pk=meeting.pk).exists()
    assert not guests_public(partnership=p).filter(meeting=meeting).exists()

    meeting_publish_notice(meeting=meeting, actor=None)

    def on(queryset):
        return set(queryset.filter(meeting=meeting).values_list("pk", flat=True))

    assert meetings_with_public_agenda(partnership=p).filter(pk=meeting.pk).exists()
    assert on(items_on_public_agendas(partnership=p)) == {
        open_item.pk,
        closed_item.pk,
        withdrawn.pk,
    }
    assert on(items_public(partnership=p)) == {open_item.pk, closed_item.pk}
    # L3: a closed item's areas are not public, so it is in no area.
    assert on(items_public_open(partnership=p)) == {open_item.pk}
    assert on(items_in_area(area_id=area.pk)) == {open_item.pk}
    assert meetings_in_area(area_id=area.pk, partnership=p).filter(pk=meeting.pk).exists()
    assert guests_public(partnership=p).filter(meeting=meeting).count() == 1

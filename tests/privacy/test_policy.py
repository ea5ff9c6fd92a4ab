"""L10: who may export and erase: operators for everyone, a secretariat for its own
partnership's people and rows; anyone else 403, a person elsewhere 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerskap.agreements.models import Partnership, Party
from partnerskap.agreements.services import agreement_import
from partnerskap.meetings.models import (
    Absence,
    Meeting,
)
from partnerskap.meetings.services.lifecycle import meeting_create
from partnerskap.people.models import Person, Role
from partnerskap.people.services import membership_create
from partnerskap.privacy import services
from partnerskap.privacy.selectors import subject_for_person
from tests.authorization.world import OTHER_SEED, OTHER_SLUG
from tests.privacy.conftest import Held, operator, subject_of
from tests.world import oslo

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- the policy


def test_l10_only_secretariats_and_operators_manage_personal_data(held: Held, request):
    url = f"/sekretariat/personvern/person/{held.person.pk}/"
    for persona, status in [
        ("as_member", 403),
        ("as_case_officer", 403),
        ("as_county_secretariat", 403),  # the role ended
        ("as_secretariat", 200),
        ("as_operator", 200),
    ]:
        client = request.getfixturevalue(persona)
        assert client.get(url).status_code == status, persona


def _other_council() -> Party:
    """Vestfold's council ↔ Telemark, another partnership (as the authorisation matrix's)."""
    agreement_import(
        data=OTHER_SEED.encode(),
        partnership_slug=OTHER_SLUG,
        in_force_from=dt.date(2025, 1, 1),
        actor=None,
    )
    return Partnership.objects.get(slug=OTHER_SLUG).parties.get(kind=Party.Kind.REGIONAL_COUNCIL)


def test_l10_a_secretariat_of_another_partnership_gets_404(held: Held):
    council = _other_council()
    other = User.objects.create_user("sekretariat-annet")
    vera = Person.objects.create(given_name="Vera", family_name="Vestfold", user=other)
    membership_create(
        person=vera,
        party=council,
        role=Role.SECRETARIAT,
        valid_from=dt.date(2025, 1, 1),
        actor=None,
    )
    client = Client()
    client.force_login(other)
    assert client.get(f"/sekretariat/personvern/person/{held.person.pk}/").status_code == 404
    assert client.post(f"/sekretariat/personvern/person/{held.person.pk}/slett/").status_code == 404
    assert client.get(f"/sekretariat/personvern/gjest/{held.guest.pk}/").status_code == 404
    listing = client.get("/sekretariat/personvern/").content.decode()
    assert "Vera" in listing
    assert "Aune" not in listing
    held.person.refresh_from_db()
    assert held.person.email


def test_l10_a_secretariat_sees_only_its_own_partnerships_rows(held: Held, world):
    council = _other_council()
    start = oslo(2026, 3, 10)
    meeting = meeting_create(
        partnership=Partnership.objects.get(slug=OTHER_SLUG),
        title="Partnerskapsmøte Vestfold",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location=world.location,
        form=Meeting.Form.IN_PERSON,
        actor=None,
    )
    Absence.objects.create(meeting=meeting, person=held.person, party=council, reason="Privat")
    secretariat = User.objects.get(username="sekretariat-radet")
    mine = services.personal_data_export(
        subject=subject_for_person(user=secretariat, person=held.person), actor=secretariat
    )
    everything = services.personal_data_export(subject=subject_of(held), actor=operator())
    assert "Privat" not in json.dumps(mine.as_json(), ensure_ascii=False)
    assert "Privat" in json.dumps(everything.as_json(), ensure_ascii=False)
    # An erasure by the secretariat leaves the other partnership's rows to its own people.
    services.personal_data_erase(
        subject=subject_for_person(user=secretariat, person=held.person),
        actor=secretariat,
        now=oslo(2028, 1, 1),
    )
    assert Absence.objects.get(meeting=meeting).reason == "Privat"

"""Elected bodies (create, rename, end) and places (create, correct) through their services,
each validated and audited."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.agreements.models import ElectedBody
from partnerskap.agreements.services import (
    elected_body_create,
    elected_body_end,
    elected_body_rename,
)
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.services.places import location_create, location_update
from tests.factories import PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_elected_body_is_created_renamed_and_ended_with_audit():
    actor = UserFactory()
    party = PartyFactory(short_name="Asker")
    body = elected_body_create(
        party=party,
        name=" Asker  formannskap ",
        kind=ElectedBody.Kind.EXECUTIVE_COMMITTEE,
        actor=actor,
    )
    assert body.name == "Asker formannskap"
    assert body.slug.startswith("asker-asker-formannskap")
    slug = body.slug
    elected_body_rename(body=body, name="Asker utvalg", actor=actor)
    body.refresh_from_db()
    assert (body.name, body.slug) == ("Asker utvalg", slug), "the address stays"
    elected_body_end(body=body, valid_to=dt.date(2024, 12, 31), actor=actor)
    body.refresh_from_db()
    assert body.valid_to == dt.date(2024, 12, 31)
    actions = list(
        AuditEntry.objects.filter(target_id=str(body.pk), actor=actor).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "agreements.body.created",
        "agreements.body.ended",
        "agreements.body.renamed",
    ]
    renamed = AuditEntry.objects.get(action="agreements.body.renamed")
    assert renamed.data == {
        "before": {"name": "Asker formannskap"},
        "after": {"name": "Asker utvalg"},
    }


def test_a_party_has_one_body_of_a_name_and_a_body_ends_once():
    party = PartyFactory()
    body = elected_body_create(
        party=party, name="Kommunestyret", kind="municipal_council", actor=None
    )
    with pytest.raises(DomainError) as exc:
        elected_body_create(party=party, name="kommunestyret", kind="other", actor=None)
    assert exc.value.field == "name"
    other = elected_body_create(
        party=PartyFactory(), name="Kommunestyret", kind="other", actor=None
    )
    assert other.slug != body.slug
    elected_body_end(body=body, valid_to=dt.date(2024, 1, 1), actor=None)
    with pytest.raises(DomainError):
        elected_body_end(body=body, valid_to=dt.date(2024, 2, 1), actor=None)


def test_a_place_is_registered_and_corrected_with_audit_of_the_changes():
    place = location_create(
        name="Asker rådhus",
        room="Formannskapssalen",
        address="Katrineåsveien 20, Asker",
        accessibility="Trinnfri inngang.",
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        location_create(name="asker rådhus", room="formannskapssalen", actor=None)
    assert exc.value.code == "meetings.place.exists"
    location_update(
        location=place,
        name="Asker rådhus",
        room="Formannskapssalen",
        address="Katrineåsveien 20, 1384 Asker",
        accessibility="Trinnfri inngang. Teleslynge.",
        actor=None,
    )
    place.refresh_from_db()
    assert place.accessibility == "Trinnfri inngang. Teleslynge."
    assert AuditEntry.objects.filter(action="meetings.place.created").count() == 1
    updated = AuditEntry.objects.get(action="meetings.place.updated")
    assert set(updated.data["after"]) == {"address", "accessibility"}
    with pytest.raises(DomainError):
        location_create(name="  ", actor=None)

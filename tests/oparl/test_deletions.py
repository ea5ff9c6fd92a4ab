"""``record_deletion``: the explicit call that leaves a tombstone for OParl clients (spec 2.8)
before a row that OParl shows is deleted."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.db import transaction

from partnerskap.meetings.models import Attendance
from partnerskap.oparl.deletions import record_deletion
from partnerskap.oparl.models import Tombstone
from partnerskap.people.models import Membership, Role
from partnerskap.people.services import membership_create
from tests.oparl.conftest import get

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2031, 1, 1, 12, tzinfo=dt.UTC)
SINCE = quote("2031-01-01T00:00:00+00:00", safe="")


def delete(obj) -> int:
    with time_machine.travel(LATER, tick=False), transaction.atomic():
        written = record_deletion(obj)
        obj.delete()
    return written


def test_a_deleted_membership_is_a_tombstone_and_changes_its_person(client, world):
    person = world.people["Storli"]
    membership = membership_create(
        person=person,
        party=world.council,
        role=Role.MEMBER,
        valid_from=dt.date(2024, 1, 1),
        actor=None,
    )
    body = world.partnership.pk
    url = f"http://testserver/oparl/v1/body/{body}/membership/delegate/{membership.pk}/"
    person_url = f"/oparl/v1/body/{body}/person/{person.pk}/"
    assert url in [m["id"] for m in get(client, person_url)["membership"]]

    assert delete(membership) == 1

    assert get(client, url)["deleted"] is True
    served = get(client, person_url)
    assert url not in [m["id"] for m in served["membership"]]
    assert served["modified"] == "2031-01-01T13:00:00+01:00"
    changed = get(client, f"/oparl/v1/body/{body}/memberships/?modified_since={SINCE}")["data"]
    assert changed == [get(client, url)]
    # The partnership meeting's list of memberships changed too.
    organizations = get(client, f"/oparl/v1/body/{body}/organizations/?modified_since={SINCE}")
    assert [o["id"] for o in organizations["data"]] == [
        f"http://testserver/oparl/v1/body/{body}/organization/partnership-meeting/{body}/"
    ]


def test_a_person_whose_last_seat_is_deleted_leaves_the_body_as_a_tombstone(client, world):
    person = world.people["Storli"]  # the council's substitute, on no committee
    body = world.partnership.pk
    person_url = f"/oparl/v1/body/{body}/person/{person.pk}/"
    get(client, person_url)

    assert delete(Membership.objects.get(person=person, role=Role.SUBSTITUTE)) == 2

    assert get(client, person_url)["deleted"] is True
    people = get(client, f"/oparl/v1/body/{body}/people/?modified_since={SINCE}")["data"]
    assert people == [get(client, person_url)]
    # Given a seat again, the person is back, listed once and live.
    membership_create(
        person=person,
        party=world.council,
        role=Role.SUBSTITUTE,
        valid_from=dt.date(2024, 1, 1),
        actor=None,
    )
    people = get(client, f"/oparl/v1/body/{body}/people/?modified_since={SINCE}")["data"]
    assert [p.get("deleted") for p in people] == [None]
    assert "deleted" not in get(client, person_url)


def test_a_deleted_proposal_takes_its_consultations_with_it(client, record):
    proposal = record.open_proposal
    follow_up = proposal.follow_ups.get()
    body = proposal.partnership_id
    with time_machine.travel(LATER, tick=False), transaction.atomic():
        written = record_deletion(proposal)
        follow_up.events.all().delete()
        proposal.follow_ups.all().delete()
        # (the item's PROTECT keeps the proposal itself; its tombstones are what we check)
    assert written == 3  # the paper, its meeting consultation, the follow-up
    kinds = set(Tombstone.objects.values_list("oparl_type", "kind"))
    assert kinds == {
        ("Paper", "proposal"),
        ("Consultation", "meeting"),
        ("Consultation", "follow-up"),
    }
    consultation = get(client, f"/oparl/v1/body/{body}/consultation/follow-up/{follow_up.pk}/")
    assert consultation["deleted"] is True
    assert consultation["modified"] == "2031-01-01T13:00:00+01:00"


def test_an_object_that_was_never_public_leaves_no_tombstone(record):
    assert record_deletion(record.closed_proposal) == 0
    assert record_deletion(record.closed_committee) == 0
    assert not Tombstone.objects.exists()


def test_a_model_oparl_does_not_show_is_refused(world, published):
    meeting = published()
    attendance = Attendance(meeting=meeting, person=world.people["Aasheim"], party=world.council)
    with pytest.raises(TypeError, match="Attendance"):
        record_deletion(attendance)


def test_recording_twice_keeps_one_tombstone(world):
    meeting = world.meeting()
    assert record_deletion(meeting) == 1
    assert record_deletion(meeting) == 1
    assert Tombstone.objects.count() == 1

"""A11: the meeting decides a committee's composition, each person once. The service refuses a
person named twice itself (not only the back-office form and the database constraint), naming
the person, before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.committees.services import Member, committee_establish
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def establish(world, item, members):
    return committee_establish(
        item=item,
        name="Arbeidsutvalg for innfartsparkering",
        task="Kartlegge behovet",
        mandate="Utvalget skal …",
        starts_on=dt.date(2022, 4, 1),
        ends_on=dt.date(2022, 12, 31),
        members=members,
        areas=world.areas[1:2],
        actor=None,
    )


@pytest.fixture
def decision(proposal_item):
    return proposal_item(
        kind=AgendaItem.Kind.PROCEDURAL,
        outcome=AgendaItem.Outcome.PROCEDURAL,
        procedural_subject="committee",
    )


@pytest.mark.parametrize("other_party", [False, True], ids=["same-party", "other-party"])
def test_a11_a_person_named_twice_is_refused_by_the_service_and_nothing_is_written(
    world, decision, other_party
):
    eikeland, rustad = world.people["Eikeland"], world.people["Rustad"]
    members = [
        Member(eikeland, world.council, CommitteeMembership.Role.LEADER),
        Member(rustad, world.county),
        Member(eikeland, world.county if other_party else world.council),
    ]
    with pytest.raises(DomainError) as exc:
        establish(world, decision, members)
    assert (exc.value.code, exc.value.field) == ("committees.member_twice", "members")
    assert str(eikeland) in str(exc.value), "the message names the person"
    assert str(rustad) not in str(exc.value)
    assert not Committee.objects.exists()
    assert not CommitteeMembership.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="committees.").exists()

    committee = establish(world, decision, members[:2])
    assert committee.members.count() == 2, "the same decision sets it up once corrected"


def test_a11_every_person_named_twice_is_listed(world, decision):
    eikeland, rustad = world.people["Eikeland"], world.people["Rustad"]
    members = [
        Member(eikeland, world.council),
        Member(rustad, world.county),
        Member(eikeland, world.council),
        Member(rustad, world.county),
        Member(rustad, world.county),
    ]
    with pytest.raises(DomainError) as exc:
        establish(world, decision, members)
    message = str(exc.value)
    assert message.count(str(eikeland)) == 1
    assert message.count(str(rustad)) == 1
    assert not Committee.objects.exists()

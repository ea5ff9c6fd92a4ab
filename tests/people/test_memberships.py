"""Memberships: one chair and one deputy chair at a time per council (A8's foundation)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from partnerskap.core.errors import DomainError
from partnerskap.people.models import Role
from partnerskap.people.services import membership_create, membership_end
from tests.factories import MembershipFactory, PartyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a8_one_current_chair_per_council_in_the_database():
    council = PartyFactory()
    MembershipFactory(party=council, role=Role.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(party=council, role=Role.CHAIR)
    MembershipFactory(party=council, role=Role.DEPUTY_CHAIR)  # the deputy is another role
    MembershipFactory(party=PartyFactory(), role=Role.CHAIR)  # another council


def test_a8_overlapping_chair_periods_are_refused_by_the_service():
    council = PartyFactory()
    first = membership_create(
        person=PersonFactory(),
        party=council,
        role=Role.CHAIR,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 12, 31),
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        membership_create(
            person=PersonFactory(),
            party=council,
            role=Role.CHAIR,
            valid_from=dt.date(2021, 6, 1),
            actor=None,
        )
    assert exc.value.code == "people.membership.role_taken"
    assert str(first.person) in str(exc.value)
    successor = membership_create(
        person=PersonFactory(),
        party=council,
        role=Role.CHAIR,
        valid_from=dt.date(2022, 1, 1),
        actor=None,
    )
    assert successor.is_active_on(dt.date(2022, 1, 1))
    assert not first.is_active_on(dt.date(2022, 1, 1))


def test_members_may_be_many_and_periods_must_end_after_they_start():
    council = PartyFactory()
    for _ in range(3):
        membership_create(
            person=PersonFactory(),
            party=council,
            role=Role.MEMBER,
            valid_from=dt.date(2020, 1, 1),
            actor=None,
        )
    membership = MembershipFactory(party=council)
    with pytest.raises(DomainError) as exc:
        membership_end(membership=membership, valid_to=dt.date(2019, 1, 1), actor=None)
    assert exc.value.code == "people.membership.ends_before_start"
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(valid_from=dt.date(2021, 1, 1), valid_to=dt.date(2020, 1, 1))


def test_a8_ending_a_chair_later_may_not_overlap_the_next_chair():
    council = PartyFactory()
    first = membership_create(
        person=PersonFactory(),
        party=council,
        role=Role.CHAIR,
        valid_from=dt.date(2016, 1, 1),
        valid_to=dt.date(2019, 12, 31),
        actor=None,
    )
    membership_create(
        person=PersonFactory(),
        party=council,
        role=Role.CHAIR,
        valid_from=dt.date(2020, 1, 1),
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        membership_end(membership=first, valid_to=dt.date(2020, 6, 30), actor=None)
    assert exc.value.code == "people.membership.role_taken"
    first.refresh_from_db()
    assert first.valid_to == dt.date(2019, 12, 31)
    # ending it earlier, or moving a member's end, is fine
    membership_end(membership=first, valid_to=dt.date(2019, 6, 30), actor=None)
    member = MembershipFactory(party=council, valid_to=dt.date(2020, 12, 31))
    membership_end(membership=member, valid_to=dt.date(2024, 12, 31), actor=None)

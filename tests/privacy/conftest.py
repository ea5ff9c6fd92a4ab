"""A data subject with something in every provider: Petter Aune, Viken's secretariat, whose
role ended on 31.12.2023 (login ``sekretariat-viken``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.api.services import api_token_create
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.core import audit
from partnerskap.core.models import OutboundMessage
from partnerskap.meetings.models import (
    Absence,
    AgendaItem,
    Attendance,
    Disqualification,
    GuestInvitation,
    Meeting,
    Minutes,
    Vote,
)
from partnerskap.people.models import Person, SignInIdentity
from partnerskap.privacy.registry import Subject
from partnerskap.privacy.selectors import subject_for_person
from partnerskap.privacy.services import Export
from partnerskap.subscriptions import limits
from partnerskap.subscriptions.models import Subscription
from tests.world import World, oslo

#: "Today" in these tests: the demo's Viken roles ended 31.12.2023.
TODAY = oslo(2026, 12, 7, 12)


@dataclass
class Held:
    person: Person
    user: User
    old_meeting: Meeting
    recent_meeting: Meeting
    item: AgendaItem
    token_secret: str
    minutes: Minutes
    guest: GuestInvitation
    approved_guest: GuestInvitation


def _guest(meeting: Meeting, world: World, name: str) -> GuestInvitation:
    return GuestInvitation.objects.create(
        meeting=meeting,
        inviting_party=world.council,
        guest_name=name,
        guest_role="Rådgiver «KS» <b>",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        notified_other_party_at=meeting.starts_at - dt.timedelta(days=10),
        notice_deadline=meeting.starts_at - dt.timedelta(days=7),
    )


@pytest.fixture
def held(world: World) -> Held:
    person = Person.objects.get(family_name="Aune")
    person.email = "Petter.Aune@viken.example"
    person.save()
    user = person.user
    assert user is not None
    user.email = "petter.aune@viken.example"
    user.save()
    old = world.meeting(oslo(2022, 3, 15))
    item = world.item(old)
    recent = world.meeting(oslo(2026, 10, 1))
    later = world.meeting(oslo(2023, 11, 1))
    Attendance.objects.create(
        meeting=old, person=person, party=world.county, capacity="member", present=True
    )
    Vote.objects.create(item=item, motion="Innstillingen «A»", party=world.county, choice="for")
    Absence.objects.create(meeting=later, person=person, party=world.county, reason="Sykdom")
    Absence.objects.create(meeting=recent, person=person, party=world.county, reason="Ferie")
    Disqualification.objects.create(meeting=old, item=item, person=person, reason="Min bror")
    minutes = Minutes.objects.create(
        meeting=old,
        status=Minutes.Status.APPROVED,
        approved_at=old.ends_at,
        content={"public": {"attended": [{"name": "Petter Aune", "party": "Viken"}]}},
    )
    committee = Committee.objects.create(
        partnership=world.partnership,
        name="Utvalg for transport",
        established_by=item,
        starts_on=dt.date(2022, 4, 1),
        ends_on=dt.date(2022, 12, 31),
        task="Utrede",
        mandate="Mandat",
    )
    CommitteeMembership.objects.create(
        committee=committee, person=person, party=world.county, role="member"
    )
    OutboundMessage.objects.create(
        key="notice-1", message_id="<1@x>", to="petter.aune@viken.example", subject="Innkalling"
    )
    OutboundMessage.objects.filter(key="notice-1").update(created=oslo(2022, 3, 1))
    SignInIdentity.objects.create(person=person, issuer="https://idp.example", subject="sub-aune")
    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    StaticDevice.objects.create(user=user, name="Reservekoder")
    secret = api_token_create(user=user, name="ePhorte Viken", actor=None).secret
    audit.record("meetings.notice.published", actor=user, target=old)
    guest = _guest(later, world, "Gunnar Gjest")
    approved_guest = _guest(old, world, "Gunnar Gjest")
    Subscription.objects.create(  # the person also follows the partnership by e-mail
        email="petter.aune@viken.example",
        address_key=limits.address_key("petter.aune@viken.example"),
        topic=Subscription.Topic.PARTNERSHIP,
        partnership=world.partnership,
        target=f"partnership:{world.partnership.pk}",
        confirmed_at=oslo(2022, 1, 5),
    )
    return Held(person, user, old, recent, item, secret, minutes, guest, approved_guest)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def operator() -> User:
    return User.objects.get(username="admin")


def subject_of(held: Held) -> Subject:
    """The person as an operator asks about them (every partnership)."""
    return subject_for_person(user=operator(), person=held.person)


def sections_of(export: Export) -> dict[str, list[dict[str, object]]]:
    return {s.key: s.rows for s in export.sections}

"""Absence, substitutes and attendance (L7), guests (A13)."""

from __future__ import annotations

import pytest
import time_machine

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import Attendance, GuestInvitation
from partnerskap.meetings.services.attendance import (
    absence_register,
    attendance_record,
    guest_invite,
    substitute_call_in,
)
from partnerskap.meetings.services.lifecycle import meeting_record_held
from tests.factories import PersonFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db


def test_l7_absence_has_a_reason_and_only_members_register_it(world):
    meeting = world.meeting()
    with pytest.raises(DomainError) as exc:
        absence_register(meeting=meeting, person=world.people["Eikeland"], reason="", actor=None)
    assert exc.value.code == "meetings.absence.reason_required"
    with pytest.raises(DomainError) as exc:
        absence_register(meeting=meeting, person=PersonFactory(), reason="Syk", actor=None)
    assert exc.value.code == "meetings.attendance.not_a_member"


def test_l7_substitute_comes_from_the_absent_members_party(world):
    meeting = world.meeting()
    eikeland = world.people["Eikeland"]  # council member
    with pytest.raises(DomainError) as exc:
        substitute_call_in(
            meeting=meeting, substitute=world.people["Storli"], for_person=eikeland, actor=None
        )
    assert exc.value.code == "meetings.substitute.no_absence"
    absence_register(meeting=meeting, person=eikeland, reason="Annet møte", actor=None)
    with pytest.raises(DomainError) as exc:  # Berget is Viken's substitute
        substitute_call_in(
            meeting=meeting, substitute=world.people["Berget"], for_person=eikeland, actor=None
        )
    assert exc.value.code == "meetings.substitute.wrong_party"
    attendance = substitute_call_in(
        meeting=meeting, substitute=world.people["Storli"], for_person=eikeland, actor=None
    )
    assert attendance.capacity == Attendance.Capacity.SUBSTITUTE
    assert attendance.party == world.council
    with pytest.raises(ConflictError):
        substitute_call_in(
            meeting=meeting, substitute=world.people["Storli"], for_person=eikeland, actor=None
        )


def test_l7_registered_absent_member_cannot_be_recorded_present(world, published):
    meeting = published()
    absence_register(meeting=meeting, person=world.people["Rustad"], reason="Syk", actor=None)
    with pytest.raises(DomainError) as exc:
        attendance_record(meeting=meeting, present={world.people["Rustad"]: True}, actor=None)
    assert exc.value.code == "meetings.attendance.registered_absent"
    records = attendance_record(
        meeting=meeting,
        present={world.people["Fjeldstad"]: True, world.people["Haugen"]: False},
        actor=None,
    )
    assert {(r.person.family_name, r.party.slug, r.present) for r in records} == {
        ("Fjeldstad", "viken-fylkeskommune", True),
        ("Haugen", "viken-fylkeskommune", False),
    }


def test_l7_absence_cannot_be_registered_after_the_meeting(world, published):
    meeting = published()
    meeting_record_held(meeting=meeting, actor=None)
    with pytest.raises(ConflictError):
        absence_register(meeting=meeting, person=world.people["Rustad"], reason="Syk", actor=None)


@pytest.mark.parametrize(
    ("invited_at", "late"), [(oslo(2022, 3, 8, 10), False), (oslo(2022, 3, 12), True)]
)
def test_a13_guest_notice_is_flagged_when_later_than_the_lead_time(
    world, invited_at, late, jobs_after, mailoutbox
):
    meeting = world.meeting(oslo(2022, 3, 15, 10))
    with (
        time_machine.travel(invited_at, tick=False),
        jobs_after(),
    ):
        invitation = guest_invite(
            meeting=meeting,
            inviting_party=world.county,
            guest_name="Dr. Åse «Ekspert»",
            guest_role="Forsker, transportøkonomi",
            guest_kind=GuestInvitation.GuestKind.EXPERT,
            actor=None,
        )
    assert invitation.notified_other_party_at == invited_at
    assert invitation.notice_is_late is late
    # the other party's secretariat is told, not the inviting party's
    assert [m.to for m in mailoutbox] == [["sekretariat-radet@demo.partnerskap.invalid"]]


def test_a13_guest_lead_time_is_a_partnership_setting(world):
    world.partnership.guest_notice_lead_days = 2
    world.partnership.save()
    meeting = world.meeting(oslo(2022, 3, 15, 10))
    with time_machine.travel(oslo(2022, 3, 12), tick=False):
        invitation = guest_invite(
            meeting=meeting,
            inviting_party=world.council,
            guest_name="Ordfører",
            guest_role="Ordfører",
            guest_kind=GuestInvitation.GuestKind.ELECTED_OFFICIAL,
            actor=None,
        )
    assert not invitation.notice_is_late

"""Who chairs (A8) and the elected chair (L6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.services.attendance import absence_register, attendance_record
from partnerskap.meetings.services.chair import meeting_chair, meeting_elect_chair, resolve_chair
from partnerskap.meetings.services.lifecycle import meeting_record_held

Reason = Meeting.ChairReason
CHAIR, DEPUTY, OTHER = 1, 2, 3


@given(
    absent=st.sets(st.sampled_from([CHAIR, DEPUTY, OTHER])),
    elected=st.sampled_from([None, OTHER]),
)
def test_a8_l6_chair_resolution_over_any_absences(absent, elected):
    person, reason = resolve_chair(chair=CHAIR, deputy=DEPUTY, absent=absent, elected=elected)
    if CHAIR not in absent:
        assert (person, reason) == (CHAIR, Reason.CHAIR)
    elif DEPUTY not in absent:
        assert (person, reason) == (DEPUTY, Reason.DEPUTY)
    elif elected is not None and elected not in absent:
        assert (person, reason) == (OTHER, Reason.ELECTED)
    else:
        assert (person, reason) == (None, "")
    assert person is None or person not in absent


@pytest.mark.django_db
def test_a8_chair_leads_without_absence(world, published):
    meeting = published()
    meeting_record_held(meeting=meeting, actor=None)
    assert meeting.chaired_by == world.people["Aasheim"]
    assert meeting.chair_reason == Reason.CHAIR


@pytest.mark.django_db
def test_a8_deputy_chairs_when_chair_has_absence(world, published):
    meeting = published()
    absence_register(meeting=meeting, person=world.people["Aasheim"], reason="Sykdom", actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    assert meeting.chaired_by == world.people["Lindeberg"]
    assert meeting.chair_reason == Reason.DEPUTY


@pytest.mark.django_db
def test_l6_both_absent_needs_an_elected_chair_who_attends(world, published):
    meeting = published()
    for name in ("Aasheim", "Lindeberg"):
        absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
    with pytest.raises(DomainError) as exc:
        meeting_record_held(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.chair.election_needed"
    with pytest.raises(DomainError) as exc:
        meeting_elect_chair(meeting=meeting, person=world.people["Eikeland"], actor=None)
    assert exc.value.code == "meetings.chair.not_attending"
    attendance_record(meeting=meeting, present={world.people["Eikeland"]: True}, actor=None)
    meeting_elect_chair(meeting=meeting, person=world.people["Eikeland"], actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    assert meeting.chaired_by == world.people["Eikeland"]
    assert meeting.chair_reason == Reason.ELECTED


@pytest.mark.django_db
def test_l6_no_election_while_chair_or_deputy_is_there(world, published):
    meeting = published()
    with pytest.raises(DomainError) as exc:
        meeting_elect_chair(meeting=meeting, person=world.people["Eikeland"], actor=None)
    assert exc.value.code == "meetings.chair.not_needed"
    assert meeting_chair(meeting=meeting).person == world.people["Aasheim"]

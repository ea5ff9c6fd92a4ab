"""The meeting's steps in time (L4): a meeting is recorded as held only once it has started,
and its minutes are approved only after it is held."""

from __future__ import annotations

import pytest
import time_machine

from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from tests.world import oslo

pytestmark = pytest.mark.django_db
Status = Meeting.Status


def test_l4_meeting_cannot_be_recorded_held_before_it_starts(published):
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        with pytest.raises(DomainError) as exc:
            meeting_record_held(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.meeting.not_started"
    assert "15.03.2022" in str(exc.value)
    meeting.refresh_from_db()
    assert meeting.status == Status.NOTICE_PUBLISHED
    with time_machine.travel(oslo(2022, 3, 15, 10, 5), tick=False):
        meeting_record_held(meeting=meeting, actor=None)
    assert meeting.status == Status.HELD


def test_l4_minutes_cannot_be_approved_before_the_meeting_is_held(published):
    """A meeting wrongly recorded as held ahead of time (as meeting 12 was, before the guard)
    gets no minutes until it has taken place."""
    with time_machine.travel(oslo(2022, 3, 1), tick=False):
        meeting = published(oslo(2022, 3, 15))
        for item in meeting.items.all():
            agenda_item_record_outcome(
                item=item, outcome=AgendaItem.Outcome.NOTED, outcome_text="", actor=None
            )
        Meeting.objects.filter(pk=meeting.pk).update(status=Status.HELD)
        meeting.refresh_from_db()
        with pytest.raises(DomainError) as drafted:
            minutes_draft(meeting=meeting, actor=None)
        assert drafted.value.code == "meetings.minutes.meeting_not_held"
    with time_machine.travel(oslo(2022, 3, 16), tick=False):
        draft = minutes_draft(meeting=meeting, actor=None)
    with time_machine.travel(oslo(2022, 3, 1), tick=False), pytest.raises(DomainError) as exc:
        minutes_approve(minutes=draft, actor=None)
    assert exc.value.code == "meetings.minutes.meeting_not_held"
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD

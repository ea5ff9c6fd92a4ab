"""The notice's deadline and what blocks it (L1), as rule functions: the service that publishes
the notice and the dashboard that warns about it ask the same functions."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import translation

from partnerskap.backoffice.selectors import boards_for
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.meetings.services.rules import NoticeBlocker, notice_blockers, notice_deadline
from partnerskap.people import policy
from tests.factories import UserFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db


def test_l1_the_deadline_is_the_lead_time_before_the_start_in_calendar_days_in_oslo(world):
    # DST starts 27 March 2022: ten days before 10:00 on 1 April is 10:00 on 22 March, local.
    meeting = world.meeting(oslo(2022, 4, 1, 10))
    assert notice_deadline(meeting=meeting) == oslo(2022, 3, 22, 10)
    world.partnership.notice_lead_days = 14
    assert notice_deadline(meeting=meeting) == oslo(2022, 3, 18, 10)


def test_l1_the_published_notice_records_the_rule_s_deadline(world):
    meeting = world.meeting(oslo(2022, 4, 1, 10))
    world.item(meeting)
    with time_machine.travel(oslo(2022, 3, 25, 9), tick=False):
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    assert notice.deadline == notice_deadline(meeting=meeting)


def test_l1_blockers_are_an_empty_agenda_and_no_place_unless_remote(world):
    meeting = world.meeting()
    assert notice_blockers(meeting=meeting) == [NoticeBlocker.NO_ITEMS]
    meeting.location = None
    assert notice_blockers(meeting=meeting) == [NoticeBlocker.NO_ITEMS, NoticeBlocker.NO_PLACE]
    assert notice_blockers(meeting=meeting, has_items=True) == [NoticeBlocker.NO_PLACE]
    meeting.form = Meeting.Form.REMOTE
    assert notice_blockers(meeting=meeting, has_items=True) == []
    world.item(meeting)
    assert notice_blockers(meeting=meeting) == []


def test_l1_publishing_refuses_for_the_first_blocker_with_its_code(world):
    meeting = world.meeting()
    meeting.location = None
    with pytest.raises(DomainError) as exc:
        meeting_publish_notice(meeting=meeting, actor=None)
    assert exc.value.code == NoticeBlocker.NO_ITEMS == "meetings.notice.no_items"
    world.item(meeting)
    with pytest.raises(DomainError) as exc:
        meeting_publish_notice(meeting=meeting, actor=None)
    assert exc.value.code == NoticeBlocker.NO_PLACE == "meetings.notice.no_place"


def test_l1_the_dashboard_warns_of_what_the_service_would_refuse_and_the_same_deadline(world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with time_machine.travel(oslo(2022, 3, 1, 9), tick=False), translation.override("en"):
        meeting = world.meeting(oslo(2022, 4, 1, 10))
        meeting.location = None
        meeting.save()
        board = next(
            b
            for b in boards_for(policy.partnerships_visible(admin), user=admin)
            if b.partnership == world.partnership
        )
    assert board.next_meeting == meeting
    due = notice_deadline(meeting=meeting).strftime("%d.%m.%Y")
    assert board.lacks == [
        "The agenda is empty.",
        "No place is set.",
        f"The notice is not published (due {due}).",
    ]

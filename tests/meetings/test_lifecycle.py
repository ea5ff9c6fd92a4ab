"""Meeting lifecycle, requests (A5), notice (L1), openness (L2) and the period (A18)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerskap.agreements.models import Party
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import OutboundMessage
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.notifications import notice_published
from partnerskap.meetings.selectors import agenda_public, meeting_requests_open
from partnerskap.meetings.services.lifecycle import (
    TRANSITIONS,
    meeting_cancel,
    meeting_create,
    meeting_postpone,
    meeting_publish_notice,
    meeting_record_held,
    meeting_request_create,
    meeting_reschedule,
)
from tests.factories import PartyFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db
Status = Meeting.Status


def test_lifecycle_runs_planned_notice_held(world, published):
    meeting = published()
    assert meeting.status == Status.NOTICE_PUBLISHED
    meeting_record_held(meeting=meeting, actor=None)
    assert meeting.status == Status.HELD


def test_illegal_transitions_are_refused_with_a_clear_error(world):
    meeting = world.meeting()
    with pytest.raises(ConflictError) as exc:
        meeting_record_held(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.meeting.illegal_transition"
    meeting_cancel(meeting=meeting, reason="Ingen saker", actor=None)
    with pytest.raises(ConflictError):
        meeting_postpone(meeting=meeting, reason="x", actor=None)
    assert TRANSITIONS[Status.CANCELLED] == set()


def test_cancel_and_postpone_need_a_reason(world):
    meeting = world.meeting()
    with pytest.raises(DomainError) as exc:
        meeting_postpone(meeting=meeting, reason="  ", actor=None)
    assert exc.value.code == "meetings.meeting.reason_required"
    meeting_postpone(meeting=meeting, reason="Kolliderer med budsjettmøtet", actor=None)
    assert meeting.status_reason == "Kolliderer med budsjettmøtet"
    meeting_reschedule(
        meeting=meeting, starts_at=oslo(2022, 4, 5), ends_at=oslo(2022, 4, 5, 13), actor=None
    )
    assert meeting.status == Status.PLANNED


def test_meeting_must_end_after_it_starts(world):
    with pytest.raises(DomainError) as exc:
        meeting_create(
            partnership=world.partnership,
            title="x",
            starts_at=oslo(2022, 1, 1, 12),
            ends_at=oslo(2022, 1, 1, 11),
            actor=None,
        )
    assert exc.value.code == "meetings.meeting.ends_before_start"


def test_a18_meeting_outside_the_period_is_allowed_but_flagged(world):
    assert world.meeting(oslo(2025, 2, 1)).is_outside_period
    assert not world.meeting(oslo(2024, 12, 31)).is_outside_period


def test_a5_request_stays_open_until_a_meeting_is_convened_for_it(world, jobs_after, mailoutbox):
    with jobs_after():
        request = meeting_request_create(
            partnership=world.partnership,
            requesting_party=world.county,
            reason="Behov for å drøfte <b>bompenger</b>",
            requested_on=dt.date(2022, 4, 20),
            wished_date=dt.date(2022, 5, 1),
            actor=None,
        )
    assert list(meeting_requests_open(partnership=world.partnership)) == [request]
    # the other party's secretariat is told; the requesting party's is not
    assert [m.to for m in mailoutbox] == [["sekretariat-radet@demo.partnerskap.invalid"]]
    meeting = meeting_create(
        partnership=world.partnership,
        title="Ekstraordinært møte",
        starts_at=oslo(2022, 5, 2),
        ends_at=oslo(2022, 5, 2, 12),
        request=request,
        actor=None,
    )
    assert meeting.requested_by == request
    assert list(meeting_requests_open(partnership=world.partnership)) == []
    with pytest.raises(ConflictError) as exc:
        meeting_create(
            partnership=world.partnership,
            title="Igjen",
            starts_at=oslo(2022, 5, 3),
            ends_at=oslo(2022, 5, 3, 12),
            request=request,
            actor=None,
        )
    assert exc.value.code == "meetings.request.already_convened"


def test_a1_a5_a_party_that_has_ended_acts_only_through_its_successor(world):
    """Viken ended on 31.12.2023; its successor Akershus acts in its seat from the day after
    (the request is recorded in the seat). A party that ended with no successor cannot act."""
    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.county,
        reason="Nytt møte",
        requested_on=dt.date(2024, 2, 1),
        actor=None,
    )
    assert request.requesting_party == world.county
    Party.objects.filter(pk=world.county.pk).update(successor=None)
    world.county.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        meeting_request_create(
            partnership=world.partnership,
            requesting_party=world.county,
            reason="Nytt møte",
            requested_on=dt.date(2024, 3, 1),
            actor=None,
        )
    assert exc.value.code == "meetings.party_ended"


def test_a5_only_a_party_may_request_and_must_say_why(world):
    with pytest.raises(DomainError) as exc:
        meeting_request_create(
            partnership=world.partnership, requesting_party=PartyFactory(), reason="x", actor=None
        )
    assert exc.value.code == "meetings.not_a_party"
    with pytest.raises(DomainError) as exc:
        meeting_request_create(
            partnership=world.partnership, requesting_party=world.council, reason=" ", actor=None
        )
    assert exc.value.code == "meetings.request.reason_required"


def test_l1_notice_needs_items_and_a_place(world):
    meeting = world.meeting()
    with pytest.raises(DomainError) as exc:
        meeting_publish_notice(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.notice.no_items"
    world.item(meeting)
    meeting.location = None
    with pytest.raises(DomainError) as exc:
        meeting_publish_notice(meeting=meeting, actor=None)
    assert exc.value.code == "meetings.notice.no_place"


def test_l1_l2_publishing_the_notice_publishes_the_agenda_at_once(world):
    meeting = world.meeting()
    item = world.item(meeting, title="Bussruter i Bærum")
    assert agenda_public(meeting=meeting) == [], "the agenda is not public before the notice"
    with time_machine.travel(oslo(2022, 3, 1, 9), tick=False):
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    assert notice.published_at == oslo(2022, 3, 1, 9)
    public = agenda_public(meeting=meeting)
    assert [(p.case_number, p.title, p.closed) for p in public] == [
        (item.case_number, "Bussruter i Bærum", False)
    ]


@pytest.mark.parametrize(
    ("published_at", "late"),
    [
        (oslo(2022, 3, 5, 10), False),  # exactly ten days before
        (oslo(2022, 3, 5, 10, 1), True),
        (oslo(2022, 3, 14, 8), True),
    ],
)
def test_l1_notice_later_than_the_lead_time_is_flagged(world, published_at, late):
    meeting = world.meeting(oslo(2022, 3, 15, 10))
    world.item(meeting)
    with time_machine.travel(published_at, tick=False):
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    assert notice.is_late is late


def test_l1_lead_time_counts_calendar_days_in_oslo_across_dst(world):
    # DST starts 27 March 2022: ten days before 10:00 on 1 April is 10:00 on 22 March, local.
    meeting = world.meeting(oslo(2022, 4, 1, 10))
    world.item(meeting)
    with time_machine.travel(oslo(2022, 3, 22, 9, 30), tick=False):
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    assert notice.deadline == oslo(2022, 3, 22, 10)
    assert not notice.is_late


def test_l1_lead_time_is_a_partnership_setting(world):
    world.partnership.notice_lead_days = 14
    world.partnership.save()
    meeting = world.meeting(oslo(2023, 1, 10))  # across the year boundary
    world.item(meeting)
    with time_machine.travel(oslo(2022, 12, 28, 10), tick=False):
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    assert notice.deadline == oslo(2022, 12, 27, 10)
    assert notice.is_late


def test_l1_notice_is_sent_once_to_members_substitutes_and_both_secretariats(
    world, jobs_after, mailoutbox
):
    meeting = world.meeting()
    world.item(meeting)
    with jobs_after():
        notice = meeting_publish_notice(meeting=meeting, actor=None)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert "leder@demo.partnerskap.invalid" in recipients
    assert {"sekretariat-radet@demo.partnerskap.invalid"} <= set(recipients)
    assert sum("sekretariat" in r for r in recipients) >= 2  # both parties' secretariats
    assert len(recipients) == len(set(recipients))
    assert all(m.extra_headers["Message-ID"].startswith("<") for m in mailoutbox)
    sent = len(mailoutbox)
    notice_published(notice_id=notice.pk)  # a retry sends nothing twice
    assert len(mailoutbox) == sent
    assert OutboundMessage.objects.filter(sent_at__isnull=False).count() == sent

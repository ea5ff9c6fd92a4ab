"""The feeds' batched reads give exactly what the single-meeting public selectors give."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.selectors import areas_current
from partnerskap.feeds.selectors import (
    Scope,
    meetings_in_scope,
    minutes_latest_public,
    scope_for,
)
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.selectors import (
    agenda_public,
    agendas_public,
    meetings_public,
    minutes_public,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct
from tests.feeds.conftest import make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


def test_l3_agendas_public_matches_agenda_public_for_every_meeting(demo, world):
    make_record(world, when=oslo(2023, 6, 1))
    unpublished = world.meeting(oslo(2023, 9, 1))
    world.item(unpublished)
    meetings = list(meetings_public())
    with CaptureQueriesContext(connection) as context:
        batched = agendas_public(meetings)
    assert len(context.captured_queries) == 1
    assert any(item.closed for agenda in batched.values() for item in agenda)
    assert batched[unpublished.pk] == []
    for meeting in meetings:
        assert batched[meeting.pk] == agenda_public(meeting=meeting), meeting


def test_l4_latest_minutes_match_minutes_public(demo, world):
    record = make_record(world, when=oslo(2023, 6, 1))
    minutes_approve(
        minutes=minutes_correct(meeting=record.meeting, reason="Retting", actor=None), actor=None
    )
    with CaptureQueriesContext(connection) as context:
        latest = minutes_latest_public(meetings_public(), limit=100)
    assert len(context.captured_queries) == 1
    by_meeting = {m.meeting.pk: m for m in latest}
    approved = Meeting.objects.filter(minutes__status="approved").distinct()
    assert set(by_meeting) == set(approved.values_list("pk", flat=True))
    for meeting in approved:
        expected = minutes_public(meeting=meeting)
        assert expected is not None
        got = by_meeting[meeting.pk]
        assert (got.version, got.approved_at, got.correction_reason) == (
            expected.pop("version"),
            expected.pop("approved_at"),
            expected.pop("correction_reason"),
        )
        assert got.public == expected
        assert "internal" not in got.public
    assert by_meeting[record.meeting.pk].version == 2
    approvals = [m.approved_at for m in latest]
    assert approvals == sorted(approvals, reverse=True)


def test_area_meetings_are_those_whose_public_agenda_has_an_open_item_there(demo):
    partnership = demo.partnership
    for area in areas_current(partnership=partnership):
        expected = set()
        for meeting in meetings_public(partnership=partnership):
            open_ids = {item.pk for item in agenda_public(meeting=meeting) if not item.closed}
            in_area = set(AgendaItem.objects.filter(areas=area).values_list("pk", flat=True))
            if open_ids & in_area:
                expected.add(meeting.pk)
        scope = Scope(partnership=partnership, area=area)
        assert set(meetings_in_scope(scope).values_list("pk", flat=True)) == expected, area


def test_scope_refuses_unknown_and_retired_areas(demo):
    partnership = demo.partnership
    area = areas_current(partnership=partnership).first()
    assert scope_for(partnership.slug, area.slug).area == area
    with pytest.raises(AgendaItem.areas.rel.model.DoesNotExist):
        scope_for(partnership.slug, "finnes-ikke")
    with pytest.raises(type(partnership).DoesNotExist):
        scope_for("finnes-ikke")

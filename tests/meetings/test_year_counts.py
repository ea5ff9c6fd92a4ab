"""A year's meetings as the rules count them: held meetings as held only once they have taken
place (A4), and meetings beyond the adopted annual cycle with no request behind them flagged
(A5), on the back office's year page and dashboard, the public year page and the annual PDF's
figures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache

from partnerskap.backoffice.selectors import meetings_counted_by_year
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry, Meeting
from partnerskap.meetings.selectors import (
    compliance_for_years,
    meetings_beyond_cycle,
    meetings_beyond_cycle_in,
)
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_request_create
from partnerskap.reports.annual import annual_report_data
from tests.world import oslo

pytestmark = pytest.mark.django_db
Status = Meeting.Status


@pytest.fixture
def june_2024():
    with time_machine.travel(oslo(2024, 6, 3), tick=True):
        yield


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def _recorded(world, when: dt.datetime, status: str) -> Meeting:
    """A meeting whose record says ``status`` (written directly: the L4 guard that refuses a
    meeting held before it starts is another slice's; the count must not trust the record)."""
    meeting = world.meeting(when)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    return meeting


def test_a4_a_meeting_recorded_as_held_before_its_day_counts_as_planned(client, world, june_2024):
    _recorded(world, oslo(2024, 3, 12), Status.MINUTES_APPROVED)
    _recorded(world, oslo(2024, 4, 20), Status.HELD)
    _recorded(world, oslo(2024, 12, 21), Status.MINUTES_APPROVED)  # the meeting 12
    _recorded(world, oslo(2024, 10, 1), Status.PLANNED)

    (year,) = [y for y in compliance_for_years(partnership=world.partnership) if y.year == 2024]
    assert (year.planned, year.held) == (4, 2)
    counted = meetings_counted_by_year(partnerships=[world.partnership])
    assert counted[(world.partnership.pk, 2024)] == {"planned": 4, "held": 2}
    report = annual_report_data(partnership=world.partnership, year=2024)
    assert report.compliance is not None
    assert (report.compliance.planned, report.compliance.held) == (4, 2)

    # The back office's year page and the public year page say the same.
    login(client, "sekretariat-radet")
    html = client.get(f"/sekretariat/arshjul/{world.partnership.slug}/2024/").content.decode()
    assert "4 planlagt, 2 avholdt" in html or "4 planned, 2 held" in html
    cache.clear()
    public = client.get(f"/{world.partnership.slug}/ar/2024/").content.decode()
    assert "2 møter avholdt (4 planlagt)" in public or "2 meetings held (4 planned)" in public


def _adopted_cycle(world, year: int, meetings: int) -> None:
    """An adopted cycle of ``year`` with ``meetings`` meeting entries (A12)."""
    host = world.meeting(oslo(year, 1, 20))
    item = world.item(host, kind=AgendaItem.Kind.PROCEDURAL, title="Årshjul")
    meeting_publish_notice(meeting=host, actor=None)
    agenda_item_record_outcome(item=item, outcome="procedural", actor=None)
    entries = [
        CycleEntry(kind=AnnualCycleEntry.Kind.MEETING, date=dt.date(year, 1, 20), title="Møte 1"),
        *(
            CycleEntry(
                kind=AnnualCycleEntry.Kind.MEETING, date=dt.date(year, 3 + i, 1), title="Møte"
            )
            for i in range(meetings - 1)
        ),
    ]
    cycle = annual_cycle_draft(
        partnership=world.partnership, year=year, entries=entries, actor=None
    )
    item.refresh_from_db()
    annual_cycle_adopt(cycle=cycle, item=item, actor=None)


def test_a5_meetings_beyond_the_adopted_cycle_without_a_request_are_flagged(
    client, world, june_2024
):
    _adopted_cycle(world, 2024, meetings=2)  # its first meeting is one of the two
    second = world.meeting(oslo(2024, 5, 5))
    assert meetings_beyond_cycle(partnership=world.partnership, year=2024) == []
    third = world.meeting(oslo(2024, 9, 5))
    fourth = world.meeting(oslo(2024, 11, 5))
    assert meetings_beyond_cycle(partnership=world.partnership, year=2024) == [third, fourth]

    login(client, "sekretariat-radet")
    year_page = client.get(f"/sekretariat/arshjul/{world.partnership.slug}/2024/").content.decode()
    assert 'id="beyond-cycle"' in year_page
    assert f'href="/sekretariat/moter/{fourth.pk}/"' in year_page
    board = client.get("/sekretariat/").content.decode()
    assert f'href="/sekretariat/moter/{third.pk}/"' in board

    # A meeting convened for a party's request is not beyond the plan; a cancelled one
    # does not count.
    request = meeting_request_create(
        partnership=world.partnership, requesting_party=world.council, reason="Mer", actor=None
    )
    Meeting.objects.filter(pk=fourth.pk).update(requested_by=request)
    Meeting.objects.filter(pk=second.pk).update(status=Status.CANCELLED)
    assert meetings_beyond_cycle(partnership=world.partnership, year=2024) == []
    year_page = client.get(f"/sekretariat/arshjul/{world.partnership.slug}/2024/").content.decode()
    assert 'id="beyond-cycle"' not in year_page


def test_a5_a_year_without_an_adopted_cycle_flags_nothing_here(world, june_2024):
    for month in (2, 4, 6, 8):
        world.meeting(oslo(2024, month, 1))
    assert meetings_beyond_cycle_in(partnerships=[world.partnership]) == {}

"""The annual cycle (A12) and meetings per calendar year (A4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry
from partnerskap.meetings.selectors import annual_cycle_in_force, compliance_for_years
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_publish_notice,
    meeting_record_held,
)
from tests.world import oslo

pytestmark = pytest.mark.django_db
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


def cycle_item(world, when):
    meeting = world.meeting(when)
    item = world.item(meeting, kind=Kind.PROCEDURAL, title="Årshjul 2022")
    meeting_publish_notice(meeting=meeting, actor=None)
    return item


def entries(year: int) -> list[CycleEntry]:
    return [
        CycleEntry(kind=AnnualCycleEntry.Kind.MEETING, date=dt.date(year, 3, 15), title="Vårmøte"),
        CycleEntry(
            kind=AnnualCycleEntry.Kind.MILESTONE, date=dt.date(year, 6, 1), title="Budsjettfrist"
        ),
        CycleEntry(
            kind=AnnualCycleEntry.Kind.MEETING, date=dt.date(year, 10, 10), title="Høstmøte"
        ),
    ]


def test_a12_cycle_is_adopted_only_by_a_procedural_decision(world):
    cycle = annual_cycle_draft(
        partnership=world.partnership, year=2022, entries=entries(2022), actor=None
    )
    discussion = world.item(world.meeting(oslo(2022, 1, 20)))
    with pytest.raises(DomainError) as exc:
        annual_cycle_adopt(cycle=cycle, item=discussion, actor=None)
    assert exc.value.code == "meetings.cycle.needs_procedural_decision"
    item = cycle_item(world, oslo(2022, 1, 10))
    with pytest.raises(DomainError):  # no outcome recorded yet
        annual_cycle_adopt(cycle=cycle, item=item, actor=None)
    agenda_item_record_outcome(
        item=item, outcome=Outcome.PROCEDURAL, outcome_text="Vedtatt", actor=None
    )
    annual_cycle_adopt(cycle=cycle, item=item, actor=None)
    assert cycle.adopted_on == dt.date(2022, 1, 10)
    assert annual_cycle_in_force(partnership=world.partnership, year=2022) == cycle
    with pytest.raises(ConflictError):
        annual_cycle_adopt(cycle=cycle, item=item, actor=None)


def test_a12_a_changed_cycle_is_a_new_version(world):
    first = annual_cycle_draft(
        partnership=world.partnership, year=2022, entries=entries(2022), actor=None
    )
    with pytest.raises(ConflictError):
        annual_cycle_draft(partnership=world.partnership, year=2022, entries=[], actor=None)
    item = cycle_item(world, oslo(2022, 1, 10))
    agenda_item_record_outcome(item=item, outcome=Outcome.PROCEDURAL, actor=None)
    annual_cycle_adopt(cycle=first, item=item, actor=None)
    second = annual_cycle_draft(
        partnership=world.partnership, year=2022, entries=entries(2022)[:2], actor=None
    )
    assert second.version == 2
    assert annual_cycle_in_force(partnership=world.partnership, year=2022) == first
    item2 = cycle_item(world, oslo(2022, 5, 10))
    agenda_item_record_outcome(item=item2, outcome=Outcome.PROCEDURAL, actor=None)
    annual_cycle_adopt(cycle=second, item=item2, actor=None)
    assert annual_cycle_in_force(partnership=world.partnership, year=2022) == second
    assert first.entries.count() == 3, "the old version keeps its entries"


def test_a12_entries_belong_to_the_cycles_year(world):
    with pytest.raises(DomainError) as exc:
        annual_cycle_draft(
            partnership=world.partnership, year=2023, entries=entries(2022), actor=None
        )
    assert exc.value.code == "meetings.cycle.entry_outside_year"


def _hold(world, when):
    meeting = world.meeting(when)
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    return meeting


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a4_past_years_with_fewer_than_two_held_meetings_are_flagged(world):
    _hold(world, oslo(2021, 3, 1))
    _hold(world, oslo(2022, 3, 1))
    _hold(world, oslo(2022, 9, 1))
    cancelled = world.meeting(oslo(2021, 10, 1))
    meeting_cancel(meeting=cancelled, reason="Avlyst", actor=None)
    years = {
        y.year: y
        for y in compliance_for_years(partnership=world.partnership, today=dt.date(2023, 1, 5))
    }
    assert list(years) == [2020, 2021, 2022, 2023]
    assert (years[2021].planned, years[2021].held, years[2021].compliant) == (1, 1, False)
    assert any("Only 1 of at least 2 meetings were held in 2021" in w for w in years[2021].warnings)
    assert (years[2022].held, years[2022].compliant) == (2, True)
    assert years[2020].held == 0
    assert not years[2020].compliant


def test_a4_current_year_warns_when_fewer_than_two_are_planned(world):
    world.meeting(oslo(2022, 10, 1))
    (current,) = [
        y
        for y in compliance_for_years(partnership=world.partnership, today=dt.date(2022, 2, 1))
        if y.is_current
    ]
    assert current.planned == 1
    assert any("planned" in w for w in current.warnings)
    world.meeting(oslo(2022, 11, 1))
    (current,) = [
        y
        for y in compliance_for_years(partnership=world.partnership, today=dt.date(2022, 2, 1))
        if y.is_current
    ]
    assert current.compliant
    assert not any("planned" in w for w in current.warnings)


def test_a4_minimum_is_a_partnership_setting(world):
    world.partnership.minimum_meetings_per_year = 3
    world.partnership.save()
    _hold(world, oslo(2021, 3, 1))
    _hold(world, oslo(2021, 9, 1))
    years = {
        y.year: y
        for y in compliance_for_years(partnership=world.partnership, today=dt.date(2022, 1, 1))
    }
    assert not years[2021].compliant

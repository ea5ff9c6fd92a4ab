"""The annual cycle (A12): drafted by the secretariat, adopted by a procedural decision of a
meeting; a changed plan is a new version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry, Meeting


@dataclass(frozen=True)
class CycleEntry:
    kind: str
    date: dt.date
    title: str
    description: str = ""
    meeting: Meeting | None = None


@transaction.atomic
def annual_cycle_draft(
    *,
    partnership: Partnership,
    year: int,
    entries: Sequence[CycleEntry],
    note: str = "",
    actor: Actor,
) -> AnnualCycle:
    """Draft the next version of a year's cycle."""
    wrong_year = [e for e in entries if e.date.year != year]
    if wrong_year:
        raise DomainError(
            "meetings.cycle.entry_outside_year",
            _("«%(title)s» (%(date)s) is not in %(year)d.")
            % {"title": wrong_year[0].title, "date": wrong_year[0].date, "year": year},
        )
    latest = AnnualCycle.objects.filter(partnership=partnership, year=year).aggregate(
        v=Max("version")
    )["v"]
    if (
        latest
        and AnnualCycle.objects.filter(
            partnership=partnership, year=year, version=latest, adopted_by__isnull=True
        ).exists()
    ):
        raise ConflictError(
            "meetings.cycle.draft_exists",
            _("A draft of the %(year)d cycle already awaits adoption.") % {"year": year},
        )
    cycle = AnnualCycle.objects.create(
        partnership=partnership, year=year, version=(latest or 0) + 1, note=note
    )
    AnnualCycleEntry.objects.bulk_create(
        AnnualCycleEntry(
            cycle=cycle,
            kind=e.kind,
            date=e.date,
            title=e.title,
            description=e.description,
            meeting=e.meeting,
        )
        for e in entries
    )
    audit.record("meetings.cycle.drafted", actor=actor, target=cycle, data={"year": year})
    return cycle


@transaction.atomic
def annual_cycle_adopt(*, cycle: AnnualCycle, item: AgendaItem, actor: Actor) -> AnnualCycle:
    """Adopt a cycle by the meeting's procedural decision on ``item`` (A12)."""
    if cycle.is_adopted:
        raise ConflictError(
            "meetings.cycle.already_adopted",
            _("This version was adopted on %(date)s; draft a new version to change it.")
            % {"date": cycle.adopted_on},
        )
    if (
        item.kind != AgendaItem.Kind.PROCEDURAL
        or item.procedural_subject != AgendaItem.ProceduralSubject.ANNUAL_CYCLE
        or item.outcome != AgendaItem.Outcome.PROCEDURAL
    ):
        raise DomainError(
            "meetings.cycle.needs_procedural_decision",
            _(
                "The annual cycle is adopted by the meeting's procedural decision: choose an "
                "item about the annual cycle whose outcome is a procedural decision."
            ),
        )
    if item.meeting.date.year not in (cycle.year - 1, cycle.year):
        raise DomainError(
            "meetings.cycle.wrong_year",
            _("The %(year)d cycle is adopted at a meeting in %(before)d or %(year)d.")
            % {"year": cycle.year, "before": cycle.year - 1},
        )
    if item.partnership_id != cycle.partnership_id:
        raise DomainError(
            "meetings.cycle.other_partnership", _("The item belongs to another partnership.")
        )
    cycle.adopted_by = item
    cycle.adopted_on = item.meeting.date
    cycle.full_clean()
    cycle.save()
    audit.record("meetings.cycle.adopted", actor=actor, target=cycle, data={"item": item.pk})
    return cycle

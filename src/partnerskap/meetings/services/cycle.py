"""The annual cycle (A12): drafted by the secretariat, adopted by a procedural decision of a
meeting; a changed plan is a new version. A draft may be changed or discarded until it is
adopted; an adopted version is frozen."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
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
    """One meeting or milestone of a plan. ``entry_id`` names the saved entry it changes when a
    draft is edited (``annual_cycle_update``); None adds a new one. Drafting ignores it."""

    kind: str
    date: dt.date
    title: str
    description: str = ""
    meeting: Meeting | None = None
    entry_id: int | None = None


def _check_year(entries: Sequence[CycleEntry], year: int) -> None:
    wrong_year = [e for e in entries if e.date.year != year]
    if wrong_year:
        raise DomainError(
            "meetings.cycle.entry_outside_year",
            _("«%(title)s» (%(date)s) is not in %(year)d.")
            % {"title": wrong_year[0].title, "date": wrong_year[0].date, "year": year},
        )


def _check_meetings(entries: Sequence[CycleEntry], partnership_id: int) -> None:
    meetings = [e.meeting for e in entries if e.meeting is not None]
    if any(m.partnership_id != partnership_id for m in meetings):
        raise DomainError(
            "meetings.cycle.other_partnership",
            _("A planned meeting belongs to another partnership."),
            field="meeting",
        )


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
    _check_year(entries, year)
    _check_meetings(entries, partnership.pk)
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
            _(
                "A draft of the %(year)d cycle already awaits adoption: change or discard that "
                "draft instead."
            )
            % {"year": year},
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


# ---------------------------------------------------------------- changing a draft


def annual_cycle_lock(cycle: AnnualCycle, entries: Iterable[AnnualCycleEntry] | None = None) -> str:
    """The draft's lock token: a digest of its note and entries as saved. A form carries it;
    ``annual_cycle_update`` and ``annual_cycle_discard`` refuse a token that no longer matches,
    so a second editor never silently overwrites the first. ``entries`` defaults to
    ``cycle.entries.all()`` (prefetched by the callers that render many versions)."""
    rows = sorted(
        (
            e.pk,
            e.kind,
            e.date.isoformat(),
            e.title,
            e.description,
            e.meeting_id,
        )
        for e in (cycle.entries.all() if entries is None else entries)
    )
    payload = json.dumps([cycle.pk, cycle.note, rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _summary(entry: AnnualCycleEntry) -> str:
    """One entry in one line, as the audit log keeps it (the history panel shows it)."""
    parts = [entry.date.isoformat(), entry.kind, entry.title]
    if entry.description:
        parts.append(entry.description)
    if entry.meeting_id:
        parts.append(f"meeting {entry.meeting_id}")
    return " · ".join(parts)


def draft_gone(year: int) -> ConflictError:
    """The error for a draft discarded while someone was editing or adopting it."""
    return ConflictError(
        "meetings.cycle.draft_gone",
        _(
            "The draft of the %(year)d cycle you were editing no longer exists: it was "
            "discarded meanwhile. Nothing of yours was saved."
        )
        % {"year": year},
    )


def _check_lock(locked: AnnualCycle, expected_lock: str | None) -> None:
    if expected_lock is not None and annual_cycle_lock(locked) != expected_lock:
        raise ConflictError(
            "meetings.cycle.changed_meanwhile",
            _(
                "Someone else changed version %(version)d of the %(year)d cycle after you "
                "opened it; nothing of yours was saved."
            )
            % {"version": locked.version, "year": locked.year},
        )


def _lock_draft(cycle: AnnualCycle, expected_lock: str | None) -> AnnualCycle:
    """The draft's row, locked for this transaction, after checking that it may be changed."""
    locked = (
        AnnualCycle.objects.select_for_update()
        .filter(pk=cycle.pk, partnership_id=cycle.partnership_id, year=cycle.year)
        .first()
    )
    if locked is None:
        raise draft_gone(cycle.year)
    if locked.is_adopted:
        raise ConflictError(
            "meetings.cycle.adopted_is_frozen",
            _(
                "Version %(version)d was adopted on %(date)s and can no longer be changed; "
                "draft a new version to change the plan."
            )
            % {"version": locked.version, "date": locked.adopted_on},
        )
    _check_lock(locked, expected_lock)
    return locked


def _check_named(
    locked: AnnualCycle, entries: Sequence[CycleEntry], saved: dict[int, AnnualCycleEntry]
) -> set[int]:
    """The saved entries the new plan keeps; an entry of another version, or one named
    twice, is refused."""
    named = [e.entry_id for e in entries if e.entry_id is not None]
    if any(pk not in saved for pk in named) or len(named) != len(set(named)):
        raise DomainError(
            "meetings.cycle.unknown_entry",
            _("An entry does not belong to version %(version)d of the %(year)d cycle.")
            % {"version": locked.version, "year": locked.year},
        )
    return set(named)


@dataclass
class _EntryChanges:
    """What a new plan does to a draft's saved entries, with each one's summary before and
    after (for the audit entry)."""

    removed: list[AnnualCycleEntry]
    changed: list[AnnualCycleEntry]
    added: list[AnnualCycleEntry]
    before: dict[str, str | None]
    after: dict[str, str | None]


def _entry_changes(
    locked: AnnualCycle,
    entries: Sequence[CycleEntry],
    saved: dict[int, AnnualCycleEntry],
    kept: set[int],
) -> _EntryChanges:
    """Apply ``entries`` to the saved ones in memory (validated, not yet written)."""
    changes = _EntryChanges([], [], [], {}, {})
    changes.removed = [entry for pk, entry in saved.items() if pk not in kept]
    for entry in changes.removed:
        changes.before[f"entry {entry.pk}"], changes.after[f"entry {entry.pk}"] = (
            _summary(entry),
            None,
        )
    for e in entries:
        entry = saved[e.entry_id] if e.entry_id is not None else AnnualCycleEntry(cycle=locked)
        old = _summary(entry) if entry.pk else None
        entry.kind, entry.date, entry.title = e.kind, e.date, e.title
        entry.description, entry.meeting = e.description, e.meeting
        entry.full_clean(exclude=["cycle", "meeting"])
        new = _summary(entry)
        if entry.pk is None:
            changes.added.append(entry)
        elif new != old:
            changes.changed.append(entry)
            changes.before[f"entry {entry.pk}"], changes.after[f"entry {entry.pk}"] = old, new
    return changes


def _write_entries(changes: _EntryChanges) -> None:
    """Write the changes: remove, update and add in one statement each."""
    if changes.removed:
        AnnualCycleEntry.objects.filter(pk__in=[e.pk for e in changes.removed]).delete()
    if changes.changed:
        AnnualCycleEntry.objects.bulk_update(
            changes.changed, ["kind", "date", "title", "description", "meeting"]
        )
    if changes.added:
        AnnualCycleEntry.objects.bulk_create(changes.added)
        for entry in changes.added:
            changes.before[f"entry {entry.pk}"] = None
            changes.after[f"entry {entry.pk}"] = _summary(entry)


@transaction.atomic
def annual_cycle_update(
    *,
    cycle: AnnualCycle,
    entries: Sequence[CycleEntry],
    note: str,
    expected_lock: str | None = None,
    actor: Actor,
) -> AnnualCycle:
    """Change a draft that awaits adoption: ``entries`` is the whole plan as it should be. An
    entry with ``entry_id`` changes that saved entry, one without is added, and saved entries not
    named are removed. An adopted version is frozen (draft a new version instead). With
    ``expected_lock`` (from ``annual_cycle_lock``), a change made meanwhile is refused."""
    locked = _lock_draft(cycle, expected_lock)
    _check_year(entries, locked.year)
    saved = {e.pk: e for e in locked.entries.all()}
    kept = _check_named(locked, entries, saved)
    _check_meetings(entries, locked.partnership_id)
    changes = _entry_changes(locked, entries, saved, kept)
    if locked.note != note:
        changes.before["note"], changes.after["note"] = locked.note, note
    _write_entries(changes)
    locked.note = note
    locked.full_clean()
    locked.save(update_fields=["note", "modified"])
    audit.record(
        "meetings.cycle.updated",
        actor=actor,
        target=locked,
        data={
            "year": locked.year,
            "version": locked.version,
            "added": len(changes.added),
            "changed": len(changes.changed),
            "removed": len(changes.removed),
            "before": changes.before,
            "after": changes.after,
        },
    )
    cycle.refresh_from_db()  # the caller's instance shows what is saved (entries included)
    return cycle


@transaction.atomic
def annual_cycle_discard(
    *, cycle: AnnualCycle, expected_lock: str | None = None, actor: Actor
) -> None:
    """Discard a draft that awaits adoption, with its entries. An adopted version is frozen.
    The audit entry keeps what was discarded (the partnership and year find it again)."""
    locked = _lock_draft(cycle, expected_lock)
    audit.record(
        "meetings.cycle.discarded",
        actor=actor,
        target=locked,
        data={
            "partnership": locked.partnership_id,
            "year": locked.year,
            "version": locked.version,
            "before": {
                "note": locked.note,
                **{f"entry {e.pk}": _summary(e) for e in locked.entries.all()},
            },
        },
    )
    locked.delete()


# ---------------------------------------------------------------- adoption


@transaction.atomic
def annual_cycle_adopt(
    *, cycle: AnnualCycle, item: AgendaItem, expected_lock: str | None = None, actor: Actor
) -> AnnualCycle:
    """Adopt a cycle by the meeting's procedural decision on ``item`` (A12). With
    ``expected_lock`` (from ``annual_cycle_lock``), a draft changed meanwhile is not adopted:
    the meeting decided on the plan as it was read."""
    locked = AnnualCycle.objects.select_for_update().filter(pk=cycle.pk).first()
    if locked is None:
        raise draft_gone(cycle.year)
    cycle.adopted_by_id, cycle.adopted_on = locked.adopted_by_id, locked.adopted_on
    if cycle.is_adopted:
        raise ConflictError(
            "meetings.cycle.already_adopted",
            _("This version was adopted on %(date)s; draft a new version to change it.")
            % {"date": cycle.adopted_on},
        )
    _check_lock(locked, expected_lock)
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
    cycle.note = locked.note
    cycle.full_clean()
    cycle.save(update_fields=["adopted_by", "adopted_on", "modified"])
    audit.record("meetings.cycle.adopted", actor=actor, target=cycle, data={"item": item.pk})
    return cycle


# ---------------------------------------------------------------- carried into a renewal


def _shifted(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=year, day=28)


def annual_cycle_latest_adopted(*, partnership: Partnership) -> AnnualCycle | None:
    """The partnership's last adopted annual cycle (the latest year, its latest version)."""
    return (
        AnnualCycle.objects.filter(partnership=partnership, adopted_by__isnull=False)
        .order_by("-year", "-version")
        .first()
    )


def annual_cycle_carry_over(
    *, partnership: Partnership, renewed: Partnership, actor: Actor
) -> AnnualCycle | None:
    """At a renewal (A18): the last adopted cycle's entries, moved to the renewed
    partnership's first year, as a draft to adjust and adopt (None: nothing adopted to copy)."""
    source = annual_cycle_latest_adopted(partnership=partnership)
    if source is None:
        return None
    year = renewed.period_start.year
    entries = [
        CycleEntry(
            kind=e.kind,
            date=_shifted(e.date, year),
            title=e.title,
            description=e.description,
        )
        for e in source.entries.order_by("date", "pk")
    ]
    return annual_cycle_draft(
        partnership=renewed,
        year=year,
        entries=entries,
        note=_("Copied from the adopted %(year)d cycle of %(partnership)s.")
        % {"year": source.year, "partnership": partnership},
        actor=actor,
    )

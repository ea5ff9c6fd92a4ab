"""Changing and discarding a draft of the annual cycle (A12): a draft awaiting adoption is
changed in place (entries added, changed and removed; one audit entry with before and after) or
discarded; an adopted version is frozen; a lock token read before a change made meanwhile is
refused, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry
from partnerskap.meetings.selectors import annual_cycle_in_force
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_adopt,
    annual_cycle_discard,
    annual_cycle_draft,
    annual_cycle_lock,
    annual_cycle_update,
)
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from tests.factories import PartnershipFactory, UserFactory
from tests.world import oslo

pytestmark = pytest.mark.django_db
YEAR = 2022


def decided_item(world, when=None) -> AgendaItem:
    meeting = world.meeting(when or oslo(YEAR, 1, 10))
    item = world.item(meeting, kind=AgendaItem.Kind.PROCEDURAL, title="Årshjul 2022")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome=AgendaItem.Outcome.PROCEDURAL, actor=None)
    return item


def draft(world, note: str = "Utkast") -> AnnualCycle:
    return annual_cycle_draft(
        partnership=world.partnership,
        year=YEAR,
        note=note,
        entries=[
            CycleEntry("meeting", dt.date(YEAR, 3, 15), "Vårmøte"),
            CycleEntry("milestone", dt.date(YEAR, 6, 1), "Budsjettfrist <b>«x»</b>"),
            CycleEntry("meeting", dt.date(YEAR, 10, 10), "Høstmøte"),
        ],
        actor=None,
    )


def saved(cycle: AnnualCycle) -> list[tuple]:
    return list(
        AnnualCycleEntry.objects.filter(cycle=cycle)
        .order_by("date", "pk")
        .values_list("pk", "kind", "date", "title", "description", "meeting_id")
    )


def as_entries(cycle: AnnualCycle) -> dict[str, CycleEntry]:
    return {
        e.title: CycleEntry(e.kind, e.date, e.title, e.description, e.meeting, entry_id=e.pk)
        for e in cycle.entries.all()
    }


def test_a12_a_draft_is_changed_in_place_and_the_change_is_audited(world):
    cycle = draft(world)
    user = UserFactory()
    meeting = world.meeting(oslo(YEAR, 9, 20))
    current = as_entries(cycle)
    spring, autumn = current["Vårmøte"], current["Høstmøte"]
    lock = annual_cycle_lock(cycle)

    updated = annual_cycle_update(
        cycle=cycle,
        entries=[
            spring,  # unchanged
            CycleEntry(  # changed: moved, with a description and its planned meeting
                "meeting",
                dt.date(YEAR, 9, 20),
                "Høstmøte",
                "Flyttet <i>fram</i>",
                meeting,
                entry_id=autumn.entry_id,
            ),
            CycleEntry("milestone", dt.date(YEAR, 11, 1), "Rapport"),  # added
            # «Budsjettfrist» is not named: it is removed
        ],
        note="Andre utkast",
        expected_lock=lock,
        actor=user,
    )

    assert (updated.pk, updated.version, updated.note) == (cycle.pk, 1, "Andre utkast")
    assert AnnualCycle.objects.filter(partnership=world.partnership, year=YEAR).count() == 1
    rows = saved(cycle)
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        (dt.date(YEAR, 3, 15), "Vårmøte", "", None),
        (dt.date(YEAR, 9, 20), "Høstmøte", "Flyttet <i>fram</i>", meeting.pk),
        (dt.date(YEAR, 11, 1), "Rapport", "", None),
    ]
    assert rows[0][0] == spring.entry_id, "an unchanged entry keeps its row"
    assert rows[1][0] == autumn.entry_id, "a changed entry keeps its row"
    assert annual_cycle_lock(cycle) != lock, "the token follows the content"

    entry = AuditEntry.objects.get(action="meetings.cycle.updated")
    assert entry.actor == user
    assert entry.target_id == str(cycle.pk)
    data = entry.data
    assert (data["added"], data["changed"], data["removed"]) == (1, 1, 1)
    assert data["before"]["note"] == "Utkast"
    assert data["after"]["note"] == "Andre utkast"
    removed_key = next(k for k, v in data["before"].items() if v and "Budsjettfrist" in v)
    assert data["after"][removed_key] is None
    assert data["before"][f"entry {autumn.entry_id}"].startswith(f"{YEAR}-10-10")
    assert data["after"][f"entry {autumn.entry_id}"].startswith(f"{YEAR}-09-20")
    assert f"entry {spring.entry_id}" not in data["before"], "only what changed is recorded"
    added_key = f"entry {rows[2][0]}"
    assert data["before"][added_key] is None
    assert "Rapport" in data["after"][added_key]


def test_a12_an_adopted_version_is_frozen(world):
    cycle = draft(world)
    annual_cycle_adopt(cycle=cycle, item=decided_item(world), actor=None)
    before = saved(cycle)
    current = list(as_entries(cycle).values())
    with pytest.raises(ConflictError) as exc:
        annual_cycle_update(cycle=cycle, entries=current[:1], note="Endret", actor=None)
    assert exc.value.code == "meetings.cycle.adopted_is_frozen"
    with pytest.raises(ConflictError) as exc:
        annual_cycle_discard(cycle=cycle, actor=None)
    assert exc.value.code == "meetings.cycle.adopted_is_frozen"
    cycle.refresh_from_db()
    assert (cycle.note, saved(cycle)) == ("Utkast", before)
    assert annual_cycle_in_force(partnership=world.partnership, year=YEAR) == cycle
    assert not AuditEntry.objects.filter(
        action__in=["meetings.cycle.updated", "meetings.cycle.discarded"]
    ).exists()

    # A change is still a new version, started from the one in force.
    second = annual_cycle_draft(
        partnership=world.partnership, year=YEAR, entries=current[:1], actor=None
    )
    assert second.version == 2


def test_a12_a_stale_lock_is_refused_and_nothing_is_written(world):
    cycle = draft(world)
    stale = annual_cycle_lock(cycle)
    entries = list(as_entries(cycle).values())
    annual_cycle_update(cycle=cycle, entries=entries, note="Først", expected_lock=stale, actor=None)
    after_first = saved(cycle)

    with pytest.raises(ConflictError) as exc:
        annual_cycle_update(
            cycle=cycle, entries=entries[:1], note="Sist", expected_lock=stale, actor=None
        )
    assert exc.value.code == "meetings.cycle.changed_meanwhile"
    with pytest.raises(ConflictError) as exc:
        annual_cycle_discard(cycle=cycle, expected_lock=stale, actor=None)
    assert exc.value.code == "meetings.cycle.changed_meanwhile"
    item = decided_item(world)
    with pytest.raises(ConflictError) as exc:
        annual_cycle_adopt(cycle=cycle, item=item, expected_lock=stale, actor=None)
    assert exc.value.code == "meetings.cycle.changed_meanwhile"

    cycle.refresh_from_db()
    assert (cycle.note, cycle.is_adopted, saved(cycle)) == ("Først", False, after_first)
    assert AuditEntry.objects.filter(action="meetings.cycle.updated").count() == 1
    fresh = annual_cycle_lock(cycle)
    annual_cycle_adopt(cycle=cycle, item=item, expected_lock=fresh, actor=None)
    assert cycle.is_adopted


def test_a12_a_discarded_draft_is_gone_the_version_in_force_stays_and_the_log_keeps_it(world):
    first = draft(world)
    annual_cycle_adopt(cycle=first, item=decided_item(world), actor=None)
    second = annual_cycle_draft(
        partnership=world.partnership,
        year=YEAR,
        note="Revisjon",
        entries=[CycleEntry("milestone", dt.date(YEAR, 4, 1), "Innspill")],
        actor=None,
    )
    pk = second.pk
    annual_cycle_discard(cycle=second, expected_lock=annual_cycle_lock(second), actor=None)

    assert not AnnualCycle.objects.filter(pk=pk).exists()
    assert not AnnualCycleEntry.objects.filter(cycle_id=pk).exists()
    assert annual_cycle_in_force(partnership=world.partnership, year=YEAR) == first
    assert len(saved(first)) == 3
    entry = AuditEntry.objects.get(action="meetings.cycle.discarded")
    assert entry.target_id == str(pk)
    assert entry.data["partnership"] == world.partnership.pk
    assert (entry.data["year"], entry.data["version"]) == (YEAR, 2)
    assert entry.data["before"]["note"] == "Revisjon"
    assert any("Innspill" in str(v) for v in entry.data["before"].values())

    with pytest.raises(ConflictError) as exc:
        annual_cycle_update(cycle=second, entries=[], note="", actor=None)
    assert exc.value.code == "meetings.cycle.draft_gone"
    with pytest.raises(ConflictError) as exc:
        annual_cycle_adopt(cycle=second, item=decided_item(world), actor=None)
    assert exc.value.code == "meetings.cycle.draft_gone"
    assert not AnnualCycle.objects.filter(pk=pk).exists(), "a gone draft is not brought back"

    again = annual_cycle_draft(partnership=world.partnership, year=YEAR, entries=[], actor=None)
    assert again.version == 2, "after a discard, the next draft may be started"


def test_a12_a_changed_draft_keeps_its_entries_in_its_year_and_its_own(world):
    cycle = draft(world)
    other = AnnualCycle.objects.create(partnership=world.partnership, year=YEAR + 1, version=1)
    foreign = AnnualCycleEntry.objects.create(
        cycle=other, kind="milestone", date=dt.date(YEAR + 1, 1, 5), title="Annet år"
    )
    before = saved(cycle)
    with pytest.raises(DomainError) as exc:
        annual_cycle_update(
            cycle=cycle,
            entries=[CycleEntry("milestone", dt.date(YEAR + 1, 1, 5), "Feil år")],
            note="",
            actor=None,
        )
    assert exc.value.code == "meetings.cycle.entry_outside_year"
    with pytest.raises(DomainError) as exc:
        annual_cycle_update(
            cycle=cycle,
            entries=[CycleEntry("milestone", dt.date(YEAR, 1, 5), "Lånt", entry_id=foreign.pk)],
            note="",
            actor=None,
        )
    assert exc.value.code == "meetings.cycle.unknown_entry"
    first = next(iter(as_entries(cycle).values()))
    with pytest.raises(DomainError) as exc:
        annual_cycle_update(cycle=cycle, entries=[first, first], note="", actor=None)
    assert exc.value.code == "meetings.cycle.unknown_entry", "one row changes one entry"
    alien = meeting_create(
        partnership=PartnershipFactory(),
        title="Annet partnerskap",
        starts_at=oslo(YEAR, 5, 5),
        ends_at=oslo(YEAR, 5, 5, 12),
        location=world.location,
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        annual_cycle_update(
            cycle=cycle,
            entries=[CycleEntry("meeting", dt.date(YEAR, 5, 5), "Fremmed", meeting=alien)],
            note="",
            actor=None,
        )
    assert (exc.value.code, exc.value.field) == ("meetings.cycle.other_partnership", "meeting")
    assert saved(cycle) == before
    assert AnnualCycleEntry.objects.get(pk=foreign.pk).cycle == other
    assert not AuditEntry.objects.filter(action="meetings.cycle.updated").exists()


def test_the_lock_token_depends_only_on_what_is_saved(world):
    cycle = draft(world)
    token = annual_cycle_lock(cycle)
    assert annual_cycle_lock(AnnualCycle.objects.get(pk=cycle.pk)) == token
    entries = list(as_entries(cycle).values())
    annual_cycle_update(cycle=cycle, entries=entries, note="Utkast", actor=None)
    assert annual_cycle_lock(cycle) == token, "saving the same content keeps the token"
    annual_cycle_update(cycle=cycle, entries=entries, note="Utkast.", actor=None)
    assert annual_cycle_lock(cycle) != token


def test_a12_a_new_draft_plans_only_the_partnerships_own_meetings(world):
    alien = meeting_create(
        partnership=PartnershipFactory(),
        title="Annet partnerskap",
        starts_at=oslo(YEAR, 5, 5),
        ends_at=oslo(YEAR, 5, 5, 12),
        location=world.location,
        actor=None,
    )
    with pytest.raises(DomainError) as exc:
        annual_cycle_draft(
            partnership=world.partnership,
            year=YEAR,
            entries=[CycleEntry("meeting", dt.date(YEAR, 5, 5), "Fremmed", meeting=alien)],
            actor=None,
        )
    assert (exc.value.code, exc.value.field) == ("meetings.cycle.other_partnership", "meeting")
    assert not AnnualCycle.objects.filter(partnership=world.partnership, year=YEAR).exists()

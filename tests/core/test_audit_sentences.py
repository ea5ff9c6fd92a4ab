"""Every audit action reads as a sentence in each language (``core.actions``): no action code,
no data key, no raw value («person: 3», «outside_period: False») on any screen.

A guard reads every ``audit.record`` call in the source (the reader of
``tests/test_audit_coverage.py``) and fails on an action without words; ``words_problems``
checks what an entry reads as, and ``test_audit_coverage.py`` runs it on every entry its flows
leave, in both languages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partnerskap.backoffice.history import history_for
from partnerskap.core import actions
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.services.attendance import absence_register
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_reschedule
from tests.factories import UserFactory
from tests.test_audit_coverage import audited_actions
from tests.world import oslo

RAW = re.compile(r"\b(None|True|False)\b|%\(|\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")


def _sample(pattern: str) -> str:
    """An action a pattern of the guard stands for (``documents\\.generated\\.[a-z_]+`` →
    ``documents.generated.sample``)."""
    return pattern.replace("[a-z_]+", "sample").replace("\\", "")


def words_problems(entry: AuditEntry) -> list[str]:
    """What is wrong with an entry's words in the active language: no registration, a changed
    field without a label, or a code, key or raw value in the text."""
    if actions.find(entry.action) is None:
        return [f"{entry.action}: no words registered (core.actions)"]
    problems = [f"{entry.action}: no label for {key!r}" for key in actions.unlisted(entry)]
    described = actions.describe_one(entry)
    texts = [described.title, described.sentence]
    texts += [t for c in described.changes for t in (c.label, c.before, c.after)]
    texts += [t for pair in described.details for t in pair]
    problems += [
        f"{entry.action}: {text!r} reads as raw data"
        for text in texts
        if RAW.search(text) or entry.action in text
    ]
    return problems


def test_every_audited_action_has_words():
    missing = {
        pattern: where
        for pattern, where in audited_actions().items()
        if actions.find(_sample(pattern)) is None
    }
    assert not missing, "audit actions without words (register them in <app>/audit_texts.py): " + (
        ", ".join(f"{p} at {w}" for p, w in sorted(missing.items()))
    )


def test_the_guard_finds_a_missing_sentence():
    assert actions.find("meetings.meeting.teleported") is None
    assert actions.find(_sample(re.escape("documents.generated.") + "[a-z_]+")) is not None
    assert actions.find("admin.people.person.changed") is not None
    assert actions.find("admin.people.changed") is None  # a pattern matches whole parts only


@pytest.mark.django_db
def test_a_moved_meeting_reads_with_its_times_and_an_absence_with_the_name(world):
    actor = UserFactory(first_name="Kari", last_name="Sekretær")
    meeting = meeting_create(
        partnership=world.partnership,
        title="Møte",
        starts_at=oslo(2024, 10, 14),
        ends_at=oslo(2024, 10, 14, 13),
        location=world.location,
        actor=actor,
    )
    meeting_reschedule(
        meeting=meeting, starts_at=oslo(2024, 10, 21), ends_at=oslo(2024, 10, 21, 13), actor=actor
    )
    eikeland = world.people["Eikeland"]
    absence_register(meeting=meeting, person=eikeland, reason="Ferie", actor=actor)
    with translation.override("nb"):
        absent, moved, planned = history_for(meeting)
    assert planned.sentence == "Møtet ble planlagt."
    assert moved.sentence == "Møtet ble flyttet fra 14.10.2024 10:00 til 21.10.2024 10:00."
    assert [(c.label, c.before, c.after) for c in moved.changes] == [
        ("Start", "14.10.2024 10:00", "21.10.2024 10:00"),
        ("Avslutt", "14.10.2024 13:00", "21.10.2024 13:00"),
    ]
    assert absent.sentence == f"{eikeland.given_name} {eikeland.family_name} meldte forfall."
    with translation.override("en"):
        assert history_for(meeting)[0].sentence == (
            f"{eikeland.given_name} {eikeland.family_name} sent apologies."
        )


@pytest.mark.django_db
def test_yes_no_money_and_names_are_human(world):
    entry = AuditEntry.objects.create(
        action="finance.cost.recorded",
        data={"party": world.council.slug, "amount": "12345.50", "category": "other"},
    )
    with translation.override("nb"):
        described = actions.describe_one(entry)
    assert described.sentence == (
        f"En kostnad på kr\u00a012\u00a0345,50 ble registrert for {world.council.name} (annet)."
    )
    entry = AuditEntry.objects.create(
        action="meetings.meeting.created", data={"outside_period": True}
    )
    with translation.override("nb"):
        assert actions.describe_one(entry).sentence == (
            "Møtet ble planlagt. Det ligger utenfor partnerskapets periode."
        )


@pytest.mark.django_db
def test_an_annual_cycle_entry_reads_in_the_readers_language():
    entry = AuditEntry.objects.create(
        action="meetings.cycle.updated",
        data={
            "year": 2024,
            "version": 2,
            "before": {"entry 7": "2024-09-01 · milestone · Frist · meeting 3"},
            "after": {"entry 7": "2024-09-15 · milestone · Frist · meeting 3"},
        },
    )
    with translation.override("nb"):
        (change,) = actions.describe_one(entry).changes
    assert (change.label, change.before, change.after) == (
        "Punkt i årshjulet",
        "1.9.2024 · milepæl · Frist",
        "15.9.2024 · milepæl · Frist",
    )


@pytest.mark.django_db
def test_a_move_after_the_notice_reads_with_place_and_the_new_notice():
    """The data a move after the notice keeps (time, end, place, form, reason, the notice's
    version), and a person corrected by field names, read in words with labels."""
    before = {"starts_at": "2024-10-14T10:00:00+02:00", "ends_at": "2024-10-14T13:00:00+02:00"}
    entry = AuditEntry.objects.create(
        action="meetings.meeting.rescheduled",
        data={
            "before": {**before, "location": "Asker rådhus", "form": "in_person"},
            "after": {**before, "location": "Bærum rådhus", "form": "in_person"},
            "reason": "Salen er opptatt",
            "notice_version": 2,
            "late": False,
        },
    )
    with translation.override("nb"):
        described = actions.describe_one(entry)
        assert words_problems(entry) == []
    assert described.sentence == (
        "Møtets tid, sted eller form ble endret. Innkallingen ble sendt på nytt (versjon 2)."
    )
    assert [(c.label, c.before, c.after) for c in described.changes] == [
        ("Sted", "Asker rådhus", "Bærum rådhus")
    ]
    assert described.details == (("Begrunnelse", "Salen er opptatt"),)
    entry = AuditEntry.objects.create(
        action="people.person.updated", data={"fields": ["email", "family_name"]}
    )
    with translation.override("nb"):
        assert words_problems(entry) == []
        (detail,) = actions.describe_one(entry).details
    assert detail[1] == "e-post, etternavn"


@pytest.mark.django_db
def test_an_unknown_action_never_shows_its_code():
    entry = AuditEntry.objects.create(action="meetings.meeting.teleported", data={"to": "Mars"})
    with translation.override("nb"):
        described = actions.describe_one(entry)
    assert described.sentence == "En endring ble registrert."
    assert "teleported" not in str(described)


@pytest.mark.django_db
def test_a_history_panel_costs_the_same_queries_for_many_entries(world):
    meeting = world.meeting(oslo(2022, 3, 15))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            history_for(meeting)
        return len(captured)

    for name in ("Eikeland", "Lindeberg"):
        absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
    few = queries()
    for i in range(5):
        meeting_reschedule(
            meeting=meeting,
            starts_at=oslo(2022, 4, 1 + i),
            ends_at=oslo(2022, 4, 1 + i, 13),
            actor=None,
        )
    for name in ("Rustad", "Aasheim"):
        absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
    assert queries() == few


@pytest.mark.django_db
def test_the_words_problems_check_catches_raw_data():
    entry = AuditEntry(
        action="meetings.meeting.cancelled", data={"reason": "outside_period: False"}
    )
    assert words_problems(entry)
    entry = AuditEntry(action="meetings.meeting.cancelled", data={"reason": "Sykdom"})
    assert words_problems(entry) == []

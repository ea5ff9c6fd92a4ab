"""F7: two simultaneous saves of one agenda item. The database serialises them (SQLite in WAL
mode with IMMEDIATE transactions and a busy timeout; PostgreSQL by the row lock), so the
second sees the first's lock version: a 409 with the conflict panel, never a 500 «database is
locked», and nothing is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from partnerskap.config.env import Env
from partnerskap.core.models import AuditEntry
from tests.edges.concurrent_saves import race
from tests.snapshot import as_migrated
from tests.world import oslo

ROOT = Path(__file__).resolve().parents[2]


def _assert_one_saved_one_conflict(results: list[list[object]], saved: str) -> None:
    statuses = sorted(status for status, _panel, _text in results)
    assert statuses == [302, 409], results
    winner = next(text for status, _panel, text in results if status == 302)
    loser_panel = next(panel for status, panel, _text in results if status == 409)
    assert loser_panel, "the 409 page shows what the other person saved"
    assert saved == winner  # nothing half-written, the loser's text not saved over it


def test_f7_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout() -> None:
    options = Env({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}).database(
        "DATABASE_URL", default="", sqlite_timeout=7
    )["OPTIONS"]
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 7
    postgres = Env({"DATABASE_URL": "postgres://u@h/db"}).database("DATABASE_URL", default="")
    assert "transaction_mode" not in postgres.get("OPTIONS", {})


def _race_on_a_sqlite_file(directory: Path) -> tuple[list[list[object]], str]:
    """The race in a fresh process on a file database (the test database is in memory)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings",
        "DATABASE_URL": f"sqlite:///{directory / 'race.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.edges.concurrent_saves"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "database is locked" not in done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["journal"] == "wal"
    return outcome["results"], outcome["saved"]


@pytest.mark.django_db(transaction=True)
def test_f7_simultaneous_saves_are_one_302_and_one_409(request, tmp_path) -> None:
    """On the suite's kind of database: PostgreSQL in this process with two connections,
    SQLite on a file in a fresh process."""
    if connection.vendor == "sqlite":
        results, saved = _race_on_a_sqlite_file(tmp_path)
        _assert_one_saved_one_conflict(results, saved)
        return
    as_migrated()  # an earlier transactional test may have flushed the database
    world = request.getfixturevalue("world")
    item = world.item(world.meeting(oslo(2024, 3, 12)), title="Innfartsparkering")
    outcome = race(item.pk)
    item.refresh_from_db()
    _assert_one_saved_one_conflict([list(r) for r in outcome], item.case_presentation)
    assert AuditEntry.objects.filter(action="meetings.item.updated").count() == 1

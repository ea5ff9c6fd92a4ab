"""The demo, loaded once per test process and copied into each test that asks for it.

``load_demo()`` writes the demo through the services (the 2020–2024 history, the agreement
import, the search index): 1.5–2 s on a quiet machine, several times that on a busy one, and
about 300 tests ask for it. ``demo_loaded()`` does the
same for a test in milliseconds:

* The first time (per process, so per xdist worker, and per variant: with or without history)
  it loads the demo the real way inside a savepoint, reads every row the load added, table by
  table as the database stores them (SQLite: the raw values, the full-text table included;
  PostgreSQL: ``COPY``'s text, generated columns left for the database to compute), and rolls
  the savepoint back.
* Then, and in every later test, it inserts those rows in the test's own transaction (rolled
  back with the test, as a real load is) and moves PostgreSQL's sequences past them.

A copy is made from, and used only on, the database as it was when freshly migrated (the same
rows in every table: the migrations' reference data and nothing else). Otherwise (a test
that wrote rows before asking for the demo, the demo asked for twice) the demo is loaded the
real way, so a test always sees what ``load_demo()`` would have given it. Only the row ids'
history differs: the same ids in every test instead of ids counting up across tests, and
creation times from the moment of the copy.

Transactional tests (``transactional_db``, ``live_server``: the browser tests) commit, and
pytest-django empties every table after each of them; Django's ``post_migrate`` then writes
the content types and permissions again, with new ids. ``as_migrated()`` puts such a database
back as it was when freshly migrated: it empties every table whose rows differ from that state,
inserts that state's rows (the data migrations' reference data, the content types with their
first ids), and puts the id counters back (SQLite's ``sqlite_sequence`` as it was; PostgreSQL's
sequences past the rows), so ``demo_loaded()`` can copy the demo onto it as onto any other.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from partnerskap.agreements.models import Partnership
from partnerskap.demo.loader import DemoSummary, load_demo

#: SQLite's full-text tables keep their index in these shadow tables, written by the virtual
#: table itself; the copy reads and writes the virtual table.
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")

Rows = list[Any]  # tuples (SQLite) or COPY lines (PostgreSQL)


@dataclass
class Table:
    name: str
    columns: list[str]
    sequence: str | None = None  # PostgreSQL: the sequence of its ``id``


@dataclass
class Snapshot:
    added: dict[str, Rows]
    partnership_pk: int
    logins: list[tuple[str, str, str]]
    created: int


@dataclass
class Stats:
    """How the demo was given to tests in this process (for the curious and for the tests of
    this module): copied from the snapshot, or loaded the real way."""

    copied: int = 0
    loaded: int = 0
    capture_seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)


STATS = Stats()
#: What the freshly migrated database held, by table (one database per test process).
_pristine: dict[str, Counter[Any]] = {}
#: SQLite: the freshly migrated database's ``sqlite_sequence`` (table name → last id given).
_pristine_sequences: dict[str, int] = {}
_snapshots: dict[tuple[bool, bool], Snapshot | None] = {}
_tables: dict[str, list[Table]] = {}


def remember_pristine() -> None:
    """Note what the freshly migrated test database holds (called once, right after it is
    set up): copies are made from, and restored onto, only this state."""
    _pristine.clear()
    _pristine.update(_read(_schema()))
    _pristine_sequences.clear()
    if connection.vendor == "sqlite":
        _pristine_sequences.update(_sqlite_sequences())


def as_migrated() -> None:
    """Put the database back as it was when freshly migrated (see the module's docstring), in
    one transaction, touching only the tables that differ; for transactional tests, before
    they ask for the demo. Nothing to do on a database that is as migrated already."""
    if not _pristine:
        raise RuntimeError("as_migrated() needs the test database set up (django_db_setup)")
    tables = _schema()
    changed = _tables_changed(tables, _pristine)
    if not changed:
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in changed:
                cursor.execute(f"DELETE FROM {_quote(table.name)}")
        rows = {t.name: list(_pristine[t.name].elements()) for t in changed}
        if connection.vendor == "sqlite":
            _sqlite_restore(changed, rows)
            _sqlite_put_sequences(_pristine_sequences)
        else:
            _postgres_restore(changed, rows)
    ContentType.objects.clear_cache()  # its cache holds the ids post_migrate gave after a flush


def demo_loaded(*, history: bool = True, renewal: bool = True) -> DemoSummary:
    """``load_demo(history=history, renewal=renewal)``, from this process's copy when the
    database allows (one copy per variant)."""
    tables = _schema()
    variant = (history, renewal)
    if not _pristine or not _is_pristine(tables, _pristine):
        STATS.loaded += 1
        return load_demo(history=history, renewal=renewal)
    if variant not in _snapshots:
        _snapshots[variant] = _capture(tables, _pristine, history=history, renewal=renewal)
    snapshot = _snapshots[variant]
    if snapshot is None:
        STATS.loaded += 1
        return load_demo(history=history, renewal=renewal)
    STATS.copied += 1
    _restore(tables, snapshot)
    return DemoSummary(
        partnership=Partnership.objects.get(pk=snapshot.partnership_pk),
        logins=list(snapshot.logins),
        created=snapshot.created,
    )


def _is_pristine(tables: list[Table], pristine: dict[str, Counter[Any]]) -> bool:
    """Whether the database holds what it held when it was set up: the same number of rows in
    every table, and the same rows in the tables that had any (the reference data)."""
    return not _tables_changed(tables, pristine, first_only=True)


def _tables_changed(
    tables: list[Table], pristine: dict[str, Counter[Any]], *, first_only: bool = False
) -> list[Table]:
    """The tables whose rows differ from ``pristine`` (only the first found with
    ``first_only``): counted in one query, then the rows of the tables that had any compared."""
    counts = ", ".join(f"(SELECT COUNT(*) FROM {_quote(t.name)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        now = dict(zip((t.name for t in tables), cursor.fetchone(), strict=True))
    changed = []
    for table in tables:
        rows = pristine[table.name]
        if now[table.name] != rows.total() or (rows and Counter(_rows(table)) != rows):
            changed.append(table)
            if first_only:
                break
    return changed


def _capture(
    tables: list[Table], before: dict[str, Counter[Any]], *, history: bool, renewal: bool
) -> Snapshot | None:
    started = time.monotonic()
    with transaction.atomic():
        summary = load_demo(history=history, renewal=renewal)
        after = _read(tables)
        transaction.set_rollback(True)
    added: dict[str, Rows] = {}
    for name, rows in after.items():
        old = before[name]
        if old - rows:  # the load changed or removed rows that were there: not a pure addition
            STATS.reasons.append(f"the demo changes existing rows of {name}")
            return None
        new = rows - old
        if new:
            added[name] = list(new.elements())
    STATS.capture_seconds += time.monotonic() - started
    return Snapshot(
        added=added,
        partnership_pk=summary.partnership.pk,
        logins=list(summary.logins),
        created=summary.created,
    )


# ---------------------------------------------------------------------------- per database


def _schema() -> list[Table]:
    vendor = connection.vendor
    if vendor not in _tables:
        _tables[vendor] = _sqlite_tables() if vendor == "sqlite" else _postgres_tables()
    return _tables[vendor]


def _read(tables: list[Table]) -> dict[str, Counter[Any]]:
    return {t.name: Counter(_rows(t)) for t in tables}


def _rows(table: Table) -> Rows:
    if connection.vendor == "sqlite":
        return _sqlite_rows(table)
    return _postgres_rows(table)


def _restore(tables: list[Table], snapshot: Snapshot) -> None:
    with transaction.atomic():
        if connection.vendor == "sqlite":
            _sqlite_restore(tables, snapshot.added)
        else:
            _postgres_restore(tables, snapshot.added)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _raw() -> Any:
    connection.ensure_connection()
    return connection.connection


# SQLite. Values are read as stored: a column read through ``+`` loses its declared type, so the
# driver's converters (Django's for dates, decimals and booleans) leave it alone.


def _sqlite_tables() -> list[Table]:
    cursor = _raw().cursor()
    found = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{name}{suffix}" for name in virtual for suffix in FTS5_SHADOWS}
    tables = []
    for name, _ in sorted(found):
        if name in shadows:
            continue
        columns = [row[1] for row in cursor.execute(f"PRAGMA table_info({_quote(name)})")]
        if name in virtual:
            columns = ["rowid", *columns]
        tables.append(Table(name, columns))
    return tables


def _sqlite_rows(table: Table) -> list[tuple[Any, ...]]:
    select = ", ".join(f"+{_quote(c)}" for c in table.columns)
    return _raw().cursor().execute(f"SELECT {select} FROM {_quote(table.name)}").fetchall()


def _sqlite_sequences() -> dict[str, int]:
    return dict(_raw().cursor().execute("SELECT name, seq FROM sqlite_sequence").fetchall())


def _sqlite_put_sequences(sequences: dict[str, int]) -> None:
    """``sqlite_sequence`` as given (it has no key: rows are replaced, not updated)."""
    cursor = _raw().cursor()
    cursor.execute("DELETE FROM sqlite_sequence")
    cursor.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", sequences.items())


def _sqlite_restore(tables: list[Table], added: dict[str, Rows]) -> None:
    cursor = _raw().cursor()
    for table in tables:
        rows = added.get(table.name)
        if rows:
            columns = ", ".join(_quote(c) for c in table.columns)
            marks = ", ".join("?" for _ in table.columns)
            cursor.executemany(
                f"INSERT INTO {_quote(table.name)} ({columns}) VALUES ({marks})", rows
            )


# PostgreSQL: COPY's text format, one line a row, exact for every type.


def _postgres_tables() -> list[Table]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, is_generated FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
        columns: dict[str, list[str]] = {}
        for table, column, generated in cursor.fetchall():
            columns.setdefault(table, [])
            if generated == "NEVER":
                columns[table].append(column)
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        names = sorted(row[0] for row in cursor.fetchall())
        tables = []
        for name in names:
            sequence = None
            if "id" in columns[name]:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [_quote(name)])
                sequence = cursor.fetchone()[0]
            tables.append(Table(name, columns[name], sequence))
    return tables


def _postgres_rows(table: Table) -> list[bytes]:
    columns = ", ".join(_quote(c) for c in table.columns)
    with (
        _raw().cursor() as cursor,
        cursor.copy(f"COPY {_quote(table.name)} ({columns}) TO STDOUT") as copy,
    ):
        data = b"".join(bytes(chunk) for chunk in copy)
    return data.splitlines()


def _postgres_restore(tables: list[Table], added: dict[str, Rows]) -> None:
    sequences = []
    with _raw().cursor() as cursor:
        for table in tables:
            rows = added.get(table.name)
            if not rows:
                continue
            columns = ", ".join(_quote(c) for c in table.columns)
            with cursor.copy(f"COPY {_quote(table.name)} ({columns}) FROM STDIN") as copy:
                copy.write(b"".join(row + b"\n" for row in rows))
            if table.sequence:
                sequences.append(
                    f"setval('{table.sequence}', (SELECT MAX(id) FROM {_quote(table.name)}))"
                )
        if sequences:
            cursor.execute(f"SELECT {', '.join(sequences)}")

"""The backup round trip as operators run it: the real commands in their own processes, from
SQLite to PostgreSQL and back, with the demo and its rendered documents.

1. SQLite A: ``migrate``, ``demo``, ``documents-process``, ``backup``;
2. PostgreSQL B (a database of its own, dropped afterwards): ``migrate``, ``restore`` A's
   archive, ``backup``;
3. SQLite C: ``migrate``, ``restore`` B's archive, ``backup``.

Each kind of database is migrated once: C is a copy of A's file taken right after its
``migrate`` (the same file ``migrate`` would have made), and B is migrated in its own process
while A gets the demo and its documents.

The three manifests list the same tables with the same row counts and checksums and the same
files with the same checksums (0 rows and 0 files lost, nothing changed on the way), and the
portal and the OParl API answer byte for byte the same on all three (tests/backup/pages.py),
except the order and snippets of search hits on PostgreSQL, whose full-text engine is its own.
It needs PostgreSQL on PARTNERSKAP_TEST_POSTGRES_URL (default: postgres@127.0.0.1:5432), on
the SQLite run of the suite too; in CI a missing server fails the test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get(
    "PARTNERSKAP_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def _url_of(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A new, uniquely named PostgreSQL database, dropped when the test ends."""
    name = f"partnerskap_backup_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {SERVER}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _url_of(name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str, files: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.settings",
        "DEBUG": "true",  # the demo loads only in development mode
        "SECRET_KEY": "backup-round-trip-tests-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": database_url,
        "PARTNERSKAP_VAR_DIR": str(files.parent),
        "PARTNERSKAP_FILES_DIR": str(files),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def _run(env: dict[str, str], *args: str, module: str = "partnerskap") -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def _start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """``_run``, started in the background: ``_finish`` waits for it."""
    return subprocess.Popen(
        [sys.executable, "-m", "partnerskap", *args],
        cwd=CHECKOUT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> None:
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, f"{process.args}: {stdout[-2000:]}\n{stderr[-4000:]}"


def _copy_sqlite(source: Path, target: Path) -> None:
    """A copy of a SQLite database through SQLite's own backup (whatever its journal holds)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def _content(manifest: dict[str, Any]) -> dict[str, Any]:
    """What must survive a round trip: every table's rows and checksum, every file."""
    return {
        "tables": {t["model"]: (t["rows"], t["sha256"], t["columns"]) for t in manifest["tables"]},
        "files": sorted((f["root"], f["path"], f["bytes"], f["sha256"]) for f in manifest["files"]),
        "migrations": manifest["migrations"],
        "excluded": manifest["excluded"],
    }


def _site(env: dict[str, str], out: Path, now: str) -> dict[str, Any]:
    _run(env, str(out), now, module="tests.backup.pages")
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow  # three databases migrated, the demo rendered, three crawls: over a minute
def test_round_trip_sqlite_to_postgresql_and_back_loses_nothing(tmp_path, postgres_database):
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    a = _environment(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path / "a" / "files")
    b = _environment(postgres_database, tmp_path / "b" / "files")
    c = _environment(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path / "c" / "files")

    migrating_b = _start(b, "migrate", "--noinput", "-v0")
    try:
        _run(a, "migrate", "--noinput", "-v0")
        _copy_sqlite(tmp_path / "a.sqlite3", tmp_path / "c.sqlite3")  # C: migrated, empty
        _run(a, "demo")
        _run(a, "documents-process")
        _run(a, "backup", str(tmp_path / "a.tar.gz"))
        site_a = _site(a, tmp_path / "site-a.json", now)
    except BaseException:
        migrating_b.kill()
        migrating_b.wait()
        raise
    _finish(migrating_b)

    restored = _run(b, "restore", str(tmp_path / "a.tar.gz"))
    assert "Restored from" in restored
    _run(b, "backup", str(tmp_path / "b.tar"))
    site_b = _site(b, tmp_path / "site-b.json", now)
    # PostgreSQL's sequences were reset: new rows get new ids in the restored tables.
    b_new = {**b, "DJANGO_SUPERUSER_PASSWORD": "a-long-enough-password-for-this-test"}
    _run(b_new, "createsuperuser", "--noinput", "--username", "ny-drift", "--email", "d@x.no")
    _run(b, "operators", "add", "ny-drift")

    _run(c, "restore", str(tmp_path / "b.tar"))
    _run(c, "backup", str(tmp_path / "c.tar.gz"))
    site_c = _site(c, tmp_path / "site-c.json", now)

    manifests = [_manifest(tmp_path / name) for name in ("a.tar.gz", "b.tar", "c.tar.gz")]
    assert [m["database"] for m in manifests] == ["sqlite", "postgresql", "sqlite"]
    first = _content(manifests[0])
    # The demo with its documents, not an empty database.
    assert first["tables"]["documents.documentfile"][0] > 10
    assert first["tables"]["core.auditentry"][0] > 100
    assert first["tables"]["search.searchentry"][0] > 10
    assert len(first["files"]) >= first["tables"]["documents.documentfile"][0] / 2
    assert sum(rows for rows, _, _ in first["tables"].values()) > 1000
    for later in manifests[1:]:
        content = _content(later)
        lost = {
            model: (rows, content["tables"].get(model, (0,))[0])
            for model, (rows, *_) in first["tables"].items()
            if content["tables"].get(model, (0,))[0] != rows
        }
        assert lost == {}, "rows lost or gained (model: before, after)"
        changed = sorted(m for m in first["tables"] if first["tables"][m] != content["tables"][m])
        assert changed == [], "tables whose rows changed on the way"
        assert content["files"] == first["files"]
        assert content == first

    assert site_a["oparl_problems"] == []
    assert site_a["oparl"]["files"] > 0
    assert site_a["search"]["found"] is True  # the full-text index works after a restore too
    assert len(site_a["pages"]) > 100
    # Back on SQLite, every page and every OParl object and file is the same, byte for byte.
    assert _differing(site_a, site_c) == []
    assert site_c == site_a
    # On PostgreSQL too, but for the search results page: which hits come first and the
    # snippets are each database's own full-text engine (ts_rank there, bm25 on SQLite).
    search = f"/sok/?q={site_a['search']['word']}"
    assert set(_differing(site_a, site_b)) <= {search}
    assert site_b["search"] == site_a["search"]  # the entry is found there too


def _differing(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    urls = set(before["pages"]) | set(after["pages"])
    return sorted(url for url in urls if before["pages"].get(url) != after["pages"].get(url))

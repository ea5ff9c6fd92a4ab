"""Backup and restore benchmark: time, peak memory and size of ``partnerskap backup`` and
``partnerskap restore`` on a database as it is (by default ``generate.py``'s).

    .venv/bin/python bench/generate.py --drop --partnerships 5 --years 8      # small, ~1 min
    .venv/bin/python bench/backup_bench.py [--database-url URL] [--files-dir DIR] [--json FILE]

Each step runs the real command in its own process (``python -m partnerskap``), whose wall
time and peak resident memory (``wait4``) are reported:

1. ``backup`` of ``--database-url`` (default
   ``postgres://postgres@127.0.0.1:5432/partnerskap_bench``) and ``--files-dir`` (default: an
   empty directory; ``generate.py`` stores no files) to a ``.tar.gz`` (or ``.tar`` with
   ``--no-compress``);
2. ``restore --check`` (reads and checksums the whole archive);
3. ``migrate`` of a new database (``--restore-database``, default ``partnerskap_backup_bench``)
   on the same server, then
   ``restore`` into it;
4. ``backup`` of the restored database, whose manifest must list the same rows and checksums.

The restored database is dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]

from measure import print_machine  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partnerskap_bench"
RESTORED = "partnerskap_backup_bench"


def run(env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run ``partnerskap ARGS``; its seconds and peak memory (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "partnerskap", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        sys.exit(f"partnerskap {' '.join(args)} failed:\n{output}")
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def content(data: dict[str, Any]) -> tuple[object, object]:
    return (
        {t["model"]: (t["rows"], t["sha256"]) for t in data["tables"]},
        sorted((f["root"], f["path"], f["sha256"]) for f in data["files"]),
    )


def report(figures: dict[str, Any]) -> None:
    load = os.getloadavg()
    print(
        f"{figures['rows']} rows in {figures['tables']} tables "
        f"({figures['table_mb']} MB as JSON lines), {figures['files']} files "
        f"({figures['file_mb']} MB); archive {figures['archive_mb']} MB"
    )
    for step in ("backup", "check", "migrate", "restore", "backup_again"):
        print(f"{step:>13}: {figures[step]['seconds']:7.1f} s, peak {figures[step]['peak_mb']} MB")
    print(f"restored database identical (rows and checksums): {figures['identical_after_restore']}")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--files-dir", default="")
    parser.add_argument("--no-compress", action="store_true")
    parser.add_argument("--restore-database", default=RESTORED, help="created and dropped")
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    print_machine()

    import psycopg  # noqa: PLC0415

    source = urlsplit(args.database_url)
    server = urlunsplit((source.scheme, source.netloc, "/postgres", "", ""))
    restored = args.restore_database
    restored_url = urlunsplit((source.scheme, source.netloc, f"/{restored}", "", ""))
    with tempfile.TemporaryDirectory(prefix="backup-bench-") as tmp:
        base = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "partnerskap.config.settings",
            "SECRET_KEY": "backup-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "PARTNERSKAP_VAR_DIR": tmp,
            "LOG_LEVEL": "WARNING",
        }
        files = args.files_dir or f"{tmp}/source-files"
        env_source = {**base, "DATABASE_URL": args.database_url, "PARTNERSKAP_FILES_DIR": files}
        env_restored = {
            **base,
            "DATABASE_URL": restored_url,
            "PARTNERSKAP_FILES_DIR": f"{tmp}/restored-files",
        }
        suffix = ".tar" if args.no_compress else ".tar.gz"
        first, second = Path(tmp) / f"source{suffix}", Path(tmp) / f"restored{suffix}"
        figures: dict[str, Any] = {"database": args.database_url}

        figures["backup"] = run(env_source, "backup", str(first))
        figures["check"] = run(env_source, "restore", "--check", str(first))
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {restored}")
        try:
            figures["migrate"] = run(env_restored, "migrate", "--noinput", "-v0")
            figures["restore"] = run(env_restored, "restore", str(first))
            figures["backup_again"] = run(env_restored, "backup", str(second))
        finally:
            if not args.keep:
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
        made = manifest(first)
        figures["rows"] = sum(t["rows"] for t in made["tables"])
        figures["tables"] = len(made["tables"])
        figures["files"] = len(made["files"])
        figures["file_mb"] = round(sum(f["bytes"] for f in made["files"]) / 1e6, 1)
        figures["table_mb"] = round(sum(t["bytes"] for t in made["tables"]) / 1e6, 1)
        figures["archive_mb"] = round(first.stat().st_size / 1e6, 1)
        figures["identical_after_restore"] = content(made) == content(manifest(second))
        biggest = sorted(made["tables"], key=lambda t: -t["rows"])[:5]
        figures["largest_tables"] = {t["model"]: t["rows"] for t in biggest}

    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

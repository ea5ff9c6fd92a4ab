#!/usr/bin/env python3
"""Validate a Noark 5 extraction of the demo against Arkivverket's official schemas (L9).

    DJANGO_SETTINGS_MODULE=partnerskap.config.test_settings \\
        .venv/bin/python .ci/noark5_check.py --reference ../shared/reference

It makes its own SQLite database and file store in a temporary directory, migrates it, loads
the demo, renders the demo's notices and minutes as ``partnerskap documents-process`` does (so
the package has documents), writes the extraction of the whole agreement period twice and
checks:

* every XML file validates against the official XSD in ``--reference``/noark5-xsd (lxml);
* the package rules of Noark 5 chapter 6.4 (krav 6.4.15-6.4.27): file names, the official
  schemas shipped unchanged, DOKUMENT/, every document's SHA-256 and size, the counts and
  checksums ``arkivuttrekk.xml`` states, unique systemIDs, the journals in number order
  (``partnerskap.archive.check``);
* the two extractions are the same bytes.

Exit status: 0 when everything conforms, 1 with a report of every problem, 2 when the reference
files are missing.
"""

from __future__ import annotations

import argparse
import atexit
import filecmp
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=None, help="../shared/reference")
    parser.add_argument("--no-documents", action="store_true", help="Skip rendering PDFs.")
    args = parser.parse_args(argv)
    reference = args.reference or Path(
        os.environ.get(
            "PARTNERSKAP_REFERENCE_DIR",
            Path(__file__).resolve().parents[2] / "shared" / "reference",
        )
    )
    if not (reference / "noark5-xsd" / "arkivstruktur.xsd").is_file():
        say(f"The official Noark 5 schemas are not in {reference}/noark5-xsd")
        return 2

    tmp = tempfile.mkdtemp(prefix="noark5-check-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/noark5.sqlite3"
    os.environ["PARTNERSKAP_FILES_DIR"] = f"{tmp}/files"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from partnerskap.archive.check import check_package  # noqa: PLC0415
    from partnerskap.demo.loader import PARTNERSHIP_SLUG, load_demo  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    say(f"Demo loaded into {tmp} in {time.perf_counter() - started:.1f} s")
    if not args.no_documents:
        started = time.perf_counter()
        call_command("documents_process", stdout=sys.stdout)
        say(f"Documents processed in {time.perf_counter() - started:.1f} s")

    packages = []
    for run in ("first", "second"):
        started = time.perf_counter()
        out = Path(tmp) / run
        call_command("archive_export", str(out), partnership=PARTNERSHIP_SLUG, stdout=sys.stdout)
        say(f"Extraction ({run}) written in {time.perf_counter() - started:.1f} s")
        packages.append(out / "avleveringspakke")

    problems = check_package(packages[0], reference)
    first, second = packages
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    again = sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    if names != again:
        problems.append("the second extraction holds other files than the first")
    for name in names:
        if name in again and not filecmp.cmp(first / name, second / name, shallow=False):
            problems.append(f"{name}: the second extraction's bytes differ")
    documents = sum(1 for n in names if n.startswith("DOKUMENT/"))
    if problems:
        say(f"Noark 5 extraction: {len(problems)} problem(s):")
        for problem in problems:
            say(f"  - {problem}")
        return 1
    say(
        f"Noark 5 extraction of the demo conforms: {len(names)} files ({documents} documents), "
        "valid against the official schemas, every checksum right, same bytes twice."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

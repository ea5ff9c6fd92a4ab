#!/usr/bin/env python3
"""Validate the whole OParl graph of the demo against the official OParl 1.1.1 JSON schemas.

    DJANGO_SETTINGS_MODULE=partnerskap.config.test_settings \\
        .venv/bin/python .ci/oparl_schema_check.py --reference ../shared/reference/oparl-1.1-schema

By default it makes its own SQLite database and file store in a temporary directory, migrates
it, loads the demo, renders the demo's notices and minutes as ``partnerskap documents-process``
does (so the graph has ``File`` objects), and crawls /oparl/v1/ from the System with Django's
test client, fetching every file's ``accessUrl`` and ``downloadUrl`` too. ``--url`` crawls a
running server instead (``make run``: http://127.0.0.1:8000/oparl/v1/); ``--no-documents``
skips the rendering (about a minute on a busy machine).

The official schema files (OParl/spec v1.1.1, copied with provenance in SOURCE.txt) are read
from ``--reference``, never copied into the project. They are read as SOURCE.txt says:

* ``"schema": "File.json"`` means «an embedded object of that type» and is checked as such;
* ``"format": "url"`` is an absolute http(s) URL;
* a date-time is ``yyyy-mm-ddThh:mm:ss±hh:mm`` (spec 2.4; ``--lenient-datetime`` accepts any
  RFC 3339 date-time), a date ``yyyy-mm-dd``;
* ``created`` and ``modified`` are required on every object, embedded ones included (spec
  3.1), which the schemas' ``required`` lists do not say.

Besides, the crawler checks what the schemas cannot: every URL resolves, ``id`` is the URL the
object came from, lists page with ``links.next`` and keep their filters, a listed object is the
object at its URL, a file's ``accessUrl`` serves its bytes (of its ``mimeType`` and ``size``)
without ``Content-Disposition: attachment`` and its ``downloadUrl`` with one. And the project's
own models (``partnerskap.oparl.schema``) may use only property names the official schema
defines.

Exit status: 0 when everything conforms, 1 with a report of every violation, 2 when the
reference files are missing or not the ones SOURCE.txt describes.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SCHEMA_PREFIX = "https://schema.oparl.org/1.1/"
TYPES = (
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
)
STRICT_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ReferenceFilesError(Exception):
    """The reference files are missing or changed."""


def say(text: str = "", *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(f"{text}\n")


# --- the official schemas ----------------------------------------------------------------------


def verify_reference(folder: Path) -> None:
    """Every schema file is there and has the checksum SOURCE.txt records."""
    source = folder / "SOURCE.txt"
    if not source.is_file():
        msg = f"{source} not found: is --reference the oparl-1.1-schema folder?"
        raise ReferenceFilesError(msg)
    sums = {
        name: digest
        for digest, name in re.findall(
            r"^\s+([0-9a-f]{64})\s+(\S+\.json)$", source.read_text(), re.M
        )
    }
    for name in (f"{t}.json" for t in TYPES):
        path = folder / name
        if name not in sums:
            msg = f"SOURCE.txt records no checksum for {name}"
            raise ReferenceFilesError(msg)
        if not path.is_file():
            msg = f"{path} not found"
            raise ReferenceFilesError(msg)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sums[name]:
            msg = f"{path} is not the file SOURCE.txt describes (sha256 {digest})"
            raise ReferenceFilesError(msg)


def format_checker(*, lenient_datetime: bool) -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("url", raises=ValueError)
    def is_url(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        pattern = RFC3339 if lenient_datetime else STRICT_DATE_TIME
        if not pattern.match(value):
            return False
        dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def is_date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not DATE.match(value):
            return False
        dt.date.fromisoformat(value)
        return True

    return checker


def load_validators(folder: Path, *, lenient_datetime: bool) -> dict[str, Any]:
    """One validator per type; the non-standard ``schema`` keyword validates an embedded
    object against the named file, and demands its ``created`` and ``modified``."""
    files = {f"{t}.json": json.loads((folder / f"{t}.json").read_text("utf-8")) for t in TYPES}

    def embedded(validator: Any, name: str, instance: Any, _schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        yield from validator.descend(instance, files[name])

    def required_stamps(validator: Any, _value: Any, instance: Any, _schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "object"):
            for name in ("created", "modified"):
                if name not in instance:
                    yield ValidationError(f"{name!r} is a required property (spec 3.1)")

    oparl_validator = jsonschema.validators.extend(
        Draft7Validator, {"schema": embedded, "oparlStamps": required_stamps}
    )
    checker = format_checker(lenient_datetime=lenient_datetime)
    for content in files.values():
        content["oparlStamps"] = True  # created/modified on every object of every type
    return {
        f"{SCHEMA_PREFIX}{name.removesuffix('.json')}": oparl_validator(
            content, format_checker=checker
        )
        for name, content in files.items()
    }


def schema_validate(validators: dict[str, Any]) -> Callable[[str, dict[str, Any]], list[str]]:
    def validate(where: str, obj: dict[str, Any]) -> list[str]:
        validator = validators.get(obj.get("type", ""))
        if validator is None:
            return [f"{where}: type {obj.get('type')!r} has no official schema"]
        if obj.get("deleted") is True and obj.get("type", "").endswith("/Body"):
            return []  # a deleted body keeps only id, type, created, modified (spec 2.8)
        problems = []
        for error in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path)):
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
            problems.append(f"{where}{path}: {error.message}")
        return problems

    return validate


def model_names_are_official(folder: Path) -> list[str]:
    """The project's typed models may only use property names the official schema defines."""
    from partnerskap.oparl import schema  # noqa: PLC0415 - after Django is set up

    problems = []
    for type_url, model in schema.OBJECT_TYPES.items():
        name = type_url.removeprefix(SCHEMA_PREFIX)
        official = set(json.loads((folder / f"{name}.json").read_text("utf-8"))["properties"])
        ours = {field.alias or key for key, field in model.model_fields.items()}
        for extra in sorted(ours - official):
            problems.append(
                f"partnerskap.oparl.schema.{name}: {extra!r} is not an OParl 1.1 property"
            )
    return problems


# --- where the graph comes from ----------------------------------------------------------------


def client_fetch(
    *, documents: bool
) -> tuple[Callable[[str], tuple[int, dict[str, str], bytes]], str]:
    """A fresh SQLite database with the demo (and its rendered notices and minutes), served
    by Django's test client."""
    tmp = tempfile.mkdtemp(prefix="oparl-check-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/oparl.sqlite3"
    os.environ["PARTNERSKAP_FILES_DIR"] = f"{tmp}/files"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    from partnerskap.demo.loader import load_demo  # noqa: PLC0415

    setup_test_environment()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    say(f"Demo loaded into {tmp} in {time.perf_counter() - started:.1f} s")
    if documents:
        started = time.perf_counter()
        call_command("documents_process", stdout=sys.stdout)
        say(f"Documents processed in {time.perf_counter() - started:.1f} s")
    client = Client()

    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        if response.streaming:  # a file's bytes
            body = b"".join(response.streaming_content)  # type: ignore[arg-type]
            response.close()
        else:
            body = response.content
        return response.status_code, dict(response.headers), body

    return fetch, "http://testserver/oparl/v1/"


def server_fetch(timeout: float) -> Callable[[str], tuple[int, dict[str, str], bytes]]:
    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    return fetch


# --- the check ---------------------------------------------------------------------------------


def summarize(problems: list[str], limit: int) -> str:
    kinds = Counter(re.sub(r"https?://\S+", "<url>", p).split(": ", 1)[-1][:90] for p in problems)
    lines = ["Most frequent kinds of violation:"]
    lines += [f"  {count:5d} × {kind}" for kind, count in kinds.most_common(10)]
    lines.append(f"Every violation (first {limit}):")
    lines += [f"  {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit} more (--limit to see them)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True, type=Path, help="the oparl-1.1-schema folder")
    parser.add_argument("--url", help="crawl a running server from this System URL instead")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request (--url)")
    parser.add_argument(
        "--lenient-datetime", action="store_true", help="accept any RFC 3339 date-time"
    )
    parser.add_argument("--limit", type=int, default=200, help="violations to print")
    parser.add_argument(
        "--no-documents",
        action="store_true",
        help="do not render the demo's notices and minutes (the graph then has no File)",
    )
    args = parser.parse_args(argv)

    try:
        verify_reference(args.reference)
    except ReferenceFilesError as error:
        say(f"oparl_schema_check: {error}", error=True)
        return 2
    validators = load_validators(args.reference, lenient_datetime=args.lenient_datetime)

    if args.url:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")
        import django  # noqa: PLC0415

        django.setup()
        fetch, start = server_fetch(args.timeout), args.url
    else:
        fetch, start = client_fetch(documents=not args.no_documents)

    from partnerskap.oparl.crawler import crawl  # noqa: PLC0415 - after Django is set up

    started = time.perf_counter()
    result = crawl(
        fetch, start, schema_validate(validators), validate_embedded=False, check_files=True
    )
    seconds = time.perf_counter() - started
    problems = model_names_are_official(args.reference) + result.problems

    types = result.types()
    say(
        f"Crawled {len(result.timings)} URLs from {start} in {seconds:.1f} s: "
        f"{len(result.objects)} objects, {len(result.pages)} list pages, "
        f"{len(result.embedded)} embedded objects, {len(result.contents)} file contents."
    )
    say("Objects by type: " + ", ".join(f"{t} {types.get(t, 0)}" for t in TYPES))
    without_files = args.no_documents and not args.url
    missing = [t for t in TYPES if not types.get(t) and not (t == "File" and without_files)]
    if missing:
        problems.append(f"the crawl reached no object of type {', '.join(missing)}")
    if problems:
        say(f"\nOParl conformance: FAILED, {len(problems)} violation(s).\n")
        say(summarize(problems, args.limit))
        return 1
    say(
        "OParl conformance: every object and list page is valid against the official "
        "OParl 1.1.1 schemas, every URL resolves, every id is its URL, every file is served."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

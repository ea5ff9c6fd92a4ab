"""The API against its own OpenAPI schema with schemathesis' command line: every check
(``--checks all``), every phase (examples, coverage, fuzzing and stateful sequences over the
links it infers, so valid writes run and are read back), anonymously and with a secretariat's
token, against a live server. It must end with 0 failures.

Two things the schema cannot say are told to schemathesis in its configuration, not by
turning checks off:

* ``cursor`` is opaque: only a value from a ``next`` link is valid (an edited one is refused
  with 400, as docs/api.md says). A hook (``schemathesis_hooks.py``) puts a real cursor of
  the list in place of a made-up one.
* A write whose input has the schema's shape can still break a domain rule (a meeting that
  ends before it starts, an area of another agreement): 400 is an expected answer to a
  schema-valid write. Reads accept every schema-valid input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver

from partnerskap.api.views.base import PublicList
from tests.api.conftest import token_for
from tests.snapshot import as_migrated, demo_loaded

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

#: Examples per operation and phase; the whole run (two passes) stays under ~3 minutes.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
SEED = 20261207
ROOT = Path(__file__).resolve().parents[2]


def _list_cursors() -> dict[str, str]:
    """A valid cursor for every public list: after its first row in its own order."""
    cursors = {}
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if str(p.pattern) == "api/v1/")
    for pattern in api.url_patterns:  # type: ignore[attr-defined]
        view = getattr(getattr(pattern, "callback", None), "view_class", None)
        if not isinstance(pattern, URLPattern) or view is None or not issubclass(view, PublicList):
            continue
        row = view().get_queryset().order_by(*view.keyset.ordering).first()
        assert row is not None, f"{pattern.pattern} has no rows to page through"
        cursors["/api/v1/" + str(pattern.pattern)] = view.keyset._encode(row)
    return cursors


def _config(path: Path) -> Path:
    lines = [
        "[checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429"]',
        "",
        "[[operations]]",
        'include-method-regex = "^(POST|PATCH)$"',
        "[operations.checks.positive_data_acceptance]",
        'expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]',
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(
    url: str, config: Path, report: Path, phases: str, *headers: str
) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        url,
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--phases",
        phases,
        "--workers",
        "1",
        "--no-color",
        "--report-dir",
        str(report),
    ]
    for header in headers:
        command += ["--header", header]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "tests.edges.schemathesis_hooks",
        "PARTNERSKAP_CURSORS": json.dumps(_list_cursors()),
    }
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env=env, cwd=ROOT
    )


def test_schemathesis_all_checks_anonymous_and_with_a_token(
    live_server, transactional_db, tmp_path
):
    as_migrated()  # an earlier transactional test may have flushed the database
    demo_loaded()
    config = _config(tmp_path / "schemathesis.toml")
    schema = f"{live_server.url}/api/v1/schema/"
    token = token_for("sekretariat-radet")
    runs = (
        # The coverage phase (every boundary of every parameter) once, with the token: it
        # reaches the writes; anonymously the writes are 401 before their input is read.
        ("token", "examples,coverage,fuzzing,stateful", (f"Authorization: Bearer {token}",)),
        ("anonymous", "examples,fuzzing,stateful", ()),
    )
    for name, phases, headers in runs:
        done = _run(schema, config, tmp_path / name, phases, *headers)
        assert done.returncode == 0, f"{name}:\n{done.stdout[-12000:]}\n{done.stderr[-2000:]}"
        assert "failure" not in done.stdout.strip().splitlines()[-1], done.stdout[-3000:]
        (tmp_path / f"{name}.log").write_text(done.stdout)


@pytest.mark.django_db
def test_the_schema_states_limit_bounds_and_links_writes(client):
    schema = client.get("/api/v1/schema/").json()
    for route, operations in schema["paths"].items():
        if "get" in operations and route.endswith("s/") and "{id}" not in route:
            params = {p["name"]: p["schema"] for p in operations["get"].get("parameters", [])}
            if "limit" in params:
                assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 100)
                assert params["cursor"]["maxLength"] == 512
    created = schema["paths"]["/api/v1/meetings/"]["post"]["responses"]["201"]["links"]
    assert created["AddAgendaItem"] == {
        "operationId": "meeting_items_post",
        "parameters": {"id": "$response.body#/id"},
    }

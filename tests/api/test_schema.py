"""The OpenAPI 3.1 schema, its documentation page, and the API fuzzed from its own schema."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.drainage import GENERATOR_STATS
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks

from partnerskap.api.schema import openapi
from tests.api.conftest import PROBLEM, token_for
from tests.feeds.conftest import make_record

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/v1/"),
    ("get", "/api/v1/partnerships/"),
    ("get", "/api/v1/partnerships/{id}/"),
    ("get", "/api/v1/parties/"),
    ("get", "/api/v1/parties/{id}/"),
    ("get", "/api/v1/bodies/"),
    ("get", "/api/v1/bodies/{id}/"),
    ("get", "/api/v1/areas/"),
    ("get", "/api/v1/areas/{id}/"),
    ("get", "/api/v1/locations/"),
    ("get", "/api/v1/meetings/"),
    ("post", "/api/v1/meetings/"),
    ("get", "/api/v1/meetings/{id}/"),
    ("patch", "/api/v1/meetings/{id}/"),
    ("post", "/api/v1/meetings/{id}/agenda-items/"),
    ("post", "/api/v1/meetings/{id}/notice/"),
    ("get", "/api/v1/agenda-items/"),
    ("get", "/api/v1/agenda-items/{id}/"),
    ("patch", "/api/v1/agenda-items/{id}/"),
    ("get", "/api/v1/proposals/"),
    ("get", "/api/v1/proposals/{id}/"),
    ("get", "/api/v1/follow-ups/"),
    ("get", "/api/v1/follow-ups/{id}/"),
    ("post", "/api/v1/follow-ups/{id}/steps/"),
    ("get", "/api/v1/committees/"),
    ("get", "/api/v1/committees/{id}/"),
}


def test_the_schema_is_openapi_3_1_at_a_stable_url(anonymous, db):
    response = anonymous.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert {(m, p) for p, ops in schema["paths"].items() for m in ops} == OPERATIONS
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    meetings = schema["paths"]["/api/v1/meetings/"]
    assert {} in meetings["get"]["security"]  # reading needs no token
    assert {} not in meetings["post"]["security"]
    problem = meetings["post"]["responses"]["409"]["content"]
    assert list(problem) == [PROBLEM]
    assert "ETag" in meetings["get"]["responses"]["200"]["headers"]
    again = anonymous.get("/api/v1/schema/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_the_schema_is_generated_without_warnings(db):
    GENERATOR_STATS.reset()
    openapi.__wrapped__()  # type: ignore[attr-defined]
    assert not GENERATOR_STATS, (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache)


def test_the_docs_page_shows_every_operation_without_external_assets(anonymous, db):
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for method, path in OPERATIONS:
        assert f'{method.upper()}</span> <span class="path">{path}</span>' in html, path
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "FollowUpStepRequest" in html


def problem_details(response: Any) -> None:
    """Every refusal is a problem with a code (RFC 9457)."""
    if 400 <= response.status_code < 500:
        assert response.headers["content-type"] == [PROBLEM], response.text
        body = response.json()
        assert body["status"] == response.status_code
        assert body["code"]


CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


#: Operations without any input that could be made invalid (nothing to fuzz negatively).
NOTHING_TO_NEGATE = {("GET", "/api/v1/")}


def fuzz(schema: Any, headers: dict[str, str], mode: GenerationMode, examples: int) -> int:
    """Run every operation with ``examples`` generated cases; return how many ran."""
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.as_curl_command(), response.text)
            case.validate_response(response, checks=CHECKS, headers=headers)
            problem_details(response)

        try:
            run()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE
            assert (operation.method.upper(), operation.path) in NOTHING_TO_NEGATE
        ran += 1
    return ran


def test_the_api_holds_to_its_own_schema(wsgi_app, world):
    """schemathesis, from the served schema, against the WSGI app (no network): valid and
    invalid input, anonymously and with a secretariat's token. No 5xx, every response as the
    schema says, invalid input refused with a 4xx problem."""
    make_record(world, secret="hemmelig")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    token = {"Authorization": f"Bearer {token_for('sekretariat-radet')}"}
    for headers in ({}, token):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            assert fuzz(
                schema, headers, mode, examples=int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
            ) == len(OPERATIONS)


@pytest.fixture
def wsgi_app(settings):
    """The project's WSGI application, as the test client runs it: the request signals must
    not close the database connection, which holds the test's transaction."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

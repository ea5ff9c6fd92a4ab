"""F9: the API answers server errors as problem details, also with the database down (503,
``Retry-After``), and never with an HTML page or the exception's text. OParl answers JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from partnerskap.api.views import reference
from tests.api.conftest import PROBLEM, assert_problem, token_for

SECRET = "do-not-show-this-internal-detail"


def _database_down(*_args: Any) -> Any:
    raise OperationalError(f"connection refused ({SECRET})")


@pytest.fixture
def database_down() -> Iterator[None]:
    """Every query of this thread fails as it does when the server is gone."""
    with connection.execute_wrapper(_database_down):
        yield


@pytest.fixture
def browser() -> Client:
    """A client that gets the response of an unhandled exception, as a real client does."""
    return Client(raise_request_exception=False)


def _assert_no_leak(response: Any) -> None:
    text = response.content.decode()
    assert SECRET not in text
    assert "Traceback" not in text
    assert "<html" not in text.lower()


@pytest.mark.parametrize(
    "url", ["/api/v1/meetings/", "/api/v1/meetings/1/", "/api/v1/", "/api/v1/partnerships/"]
)
def test_f9_api_with_the_database_down_is_503_problem(browser, bare_demo, url):
    with connection.execute_wrapper(_database_down):
        response = browser.get(url)
    body = assert_problem(response, 503, "api.unavailable") if url != "/api/v1/" else None
    if body is None:  # the index reads nothing from the database
        assert response.status_code == 200
        return
    assert int(response["Retry-After"]) > 0
    _assert_no_leak(response)


def test_f9_api_with_a_token_and_the_database_down_is_503_problem(browser, bare_demo):
    token = token_for("sekretariat-radet")
    with connection.execute_wrapper(_database_down):
        response = browser.post(
            "/api/v1/meetings/",
            "{}",
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert_problem(response, 503, "api.unavailable")
    _assert_no_leak(response)


def test_f9_unhandled_exception_in_an_api_view_is_500_problem(browser, bare_demo, monkeypatch):
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(reference.PartnershipList, "get", broken)
    response = browser.get("/api/v1/partnerships/", headers={"Accept-Language": "en"})
    body = assert_problem(response, 500, "api.server_error")
    assert body["instance"] == "/api/v1/partnerships/"
    assert "logged" in body["detail"]
    _assert_no_leak(response)


def test_f9_oparl_with_the_database_down_is_503_json(browser, bare_demo, database_down):
    response = browser.get("/oparl/v1/bodies/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "unavailable"
    assert response["Access-Control-Allow-Origin"] == "*"
    _assert_no_leak(response)


def test_f9_portal_with_the_database_down_is_503_page(browser, bare_demo, database_down):
    response = browser.get(f"/{bare_demo.partnership.slug}/")
    assert response.status_code == 503
    assert SECRET not in response.content.decode()


PROBE = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
out = {}
for url in ("/api/v1/meetings/", "/api/v1/meetings/1/"):
    r = client.get(url)
    out[url] = [r.status_code, r["Content-Type"], r.get("Retry-After"), r.content.decode()]
print(json.dumps(out))
"""


def test_f9_api_against_an_unreachable_postgresql_is_503_problem() -> None:
    """A real unreachable server (a closed port), in a fresh process: not a simulation."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for status, content_type, retry, body in json.loads(done.stdout.splitlines()[-1]).values():
        assert (status, content_type) == (503, PROBLEM)
        assert int(retry) > 0
        assert json.loads(body)["code"] == "api.unavailable"
        assert "127.0.0.1" not in body

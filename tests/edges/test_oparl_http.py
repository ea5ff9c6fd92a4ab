"""OParl is read-only and open to every origin: writes are a 405 in JSON (not Django's CSRF
page), and a browser's CORS preflight is answered with the CORS headers."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = ["", "bodies/", "body/{body}/", "body/{body}/meetings/", "nowhere/"]


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF as a browser's request meets it."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", PATHS)
def test_writes_are_405_in_json_with_allow(csrf_client, world, method, path):
    url = "/oparl/v1/" + path.format(body=world.partnership.pk)
    response = getattr(csrf_client, method)(url, "{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", PATHS)
def test_cors_preflight_is_answered(csrf_client, world, path):
    url = "/oparl/v1/" + path.format(body=world.partnership.pk)
    response = csrf_client.options(
        url,
        headers={
            "Origin": "https://ris.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) >= {"GET", "OPTIONS"}
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0
    assert not response.cookies


def test_get_carries_cors_and_sets_no_cookie(csrf_client, world):
    response = csrf_client.get(f"/oparl/v1/body/{world.partnership.pk}/", HTTP_ORIGIN="https://x")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies


def test_unknown_paths_and_huge_ids_are_404_in_json(client, world):
    for url in ["/oparl/v1/nowhere/", "/oparl/v1/body/99999999999999999999/meetings/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

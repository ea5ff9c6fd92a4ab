"""HTTP as the specification asks: JSON in UTF-8 without escapes (2.5), CORS for everyone
(2.6), a status code for what cannot be served (2.9), read-only, and conditional GET."""

from __future__ import annotations

import pytest

from tests.oparl.conftest import get

pytestmark = pytest.mark.django_db


def test_json_in_utf8_with_cors_and_an_etag(client, record):
    response = client.get(f"/oparl/v1/body/{record.meeting.partnership_id}/meetings/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert b"Innfartsparkering <script>" in response.content  # no \\u escapes
    again = client.get(
        f"/oparl/v1/body/{record.meeting.partnership_id}/meetings/",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_one_url_one_content_whatever_the_language(client, record):
    url = f"/oparl/v1/body/{record.meeting.partnership_id}/papers/"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").content == client.get(url).content
    consultation = get(client, url)["data"][0]["consultation"][0]
    assert consultation["role"] == "Forslag til partene"


def test_read_only(client, world):
    for method in (client.post, client.put, client.delete):
        response = method("/oparl/v1/")
        assert response.status_code == 405
    assert client.head("/oparl/v1/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "body/999/",
        "body/999/meetings/",
        "body/{body}/meeting/999999/",
        "body/{body}/organization/nonsense/1/",
        "body/{body}/organization/party/999999/",
        "body/{body}/legislative-term/999/",
        "body/{body}/file/document/1/",
    ],
)
def test_what_does_not_exist_is_404_in_json(client, world, path):
    error = get(client, "/oparl/v1/" + path.format(body=world.partnership.pk), 404)
    assert error["error"] == "not_found"


def test_ids_are_absolute_urls_on_the_requested_host(client, world, settings):
    settings.ALLOWED_HOSTS = ["oparl.example.no"]
    system = client.get("/oparl/v1/", HTTP_HOST="oparl.example.no", secure=True).json()
    assert system["id"] == "https://oparl.example.no/oparl/v1/"
    assert system["body"] == "https://oparl.example.no/oparl/v1/bodies/"

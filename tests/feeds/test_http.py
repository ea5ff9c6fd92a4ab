"""HTTP behaviour shared by every feed: caching headers, conditional GET, methods, and a
number of queries that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from partnerskap.meetings.services.lifecycle import meeting_cancel
from tests.feeds.conftest import feed_urls, make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(world):
    make_record(world)
    return feed_urls(world.partnership.slug, world.areas[0].slug)


def test_every_feed_is_public_and_cacheable(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert response["ETag"].startswith('"'), url
        assert response["Content-Language"] == "nb", url
        assert "charset=utf-8" in response["Content-Type"] or url == "/sitemap.xml", url


def test_conditional_get_answers_304_until_something_changes(client, world, urls):
    for url in urls:
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == first["ETag"], url
        assert again["Cache-Control"] == "public, max-age=300", url
    calendar = client.get("/kalender.ics")
    meeting = world.meeting(oslo(2022, 11, 1))
    meeting_cancel(meeting=meeting, reason="Flyttet", actor=None)
    changed = client.get("/kalender.ics", HTTP_IF_NONE_MATCH=calendar["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != calendar["ETag"]


def test_atom_feeds_answer_if_modified_since(client, urls):
    for url in ("/feeds/innkallinger.atom", "/feeds/motebok.atom", "/feeds/oppfolging.atom"):
        first = client.get(url)
        assert first["Last-Modified"], url
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304, url
        old = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0))
        assert old.status_code == 200, url


def test_only_get_and_head(client, urls):
    for url in urls:
        assert client.head(url).status_code == 200, url
        assert client.post(url).status_code == 405, url


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_data(client, world):
    urls = feed_urls(world.partnership.slug, world.areas[0].slug)
    make_record(world, when=oslo(2021, 3, 1), secret="første")
    small = {url: _queries(client, url) for url in urls}
    for month in (4, 5, 6, 9):
        make_record(world, when=oslo(2022, month, 1), secret=f"måned {month}")
    large = {url: _queries(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 8

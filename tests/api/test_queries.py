"""Every list answers with the same number of queries however many rows are on the page and
however much data there is."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import Api
from tests.feeds.conftest import make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/partnerships/",
    "/api/v1/parties/",
    "/api/v1/bodies/",
    "/api/v1/areas/",
    "/api/v1/locations/",
    "/api/v1/meetings/",
    "/api/v1/agenda-items/",
    "/api/v1/proposals/",
    "/api/v1/follow-ups/",
    "/api/v1/committees/",
]


def queries(api: Api, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, **params)
    assert response.status_code == 200, response.content
    assert response.json()["results"], url
    return len(captured)


def test_lists_take_constant_queries_per_page(anonymous, secretariat, demo, world):
    small = {url: queries(anonymous, url, limit=1) for url in LISTS}
    full = {url: queries(anonymous, url, limit=100) for url in LISTS}
    assert full == small
    for month in (4, 5, 6):  # more meetings, items, proposals, follow-ups
        make_record(world, when=oslo(2025, month, 10), secret="hemmelig")
    grown = {url: queries(anonymous, url, limit=100) for url in LISTS}
    assert grown == small
    with_token = {url: queries(secretariat, url, limit=100) for url in LISTS}
    assert all(with_token[url] <= small[url] + 2 for url in LISTS)  # the token, last_used
    assert max(small.values()) <= 8

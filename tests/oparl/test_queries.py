"""Every list page and every object takes the same number of queries however much data there
is (a fixed number per table a page touches, never one per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.oparl import sources
from partnerskap.oparl.addresses import LISTS, Urls
from partnerskap.oparl.segments import Scope
from partnerskap.oparl.sources import tombstone_segment
from tests.oparl.conftest import ROOT, get, grow

pytestmark = pytest.mark.django_db

SINCE = "modified_since=2000-01-01T00%3A00%3A00%2B00%3A00"


def lists(body: int) -> list[str]:
    return [f"/oparl/v1/body/{body}/{segment}/" for _type, segment in LISTS.values()]


def urls(body: int) -> list[str]:
    """The System, the bodies, the body, and each list whole (every segment on one page)."""
    return [
        "/oparl/v1/",
        "/oparl/v1/bodies/",
        f"/oparl/v1/body/{body}/",
        *lists(body),
        *(f"{url}?{SINCE}" for url in lists(body)),
    ]


def objects(client, body: int) -> list[str]:
    """The URL of the first object of each list."""
    out = []
    for _type, segment in LISTS.values():
        data = get(client, f"/oparl/v1/body/{body}/{segment}/")["data"]
        out += [d["id"].removeprefix("http://testserver") for d in data[:1]]
    return out


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in {200, 404}, url
    return len(queries)


def test_queries_per_page_do_not_grow_with_the_data(client, record, world):
    """``grow`` adds documents too, so files (listed and embedded) are counted."""
    body = world.partnership.pk
    grow(world, 2)
    pages = urls(body)
    details = objects(client, body)
    before = {url: count(client, url) for url in pages + details}
    grow(world, 6, offset=2)
    after = {url: count(client, url) for url in pages + details}
    assert after == before
    assert max(before.values()) <= 15, before
    # A smaller page reads at most the segments a whole list reads.
    for url in lists(body):
        for page in (1, 2, 3):
            assert count(client, f"{url}?elementsPerPage=2&page={page}") <= before[url], url


def test_every_segment_keeps_its_queryset_under_its_own_key(world):
    """Query templates (``segments.template``) are kept per process under a key; two segments
    sharing a key would list each other's rows."""
    scope = Scope(partnership=world.partnership, urls=Urls(root=ROOT, origin="http://testserver"))
    keys = [
        segment.template_key
        for oparl_type in sources.SEGMENTS
        for segment in (*sources.SEGMENTS[oparl_type](scope), tombstone_segment(scope, oparl_type))
        if segment.template is not None
    ]
    assert len(keys) > 10
    assert len(keys) == len(set(keys))

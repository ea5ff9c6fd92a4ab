"""OParl through the shared page cache (core/page_cache.py, ``share_objects``): a list page
that is stored also stores each of its live objects under the object's own URL, entry for
entry what the object's URL would store itself (bytes and headers), so that a crawler reading
the lists and then every object gets hits. Only for anonymous GETs that are stored; a write
gives every object a new key; closed matter is in no entry."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from partnerskap.core.page_cache import HEADER
from partnerskap.meetings.services.agenda import agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.oparl.addresses import LISTS
from partnerskap.oparl.deletions import record_deletion
from partnerskap.people.models import Role
from partnerskap.people.services import membership_create
from tests.oparl.conftest import CANARY, Kind, Outcome, Record
from tests.world import oslo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

Entries = dict[str, Any]


def _lists(client: Client, body: int) -> list[str]:
    """Every page of every list of ``body``, following ``links.next``."""
    urls = []
    for _oparl_type, segment in LISTS.values():
        url = f"http://testserver/oparl/v1/body/{body}/{segment}/"
        while url:
            urls.append(url)
            response = client.get(url)
            assert response.status_code == 200, url
            url = json.loads(response.content)["links"].get("next", "")
    return urls


def _stored(client: Client, url: str) -> Entries:
    """What answering ``url`` stores in the cache, key by key."""
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as written:
        response = client.get(url)
    assert response.status_code == 200, url
    return {k: v for call in written.call_args_list for k, v in call.args[0].items()}


def _objects(client: Client, urls: list[str]) -> list[str]:
    """The ids of the live objects on these list pages."""
    ids = []
    for url in urls:
        page = json.loads(client.get(url).content)
        ids += [obj["id"] for obj in page["data"] if not obj.get("deleted")]
    return ids


def test_each_object_a_list_page_stores_is_what_its_own_url_stores(client, record: Record):
    body = record.meeting.partnership.pk
    pages = _lists(client, body)
    objects = _objects(client, pages)
    assert len(objects) > 20
    shared: Entries = {}
    for url in pages:
        cache.clear()
        shared |= _stored(client, url)
    assert len(shared) == len(pages) + len(set(objects))
    for url in set(objects):
        cache.clear()
        own = _stored(client, url)
        assert len(own) == 1, url
        [(key, entry)] = own.items()
        assert shared[key] == entry, url  # the same key, the same bytes, the same headers
    assert CANARY.encode() not in b"".join(content for content, _headers in shared.values())


def test_a_crawler_gets_every_object_of_a_list_from_the_cache(client, record: Record):
    body = record.meeting.partnership.pk
    pages = _lists(client, body)
    for url in _objects(client, pages):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response[HEADER] == "hit", url
        assert json.loads(response.content)["id"] == url
        etag = response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_after_a_write_an_object_the_list_stored_is_rendered_anew(client, world):
    meeting = world.meeting(oslo(2022, 5, 10))
    item = world.item(meeting, kind=Kind.PROPOSAL, title="Ferjeplanen")
    meeting_publish_notice(meeting=meeting, actor=None)
    body = world.partnership.pk
    _lists(client, body)
    url = f"http://testserver/oparl/v1/body/{body}/agenda-item/{item.pk}/"
    before = client.get(url)
    assert before[HEADER] == "hit"
    agenda_item_record_outcome(
        item=item, outcome=Outcome.PROPOSAL, outcome_text="Vedtatt som ferjeplan", actor=None
    )
    after = client.get(url)
    assert after[HEADER] == "miss"
    assert "Vedtatt som ferjeplan" in after.content.decode()


def test_no_object_is_stored_for_a_signed_in_reader_a_head_or_a_conditional_get(
    as_secretariat, client, record: Record
):
    url = f"http://testserver/oparl/v1/body/{record.meeting.partnership.pk}/agenda-items/"
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as written:
        assert as_secretariat.get(url).status_code == 200
        assert client.head(url).status_code == 200
    assert [len(call.args[0]) for call in written.call_args_list] == [1]  # the HEAD's own
    etag = Client().get(url)["ETag"]
    cache.clear()
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as written:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert written.call_count == 0


def test_a_tombstone_in_a_list_is_not_stored_under_its_url(client, world):
    """A deleted object is listed with ``modified_since``; its URL is left to render (a live
    object of the same id would win there)."""
    membership = membership_create(
        person=world.people["Storli"],
        party=world.council,
        role=Role.MEMBER,
        valid_from=dt.date(2024, 1, 1),
        actor=None,
    )
    body = world.partnership.pk
    url = f"http://testserver/oparl/v1/body/{body}/membership/delegate/{membership.pk}/"
    with transaction.atomic():
        record_deletion(membership)
        membership.delete()
    since = quote("2000-01-01T00:00:00+00:00", safe="")
    listed = f"http://testserver/oparl/v1/body/{body}/memberships/?modified_since={since}"
    entries = _stored(client, listed)
    data = json.loads(client.get(listed).content)["data"]
    assert url in [o["id"] for o in data if o.get("deleted")]
    assert len(entries) == 1 + len([o for o in data if not o.get("deleted")])
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert json.loads(response.content)["deleted"] is True

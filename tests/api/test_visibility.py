"""L3 and L8: nothing exempt from public access leaves through the API."""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import pytest

from partnerskap.committees.models import Committee
from partnerskap.meetings.models import Minutes
from tests.api.conftest import Api
from tests.canary import CANARY, MARK, WITHHELD

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1/"


def _links(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [link for v in value.values() for link in _links(v)]
    if isinstance(value, list):
        return [link for v in value for link in _links(v)]
    if isinstance(value, str) and value.startswith(API):
        return [value]
    return []


def crawl(api: Api, start: list[str]) -> dict[str, Any]:
    """Every API URL reachable from ``start`` through links in the responses (pages, rows,
    details), with its response."""
    seen: dict[str, Any] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = api.get(url)
        seen[url] = response
        if response["Content-Type"] == "application/json":
            queue.extend(_links(response.json()))
    return seen


def assert_secret_absent(responses: dict[str, Any]) -> None:
    for url, response in responses.items():
        assert CANARY.encode() not in response.content, url
        assert CANARY not in str(response.headers), url


def assert_withheld_absent(responses: dict[str, Any]) -> None:
    """What is not public (yet) is not in any anonymous answer either."""
    for url, response in responses.items():
        assert WITHHELD.encode() not in response.content, url
        assert MARK not in str(response.headers), url


@pytest.fixture
def record(canary):
    assert CANARY in json.dumps(Minutes.objects.get(meeting=canary.meeting).content["internal"])
    return canary


def _targets(record, world) -> list[str]:
    """Lists filtered to the exempt objects, and the exempt objects' own URLs."""
    closed_fus = list(record.closed_proposal.follow_ups.all())  # Asker's and Bærum's
    committee = Committee.objects.get(established_by=record.committee_item)
    areas = [a.pk for a in world.areas[:2]]
    urls = [API]
    for name in ("meetings", "agenda-items", "proposals", "committees"):
        urls += [f"{API}{name}/?area={pk}&limit=1" for pk in areas]
    urls += [f"{API}agenda-items/{item.pk}/" for item in (record.draft_item, record.withdrawn_item)]
    urls += [
        f"{API}meetings/{record.draft_item.meeting_id}/",
        f"{API}committees/{record.committee.pk}/",
    ]
    urls += [
        f"{API}agenda-items/?meeting={record.meeting.pk}",
        f"{API}follow-ups/?proposal={record.closed_proposal.pk}",
        f"{API}agenda-items/{record.closed_item.pk}/",
        f"{API}agenda-items/{record.committee_item.pk}/",
        f"{API}proposals/{record.closed_proposal.pk}/",
        *(f"{API}follow-ups/{follow_up.pk}/" for follow_up in closed_fus),
        f"{API}committees/{committee.pk}/",
        f"{API}schema/",
        f"{API}docs/",
    ]
    return urls


def _write_attempts(api: Api, record) -> list[Any]:
    closed_fu = record.closed_proposal.follow_ups.get(elected_body__slug="asker-kommunestyre")
    return [
        api.post(f"/api/v1/follow-ups/{closed_fu.pk}/steps/", {"status": "on_agenda"}),
        api.patch(f"/api/v1/agenda-items/{record.closed_item.pk}/", {"title": "x"}),
        api.post(f"/api/v1/meetings/{record.meeting.pk}/notice/"),
        api.post(f"/api/v1/meetings/{record.meeting.pk}/agenda-items/", {}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "case_officer"])
def test_l3_no_endpoint_shows_anything_exempt(request, who, record, world):
    """A unique string is in every exempt field: the closed items' real titles, case
    presentations, recommendations and conclusions, the minutes' internal part, a proposal
    made from a closed item with its follow-up note, and a committee set up in closed session.
    Crawling the whole API from its index, plus the exempt objects' own URLs and the lists
    filtered to them, finds it in no body and no header — for a visitor, for a user without a
    role, and for a case officer (who is not a member and may not read exempt content)."""
    api: Api = request.getfixturevalue(who)
    responses = crawl(api, _targets(record, world))
    assert len(responses) > 40
    assert all(r.status_code in (200, 404) for r in responses.values())
    assert_secret_absent(responses)
    if who != "case_officer":  # staff may see an agenda before its notice
        assert_withheld_absent(responses)
    for response in _write_attempts(api, record):
        # Refused; an object the user may not see at all is a 404 (it is not confirmed).
        assert response.status_code in (401, 403, 404), response.content
        assert CANARY.encode() not in response.content
        assert CANARY not in str(response.headers)


def test_l3_the_closed_items_are_there_with_their_neutral_titles(anonymous, record):
    """The canary test means something only if the closed items are in the responses."""
    agenda = anonymous.get(f"/api/v1/meetings/{record.meeting.pk}/").json()["agenda"]
    closed = {i["title"]: i["legal_basis"] for i in agenda if not i["public"]}
    assert set(closed) == {"Personalsak", "Utvalg"}
    assert all("11-5" in basis for basis in closed.values())
    assert anonymous.get(f"/api/v1/proposals/{record.open_proposal.pk}/").status_code == 200
    assert anonymous.get(f"/api/v1/proposals/{record.closed_proposal.pk}/").status_code == 404

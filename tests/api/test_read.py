"""Public reads: every list and detail, keyset pagination, filters, ETag and 304, problems."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerskap.api import selectors
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_update
from tests.api.conftest import PROBLEM, Api, assert_problem
from tests.feeds.conftest import make_record
from tests.world import oslo

pytestmark = pytest.mark.django_db

LISTS = [
    "partnerships",
    "parties",
    "bodies",
    "areas",
    "locations",
    "meetings",
    "agenda_items",
    "proposals",
    "follow_ups",
    "committees",
]


def all_rows(api: Api, url: str, **params) -> list[dict]:
    rows, pages = [], 0
    response = api.get(url, **params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        pages += 1
        assert pages < 100
        if body["next"] is None:
            return rows
        assert response["Link"] == f'<{body["next"]}>; rel="next"'
        response = api.get(body["next"])


def test_every_list_and_its_first_row_answer_with_links_that_work(anonymous, client, demo):
    index = anonymous.get("/api/v1/").json()
    assert set(LISTS) <= set(index)
    for name in LISTS:
        response = anonymous.get(index[name])
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/json"
        assert response["ETag"]
        rows = response.json()["results"]
        assert rows, f"the demo has {name}"
        first = rows[0]
        if "url" in first:
            detail = anonymous.get(first["url"])
            assert detail.status_code == 200, first["url"]
            assert detail.json()["id"] == first["id"]
        if "web" in first:
            assert client.get(first["web"]).status_code == 200, first["web"]


def test_keyset_pages_give_every_row_once_in_a_stable_order(anonymous, demo):
    rows = all_rows(anonymous, "/api/v1/agenda-items/", limit=7)
    expected = list(selectors.items().order_by("year", "number", "id").values_list("pk", flat=True))
    assert [r["id"] for r in rows] == expected
    # Proposals 10 and 9 were both sent on 21.3.2023: with 3 a page they straddle a page break.
    proposals = all_rows(anonymous, "/api/v1/proposals/", limit=3)
    sent = [(p["sent_on"], p["id"]) for p in proposals]
    assert sent == sorted(sent, reverse=True)
    assert len({p["id"] for p in proposals}) == len(proposals) == 12 + 3  # + Follo's (demo)
    meetings = all_rows(anonymous, "/api/v1/meetings/", limit=4)
    assert [m["starts_at"] for m in meetings] == sorted(m["starts_at"] for m in meetings)


def test_a_page_is_stable_while_rows_are_added_before_it(anonymous, world, published):
    for day in (1, 2, 3):
        published(oslo(2022, 3, day))
    first = anonymous.get("/api/v1/meetings/", limit=2).json()
    published(oslo(2022, 2, 1))  # earlier than every row on the first page
    second = anonymous.get(first["next"]).json()
    assert [m["starts_at"][:10] for m in second["results"]] == ["2022-03-03"]


def test_bad_limits_and_cursors_are_400_problems(anonymous, bare_demo):
    for params in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"cursor": "!!"}):
        assert_problem(anonymous.get("/api/v1/meetings/", **params), 400, "api.invalid")
    cursor = anonymous.get("/api/v1/areas/", limit=1).json()["next"].split("cursor=")[1]
    cursor = cursor.split("&")[0]
    body = assert_problem(anonymous.get("/api/v1/meetings/", cursor=cursor), 400, "api.invalid")
    assert body["errors"][0]["field"] == "cursor"
    for bad in ("year=abc", "year=99999", "status=nope", "modified_since=igår", "area=-1"):
        name, value = bad.split("=")
        body = assert_problem(anonymous.get("/api/v1/meetings/", **{name: value}), 400)
        assert body["errors"][0]["field"] == name


def test_a_get_answers_304_to_its_etag_until_something_changes(anonymous, secretariat, published):
    meeting = published()
    url = f"/api/v1/meetings/{meeting.pk}/"
    first = anonymous.get(url)
    assert "public" in first["Cache-Control"]
    etag = first["ETag"]
    again = anonymous.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    item = meeting.items.get()
    agenda_item_update(item=item, title="Ny tittel", areas=list(item.areas.all()), actor=None)
    changed = anonymous.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "private" in secretariat.get(url)["Cache-Control"]


def test_unknown_and_unpublished_things_are_404_problems(anonymous, world):
    meeting = world.meeting()
    item = world.item(meeting)
    assert anonymous.get(f"/api/v1/meetings/{meeting.pk}/").json()["agenda"] == []  # L1
    assert_problem(anonymous.get(f"/api/v1/agenda-items/{item.pk}/"), 404, "api.not_found")
    assert anonymous.get("/api/v1/agenda-items/").json()["results"] == []
    for url in (
        "/api/v1/meetings/999999/",
        "/api/v1/meetings/99999999999999999999999/",
        "/api/v1/nothing-here/",
        "/api/v1/meetings",
    ):
        assert_problem(anonymous.get(url), 404, "api.not_found")


def test_a_closed_item_shows_its_neutral_title_and_legal_basis_only(anonymous, published):
    meeting = published()
    item = meeting.items.get()
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=item, legal_basis=basis, public_title="Personalsak", actor=None)
    row = anonymous.get(f"/api/v1/agenda-items/{item.pk}/").json()
    assert row["public"] is False
    assert row["title"] == "Personalsak"
    assert row["legal_basis"] == basis.label
    assert row["areas"] == []
    assert row["sdgs"] == []
    assert row["case_presentation"] == row["recommendation"] == row["outcome_text"] == ""
    agenda = anonymous.get(f"/api/v1/meetings/{meeting.pk}/").json()["agenda"]
    assert [(i["title"], i["public"]) for i in agenda] == [("Personalsak", False)]


def test_approved_minutes_come_with_the_meeting(anonymous, world):
    record = make_record(world, secret="hemmelig")
    minutes = anonymous.get(f"/api/v1/meetings/{record.meeting.pk}/").json()["minutes"]
    assert minutes["version"] == 1
    assert minutes["approved_at"]
    titles = [i["title"] for i in minutes["content"]["items"]]
    assert "Personalsak" in titles
    assert "internal" not in str(minutes)


def test_a1_a18_a_handover_and_a_carried_over_proposal_show_in_the_api(anonymous, demo):
    """The demo's PS 3/2023 went to Viken fylkesting, which handed it over to Akershus
    fylkesting on 1.1.2024 (A1); the renewal carried two open proposals over (A18)."""
    handed = FollowUp.objects.get(status=FollowUp.Status.HANDED_OVER)
    proposal = anonymous.get(f"/api/v1/proposals/{handed.proposal_id}/").json()
    by_id = {f["id"]: f for f in proposal["follow_ups"]}
    assert by_id[handed.pk]["status"] == "handed_over"
    assert by_id[handed.pk]["taken_over_from"] is None
    (successor,) = [f for f in by_id.values() if f["taken_over_from"] == handed.pk]
    assert successor["elected_body"]["name"] == "Akershus fylkesting"
    renewed = demo.partnership.renewal
    carried = Proposal.objects.filter(carried_over_to=renewed)
    assert carried.count() == 2
    for pk in carried.values_list("pk", flat=True):
        assert anonymous.get(f"/api/v1/proposals/{pk}/").json()["carried_over_to"] == renewed.pk
    assert proposal["carried_over_to"] is None  # PS 3/2023 stays with 2020–2024


def test_filters(anonymous, demo):
    def ids(url: str, **params) -> list[int]:
        return [r["id"] for r in all_rows(anonymous, url, **params)]

    assert len(ids("/api/v1/meetings/", year=2022)) == 3
    assert ids("/api/v1/meetings/", year=2019) == []
    held = ids("/api/v1/meetings/", status="minutes_approved")
    # Every meeting but the second council's (Follo, demo) one planned in 2027.
    planned = Meeting.objects.get(status="planned")
    assert len(held) == Meeting.objects.count() - 1
    assert ids("/api/v1/meetings/", status="planned") in ([], [planned.pk])
    assert ids("/api/v1/meetings/", area=999_999) == []
    # Two partnerships have an area «digitalisering» (the renewal, A18): take the 2020–2024 one.
    area = selectors.areas().get(
        slug="digitalisering", part__agreement__partnership=demo.partnership
    )
    in_area = ids("/api/v1/meetings/", area=area.pk)
    assert in_area
    assert set(in_area) == set(
        AgendaItem.objects.filter(areas=area, closed_session__isnull=True).values_list(
            "meeting_id", flat=True
        )
    )
    baerum = selectors.parties().get(slug="baerum-kommune")
    council = selectors.parties().get(slug="asker-og-baerum-rad")
    assert len(ids("/api/v1/parties/", partnership=demo.partnership.pk)) == 4  # + members
    assert ids("/api/v1/parties/", kind="municipality") == sorted(
        selectors.parties().filter(kind="municipality").values_list("pk", flat=True)
    )
    renewed = demo.partnership.renewal  # A18: the demo's 2025–2028 partnership
    follo = selectors.partnerships().exclude(pk__in=[demo.partnership.pk, renewed.pk]).get()
    assert sorted(ids("/api/v1/partnerships/", party=council.pk)) == [
        demo.partnership.pk,
        renewed.pk,
    ]
    assert sorted(ids("/api/v1/partnerships/", year=2025)) == sorted([follo.pk, renewed.pk])
    assert ids("/api/v1/partnerships/", year=2029) == []
    assert ids("/api/v1/partnerships/", status="concluded") == [demo.partnership.pk]
    owed = all_rows(anonymous, "/api/v1/follow-ups/", party=baerum.pk, status="sent")
    assert owed
    assert all(f["status"] == "sent" for f in owed)
    baerum_bodies = set(ids("/api/v1/bodies/", party=baerum.pk))
    assert all(f["elected_body"]["id"] in baerum_bodies for f in owed)
    proposals = all_rows(anonymous, "/api/v1/proposals/", party=baerum.pk, status="sent")
    assert {p["id"] for p in proposals} == {f["proposal"] for f in owed}
    assert all(
        p["sent_on"].startswith("2023")
        for p in all_rows(anonymous, "/api/v1/proposals/", year=2023)
    )
    in_area_proposals = all_rows(anonymous, "/api/v1/proposals/", area=area.pk)
    assert all(area.pk in [a["id"] for a in p["areas"]] for p in in_area_proposals)
    committees = all_rows(anonymous, "/api/v1/committees/", year=2024)
    assert committees
    assert all(c["starts_on"] <= "2024-12-31" for c in committees)
    items = all_rows(anonymous, "/api/v1/agenda-items/", year=2021, area=area.pk)
    assert all(i["year"] == 2021 and area.pk in [a["id"] for a in i["areas"]] for i in items)
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=1)
    for name in LISTS:
        url = f"/api/v1/{name.replace('_', '-')}/"
        assert ids(url, modified_since=later.isoformat()) == [], name


def test_problem_details_are_problem_json_in_the_visitors_language(anonymous, bare_demo):
    english = anonymous.get("/api/v1/meetings/", headers={"Accept-Language": "en"}, year="x")
    assert english["Content-Type"] == PROBLEM
    assert "valid integer" in english.json()["detail"]
    norwegian = anonymous.get("/api/v1/meetings/", headers={"Accept-Language": "nb"}, year="x")
    assert "heltall" in norwegian.json()["detail"]
    other = anonymous.get("/api/v1/meetings/", headers={"Accept": "text/html"})
    assert_problem(other, 406, "api.not_acceptable")
    assert_problem(anonymous.client.delete("/api/v1/meetings/"), 405, "api.method_not_allowed")

"""The public portal: every page opens on the demo, openness rules hold on the pages, the
queries do not grow with the data, and conditional GETs are cheap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerskap.committees.models import Committee
from partnerskap.core.models import LegalBasis
from partnerskap.demo.renewal import RENEWED_SLUG
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.canary import MARK
from tests.factories import HOSTILE
from tests.world import oslo

pytestmark = pytest.mark.django_db
SLUG = "asker-baerum-viken-2020-2024"


def public_urls() -> list[str]:
    p = SLUG
    urls = [
        "/",
        "/en/",
        f"/{p}/",
        f"/{p}/moter/",
        f"/{p}/forslag/",
        f"/{p}/utvalg/",
        f"/{p}/avtale/",
        f"/{p}/gjester/",
        f"/{p}/omrader/digitalisering/",
    ]
    urls += [f"/{p}/arshjul/{y}/" for y in range(2020, 2025)]
    urls += [f"/{p}/ar/{y}/" for y in range(2020, 2025)]
    # Every partnership's objects, each under its own partnership (the demo has three).
    meetings = Meeting.objects.select_related("partnership")
    urls += [f"/{m.partnership.slug}/moter/{m.pk}/" for m in meetings]
    items = AgendaItem.objects.filter(withdrawn=False).select_related("meeting__partnership")
    urls += [f"/{i.meeting.partnership.slug}/saker/{i.pk}/" for i in items]
    proposals = Proposal.objects.filter(item__closed_session__isnull=True)
    urls += [
        f"/{x.partnership.slug}/forslag/{x.pk}/" for x in proposals.select_related("partnership")
    ]
    urls += [f"/{c.partnership.slug}/utvalg/{c.pk}/" for c in Committee.objects.all()]
    # The renewed partnership (A18): its front page, meetings and years.
    r = RENEWED_SLUG
    urls += [f"/{r}/", f"/{r}/moter/", f"/{r}/forslag/", f"/{r}/avtale/"]
    urls += [f"/{r}/arshjul/{y}/" for y in (2025, 2026)]
    return urls


def test_every_public_page_of_the_demo_opens(client, demo):
    urls = public_urls()
    assert len(urls) > 60
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="nb"' in html or url.startswith("/en/"), url
        assert 'hreflang="en"' in html, url


def test_english_pages_are_marked_english(client, demo):
    html = client.get(f"/en/{SLUG}/moter/").content.decode()
    assert '<html lang="en"' in html
    assert "Meetings" in html


def test_a_new_visitor_finds_the_meeting_the_deputy_chaired(client, demo):
    meeting = Meeting.objects.get(chair_reason="deputy")
    html = client.get(f"/{SLUG}/moter/{meeting.pk}/").content.decode()
    assert "Torbjørn Lindeberg" in html
    assert "nestleder" in html.lower()


def test_l1_agenda_is_not_public_before_the_notice(client, world):
    meeting = world.meeting(oslo(2023, 5, 10))
    item = world.item(meeting, title="Ikke kunngjort ennå")
    assert (
        "Ikke kunngjort ennå"
        not in client.get(f"/{world.partnership.slug}/moter/{meeting.pk}/").content.decode()
    )
    assert client.get(f"/{world.partnership.slug}/saker/{item.pk}/").status_code == 404
    meeting_publish_notice(meeting=meeting, actor=None)
    assert (
        "Ikke kunngjort ennå"
        in client.get(f"/{world.partnership.slug}/moter/{meeting.pk}/").content.decode()
    )


def test_l3_closed_item_pages_show_the_basis_never_the_content(client, canary):
    """The closed item of the canary dataset (``tests.canary``), its meeting and year: the
    neutral title and the legal basis, never the title, texts, conclusion or vote."""
    slug = canary.slug
    for url in (f"/{slug}/moter/{canary.meeting.pk}/", f"/{slug}/saker/{canary.closed_item.pk}/"):
        html = client.get(url).content.decode()
        assert "Personalsak" in html
        assert "kommuneloven § 11-5 andre ledd bokstav a" in html
        assert MARK not in html
    year = client.get(f"/{slug}/ar/2022/")
    assert year.status_code == 200
    assert MARK not in year.content.decode()


def test_hostile_text_is_escaped(client, world, published):
    meeting = published()
    meeting.title = HOSTILE
    meeting.save()
    html = client.get(f"/{world.partnership.slug}/moter/{meeting.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_conditional_get_answers_304_until_the_data_changes(client, world, published):
    meeting = published()
    url = f"/{world.partnership.slug}/moter/{meeting.pk}/"
    first = client.get(url)
    assert first["Cache-Control"].startswith("public") or "public" in first["Cache-Control"]
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert len(queries) <= 3
    world.item(meeting.__class__.objects.get(pk=meeting.pk), title="Ny sak")  # any service write
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_new_day_gives_a_new_etag(client, world, published):
    """Overdue marks and the next meeting change at midnight in Oslo without any write."""
    import time_machine

    url = f"/{world.partnership.slug}/"
    with time_machine.travel(oslo(2022, 3, 1, 23, 59), tick=False):
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(oslo(2022, 3, 2, 0, 1), tick=False):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_signed_in_pages_are_private(world, published, as_member):
    meeting = published()
    response = as_member.get(f"/{world.partnership.slug}/moter/{meeting.pk}/")
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(world, n: int) -> None:
    for i in range(n):
        meeting = world.meeting(oslo(2021, 1 + i % 12, 1 + i % 27))
        world.item(meeting, areas=world.areas[:2])
        meeting_publish_notice(meeting=meeting, actor=None)


@pytest.mark.parametrize(
    "page",
    ["/{p}/moter/", "/{p}/", "/", "/{p}/omrader/{a}/", "/{p}/arshjul/2021/", "/{p}/ar/2021/"],
)
def test_queries_per_page_stay_constant_as_data_grows(client, world, page):
    url = page.format(p=world.partnership.slug, a=world.areas[0].slug)
    _grow(world, 2)
    small = _queries(client, url)
    _grow(world, 8)
    assert _queries(client, url) == small, url


def test_meeting_page_queries_do_not_grow_with_items(client, world):
    meeting = world.meeting(oslo(2022, 2, 2))
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    url = f"/{world.partnership.slug}/moter/{meeting.pk}/"
    small = _queries(client, url)
    other = world.meeting(oslo(2022, 3, 3))
    for _ in range(6):
        world.item(other)
    meeting_publish_notice(meeting=other, actor=None)
    assert _queries(client, f"/{world.partnership.slug}/moter/{other.pk}/") == small


def test_unknown_partnership_and_years_outside_the_period_are_404(client, bare_demo):
    assert client.get("/finnes-ikke/").status_code == 404
    assert client.get(f"/{SLUG}/ar/2019/").status_code == 404
    assert (
        client.get(reverse("portal:cycle", kwargs={"partnership": SLUG, "year": 2031})).status_code
        == 404
    )


def test_year_page_shows_compliance_and_charts_with_text_alternatives(client, demo):
    import time_machine

    with time_machine.travel(oslo(2026, 11, 26), tick=False):
        html = client.get(f"/en/{SLUG}/ar/2022/").content.decode()
    assert 'role="img"' in html
    assert "<title" in html
    assert "<table" in html
    # The follow-up figures are of today, not of the year's end, and say so.
    assert "as their follow-up stands today (Nov. 26, 2026)" in html


def test_l3_year_page_counts_nothing_from_closed_sessions(client, world):
    from partnerskap.committees.services import Member, committee_establish

    meeting = world.meeting(oslo(2023, 5, 10))
    closed = world.item(
        meeting,
        kind="procedural",
        procedural_subject="committee",
        areas=world.areas[6:7],
        title="x",
    )
    agenda_item_close(
        item=closed,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Lukket",
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=closed, outcome="procedural", actor=None)
    committee_establish(
        item=closed,
        name="KANARI-UTVALG",
        task="t",
        mandate="m",
        starts_on=dt.date(2023, 6, 1),
        ends_on=dt.date(2023, 12, 1),
        members=[Member(world.people["Eikeland"], world.council)],
        areas=world.areas[6:7],
        actor=None,
    )
    html = client.get(f"/{world.partnership.slug}/ar/2023/").content.decode()
    assert "KANARI" not in html
    assert world.areas[6].name not in html

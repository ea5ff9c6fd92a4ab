"""The sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee
from partnerskap.core import time
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from tests.feeds.conftest import make_record, sitemap_locations
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _url(name: str, language: str = "nb", **kwargs: object) -> str:
    with translation.override(language):
        return "http://testserver" + reverse(name, kwargs=kwargs)


def test_sitemap_lists_the_public_pages_in_both_languages(client, demo):
    partnership = demo.partnership
    slug = partnership.slug
    locations = sitemap_locations(client.get("/sitemap.xml"))
    assert len(locations) == len(set(locations))
    expected = [
        _url("portal:partnership", partnership=slug),
        _url("portal:meetings", partnership=slug),
        _url("portal:proposals", partnership=slug),
        _url("portal:committees", partnership=slug),
        _url("portal:agreement", partnership=slug),
        _url("portal:year", partnership=slug, year=2020),
        _url("portal:year", partnership=slug, year=min(2024, time.today().year)),
        _url("portal:partnership", "en", partnership=slug),
    ]
    expected += [
        _url("portal:area", partnership=slug, area=area.slug)
        for area in areas_current(partnership=partnership)
    ]
    # The demo partnership's objects (the demo's second partnership, Follo's, has its own).
    meetings = Meeting.objects.filter(partnership=partnership)
    expected += [_url("portal:meeting", partnership=slug, pk=m.pk) for m in meetings]
    expected += [
        _url("portal:proposal", partnership=slug, pk=p.pk)
        for p in Proposal.objects.filter(partnership=partnership, item__closed_session__isnull=True)
    ]
    expected += [
        _url("portal:committee", partnership=slug, pk=c.pk)
        for c in Committee.objects.filter(partnership=partnership)
    ]
    open_items = AgendaItem.objects.filter(
        meeting__partnership=partnership, closed_session__isnull=True, withdrawn=False
    )
    expected += [_url("portal:item", partnership=slug, pk=i.pk) for i in open_items]
    missing = set(expected) - set(locations)
    assert not missing
    closed = AgendaItem.objects.filter(closed_session__isnull=False)
    assert closed.exists()
    for item in closed:
        assert _url("portal:item", partnership=slug, pk=item.pk) not in locations
        assert _url("portal:item", "en", partnership=slug, pk=item.pk) not in locations


def test_sitemap_leaves_out_closed_items_and_what_came_from_them(client, world):
    record = make_record(world)
    unpublished = world.meeting(oslo(2022, 9, 1))
    draft_item = world.item(unpublished)
    locations = set(sitemap_locations(client.get("/sitemap.xml")))
    slug = record.slug
    assert _url("portal:item", partnership=slug, pk=record.open_item.pk) in locations
    assert _url("portal:proposal", partnership=slug, pk=record.open_proposal.pk) in locations
    assert _url("portal:meeting", partnership=slug, pk=unpublished.pk) in locations
    for hidden in (record.closed_item, record.committee_item, draft_item):
        assert _url("portal:item", partnership=slug, pk=hidden.pk) not in locations
    assert _url("portal:proposal", partnership=slug, pk=record.closed_proposal.pk) not in locations
    committee = Committee.objects.get(established_by=record.committee_item)
    assert _url("portal:committee", partnership=slug, pk=committee.pk) not in locations


def test_sitemap_has_hreflang_alternates(client, bare_demo):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    first = root.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    assert first is not None
    links = {
        link.get("hreflang"): link.get("href")
        for link in first.iter("{http://www.w3.org/1999/xhtml}link")
    }
    slug = bare_demo.partnership.slug
    assert links == {
        "nb": _url("portal:partnership", partnership=slug),
        "nn": _url("portal:partnership", "nn", partnership=slug),
        "en": _url("portal:partnership", "en", partnership=slug),
        "x-default": _url("portal:partnership", partnership=slug),
    }


def test_robots_allows_all_but_the_admin_and_points_to_the_sitemap(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "partnerskap.example.no"]
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /sekretariat/" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    secure = client.get("/robots.txt", secure=True, HTTP_HOST="partnerskap.example.no")
    assert "Sitemap: https://partnerskap.example.no/sitemap.xml" in secure.content.decode()

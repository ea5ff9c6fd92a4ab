"""Helpers for the feeds' tests: parse what the feeds return. Their record (a public meeting
with an open and a closed item carried all the way to approved minutes and follow-up) is the
canary dataset's (``tests.canary.make_record``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from icalendar import Calendar, Event

from tests.canary import CANARY, Record, make_record
from tests.world import World

__all__ = ["CANARY", "Record", "make_record"]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def events(response: Any) -> list[Event]:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def by_uid(response: Any) -> dict[str, Event]:
    return {str(e["UID"]): e for e in events(response)}


def atom_entries(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title", ""),
                "id": entry.findtext(f"{ATOM}id", ""),
                "link": link.get("href", "") if link is not None else "",
                "summary": entry.findtext(f"{ATOM}summary", ""),
                "updated": entry.findtext(f"{ATOM}updated", ""),
            }
        )
    return entries


def sitemap_locations(response: Any) -> list[str]:
    assert response.status_code == 200, response
    root = ET.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc", "") for url in root.iter(f"{SITEMAP}url")]


@pytest.fixture
def record(world: World) -> Record:
    return make_record(world)


def feed_urls(partnership: str, area: str) -> list[str]:
    """Every URL the feeds app serves, for a partnership and one of its areas."""
    scoped = f"/{partnership}/omrader/{area}"
    return [
        "/kalender.ics",
        f"/{partnership}/kalender.ics",
        f"{scoped}/kalender.ics",
        "/feeds/innkallinger.atom",
        "/feeds/motebok.atom",
        "/feeds/oppfolging.atom",
        f"/{partnership}/innkallinger.atom",
        f"/{partnership}/motebok.atom",
        f"/{partnership}/oppfolging.atom",
        f"{scoped}/innkallinger.atom",
        f"{scoped}/motebok.atom",
        f"{scoped}/oppfolging.atom",
        "/sitemap.xml",
        "/robots.txt",
    ]

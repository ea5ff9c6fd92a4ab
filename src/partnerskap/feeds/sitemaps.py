"""The sitemap (django.contrib.sitemaps): the portal's public pages in every language, with
hreflang alternates. Only public rows appear: public partnerships, meetings and proposals from
their selectors, agenda items from the public agenda. A closed item is left out entirely (its
page would show only the neutral title), and so is a committee set up by a closed item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import areas_current, partnerships_public
from partnerskap.committees.selectors import committees_public
from partnerskap.core import time
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.public import meetings_with_public_agenda
from partnerskap.meetings.selectors import agendas_public, meetings_public


@dataclass(frozen=True)
class Page:
    """One portal page: its URL name and arguments, and when it last changed if known."""

    name: str
    kwargs: Mapping[str, str | int] = field(default_factory=dict)
    lastmod: dt.datetime | None = None


class PageSitemap(Sitemap[Page]):
    i18n = True
    alternates = True
    x_default = True

    def location(self, item: Page) -> str:
        return reverse(item.name, kwargs=dict(item.kwargs))

    def lastmod(self, item: Page) -> dt.datetime | None:
        return item.lastmod


def _years(partnership: Partnership) -> range:
    """The years of the period up to the current one (as ``compliance_for_years``)."""
    last = min(partnership.period_end.year, time.today().year)
    return range(partnership.period_start.year, last + 1)


class PartnershipSitemap(PageSitemap):
    priority = 0.8

    def items(self) -> list[Page]:
        pages = []
        for partnership in partnerships_public():
            slug = {"partnership": partnership.slug}
            pages.append(Page("portal:partnership", slug, partnership.modified))
            pages.extend(
                Page(name, slug)
                for name in (
                    "portal:meetings",
                    "portal:proposals",
                    "portal:committees",
                    "portal:agreement",
                )
            )
            pages.extend(
                Page("portal:year", {**slug, "year": year}) for year in _years(partnership)
            )
        return pages


class AreaSitemap(PageSitemap):
    """The current areas of each public partnership (one query per partnership; there are
    few of them, and they do not grow with the meetings)."""

    def items(self) -> list[Page]:
        return [
            Page(
                "portal:area",
                {"partnership": partnership.slug, "area": area.slug},
                area.modified,
            )
            for partnership in partnerships_public()
            for area in areas_current(partnership=partnership)
        ]


class MeetingSitemap(PageSitemap):
    def items(self) -> list[Page]:
        return [
            Page(
                "portal:meeting",
                {"partnership": meeting.partnership.slug, "pk": meeting.pk},
                meeting.modified,
            )
            for meeting in meetings_public()
        ]


class ItemSitemap(PageSitemap):
    """Items of published agendas; closed items are left out."""

    def items(self) -> list[Page]:
        meetings = list(meetings_with_public_agenda())
        agendas = agendas_public(meetings)
        return [
            Page("portal:item", {"partnership": meeting.partnership.slug, "pk": item.pk})
            for meeting in meetings
            for item in agendas[meeting.pk]
            if not item.closed
        ]


class ProposalSitemap(PageSitemap):
    def items(self) -> list[Page]:
        return [
            Page(
                "portal:proposal",
                {"partnership": proposal.partnership.slug, "pk": proposal.pk},
                proposal.modified,
            )
            for proposal in proposals_public()
        ]


class CommitteeSitemap(PageSitemap):
    """Committees of public partnerships set up by an item of a published agenda that is not
    closed (there is no ``committees_public`` selector yet; this is the conservative rule)."""

    def items(self) -> Iterable[Page]:
        committees = committees_public().select_related("partnership")
        return [
            Page(
                "portal:committee",
                {"partnership": committee.partnership.slug, "pk": committee.pk},
                committee.modified,
            )
            for committee in committees
        ]


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "partnerships": PartnershipSitemap,
    "areas": AreaSitemap,
    "meetings": MeetingSitemap,
    "items": ItemSitemap,
    "proposals": ProposalSitemap,
    "committees": CommitteeSitemap,
}

"""The portal's small pieces of Designsystemet (docs/design.md, «Portal design»):
``{% status_tag value "meeting_status" %}`` gives a status as a ``ds-tag`` in the colour its
meaning has, ``page|page_links`` the numbered links of a ``ds-pagination``, and
``{% follow_links %}`` the calendar and feeds a page offers in its «Følg» box and in its head.
None of them reads the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerskap.agreements.models import CooperationArea, Partnership
from partnerskap.core import labels

register = template.Library()

#: The colour of each status, by its label group: success for what is done as hoped,
#: warning for what needs attention, danger for a refusal, info for what is under way.
#: A status not listed here is a neutral tag.
STATUS_COLORS: dict[str, dict[str, str]] = {
    "meeting_status": {
        "planned": "neutral",
        "notice_published": "info",
        "held": "success",
        "minutes_approved": "success",
        "cancelled": "danger",
        "postponed": "warning",
    },
    "follow_up": {
        "sent": "info",
        "received": "info",
        "on_agenda": "info",
        "adopted": "success",
        "adopted_with_changes": "success",
        "rejected": "danger",
        "not_taken_up": "warning",
        "handed_over": "neutral",
    },
    "amendment": {
        "pending": "info",
        "adopted": "success",
        "rejected": "danger",
    },
}


@register.simple_tag
def status_tag(value: Any, group: str) -> SafeString:
    """The translated label of a stored status as a Designsystemet tag."""
    color = STATUS_COLORS.get(group, {}).get(str(value), "neutral")
    return format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        color,
        labels.label(value, group, get_language()),
    )


@register.simple_tag
def tag(text: str, color: str = "neutral") -> SafeString:
    """Any short text as a tag: ``{% tag _("late") "warning" %}``."""
    return format_html('<span class="ds-tag" data-color="{}">{}</span>', color, text)


@register.filter
def page_links(page: Page[Any]) -> list[int | str]:
    """The page numbers a pagination shows: the first and last, the current one and one on
    each side, with ``"…"`` where numbers are left out (Django's elided range)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


@dataclass(frozen=True)
class Feed:
    """An Atom feed a page offers: ``title`` for the «Følg» box (on the page, what it follows
    is plain), ``long_title`` for the head's ``<link>`` (a feed reader lists it away from the
    page, so it names the partnership or area)."""

    title: str
    long_title: str
    url: str
    media_type: str = "application/atom+xml"


@dataclass(frozen=True)
class Follow:
    """What a page offers to follow: one calendar (as webcal:// and https) and Atom feeds."""

    calendar_title: str
    calendar_https: str
    calendar_webcal: str
    feeds: list[Feed]


def _absolute(request: Any, path: str) -> str:
    return str(request.build_absolute_uri(path)) if request is not None else path


def follow_for(
    request: Any, partnership: Partnership | None = None, area: CooperationArea | None = None
) -> Follow:
    """The calendar and feeds for a page: an area's own, a partnership's own (every page of
    a partnership, its meetings' too), or the site's (the home page and pages of no
    partnership). Titles are in the reader's language; the feeds themselves are in the
    site's (docs/design.md, «Feeds are written in the default language»)."""
    if partnership is not None and partnership.status == Partnership.Status.DRAFT:
        # A draft (seen in the back office) has no public calendar or feeds: the site's.
        partnership = area = None
    kwargs: dict[str, str] = {}
    scope = ""
    prefix = ""
    if area is not None and partnership is not None:
        kwargs = {"partnership": partnership.slug, "area": area.slug}
        prefix = "area_"
        scope = _("%(area)s (%(partnership)s)") % {
            "area": area.name,
            "partnership": partnership.name,
        }
        calendar_title = _("Meetings on %(area)s") % {"area": area.name}
    elif partnership is not None:
        kwargs = {"partnership": partnership.slug}
        prefix = "partnership_"
        scope = partnership.name
        calendar_title = _("Meetings of %(partnership)s") % {"partnership": partnership.name}
    else:
        calendar_title = _("Meetings of every partnership")
    calendar = reverse(f"feeds:{prefix}calendar", kwargs=kwargs)
    titles = {
        "notices": _("Notices and agendas (Atom)"),
        "minutes": _("Approved minutes (Atom)"),
        "followup": _("Follow-up of proposals (Atom)"),
    }
    feeds = [
        Feed(
            title=title,
            long_title=(
                _("%(feed)s – %(scope)s") % {"feed": title, "scope": scope} if scope else title
            ),
            url=_absolute(request, reverse(f"feeds:{prefix}{name}", kwargs=kwargs)),
        )
        for name, title in titles.items()
    ]
    https = _absolute(request, calendar)
    webcal = "webcal://" + https.split("://", 1)[1] if "://" in https else calendar
    return Follow(
        calendar_title=calendar_title,
        calendar_https=https,
        calendar_webcal=webcal,
        feeds=feeds,
    )


@register.simple_tag(takes_context=True)
def follow_links(context: template.Context) -> Follow:
    """``{% follow_links as follow %}``: what the page offers to follow, from its
    ``partnership`` and ``area`` (when it has them)."""
    partnership = context.get("partnership")
    area = context.get("area")
    return follow_for(
        context.get("request"),
        partnership=partnership if isinstance(partnership, Partnership) else None,
        area=area if isinstance(area, CooperationArea) else None,
    )


@register.simple_tag(takes_context=True)
def page_href(
    context: template.Context, number: int, param: str = "side", base: str = "", anchor: str = ""
) -> str:
    """The address of page ``number`` of a list: the page's other query parameters kept,
    ``param`` set (``side`` unless the page has two lists), then ``#anchor``."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param or "side"] = str(number)
    return f"{base}?{query.urlencode()}{'#' + anchor if anchor else ''}"

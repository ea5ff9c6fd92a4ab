"""Atom feeds (Django's syndication framework): published notices, approved minutes and the
follow-up of proposals in the parties' bodies, overall, per partnership and per cooperation
area.

Entries are built in a few queries whatever the number of meetings (``selectors``), then handed
to the framework as plain ``Entry`` values. A title is Atom text (the XML writer escapes it);
a summary is HTML, so every piece of stored text in it goes through ``format_html``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partnerskap.core.time import local
from partnerskap.feeds.selectors import (
    Scope,
    meetings_in_scope,
    minutes_latest_public,
    scope_for,
)
from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.public import notice_issued_q
from partnerskap.meetings.selectors import PublicItem, agendas_public

#: Entries per feed: the newest first. Feed readers keep what they have already seen.
FEED_LENGTH = 50
#: The «updated» of a feed without entries: fixed, so an empty feed does not change (and its
#: ETag stays) from one second to the next.
EMPTY_FEED_UPDATED = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


class StableAtom1Feed(Atom1Feed):
    def latest_post_date(self) -> dt.datetime:
        if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return super().latest_post_date()
        return EMPTY_FEED_UPDATED


@dataclass(frozen=True)
class Target:
    """A feed's scope, the site's origin (``https://host``) for absolute links and ids, and the
    feed's own path (its id)."""

    scope: Scope
    origin: str
    path: str

    def url(self, name: str, **kwargs: Any) -> str:
        return self.origin + reverse(name, kwargs=kwargs)


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    guid: str
    summary: SafeString
    published: dt.datetime
    updated: dt.datetime


def when(meeting: Meeting) -> str:
    """«tirsdag 15. mars 2022 kl. 10:00–13:00» in the active language."""
    start, end = local(meeting.starts_at), local(meeting.ends_at)
    if start.date() != end.date():
        return _("%(start)s to %(end)s") % {
            "start": dateformat.format(start, "l j. F Y H:i"),
            "end": dateformat.format(end, "l j. F Y H:i"),
        }
    return _("%(date)s, %(start)s–%(end)s") % {
        "date": dateformat.format(start, "l j. F Y"),
        "start": dateformat.format(start, "H:i"),
        "end": dateformat.format(end, "H:i"),
    }


def day(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = local(value)
    return dateformat.format(value, "j. F Y")


def meeting_facts(meeting: Meeting) -> SafeString:
    facts = [(pgettext("feed label", "Time"), when(meeting))]
    if meeting.location is not None:
        facts.append((pgettext("feed label", "Place"), str(meeting.location)))
    facts.append((pgettext("feed label", "Form"), str(Meeting.Form(meeting.form).label)))
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
        status = str(Meeting.Status(meeting.status).label)
        if meeting.status_reason:
            status = f"{status}: {meeting.status_reason}"
        facts.append((pgettext("feed label", "Status"), status))
    return format_html_join("", "<p><strong>{}:</strong> {}</p>", facts)


def closed_title(title: str, basis: str) -> str:
    """A closed item as the public sees it: its neutral title and the legal basis (L3)."""
    return _("%(title)s (closed session, %(basis)s)") % {"title": title, "basis": basis}


def agenda_html(items: list[PublicItem]) -> SafeString:
    if not items:
        return SafeString("")
    rows = format_html_join(
        "",
        "<li>{} {}</li>",
        (
            (
                item.case_number,
                closed_title(item.title, item.legal_basis) if item.closed else item.title,
            )
            for item in items
        ),
    )
    return format_html(
        "<p><strong>{}:</strong></p><ol>{}</ol>", pgettext("feed label", "Agenda"), rows
    )


class EntryFeed(Feed[Entry, Target]):
    """What every feed here shares; a subclass says what its entries are."""

    feed_type = StableAtom1Feed

    def get_object(
        self, request: HttpRequest, *args: Any, partnership: str | None = None, **kwargs: Any
    ) -> Target:
        area: str | None = kwargs.get("area")
        origin = request.build_absolute_uri("/").rstrip("/")
        return Target(scope=scope_for(partnership, area), origin=origin, path=request.path)

    def heading(self) -> str:
        raise NotImplementedError

    def entries(self, target: Target) -> list[Entry]:
        raise NotImplementedError

    def title(self, obj: Target) -> str:
        scope = obj.scope
        if scope.area is not None and scope.partnership is not None:
            return _("%(feed)s: %(area)s (%(partnership)s)") % {
                "feed": self.heading(),
                "area": scope.area.name,
                "partnership": scope.partnership.name,
            }
        if scope.partnership is not None:
            return _("%(feed)s: %(partnership)s") % {
                "feed": self.heading(),
                "partnership": scope.partnership.name,
            }
        return self.heading()

    def subtitle(self, obj: Target) -> str:
        return _("From the public record of the regional partnership meetings.")

    def link(self, obj: Target) -> str:
        scope = obj.scope
        if scope.area is not None and scope.partnership is not None:
            return obj.url("portal:area", partnership=scope.partnership.slug, area=scope.area.slug)
        if scope.partnership is not None:
            return obj.url("portal:partnership", partnership=scope.partnership.slug)
        return obj.url("portal:home")

    def feed_guid(self, obj: Target) -> str:
        return obj.origin + obj.path

    def author_name(self, obj: Target) -> str:
        return obj.scope.partnership.name if obj.scope.partnership else "Partnerskap"

    def items(self, obj: Target) -> list[Entry]:
        return self.entries(obj)

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.updated


class NoticeFeed(EntryFeed):
    """Published notices (L1): the meeting's time, place and public agenda."""

    def heading(self) -> str:
        return _("Notices of partnership meetings")

    def entries(self, target: Target) -> list[Entry]:
        last_item_change = (
            AgendaItem.objects.filter(meeting=OuterRef("pk"))
            .order_by("-modified")
            .values("modified")[:1]
        )
        meetings = list(
            meetings_in_scope(target.scope)
            .filter(notice_issued_q())
            .annotate(agenda_modified=Subquery(last_item_change))
            .order_by("-notice__published_at", "-pk")[:FEED_LENGTH]
        )
        agendas = agendas_public(meetings)
        entries = []
        for meeting in meetings:
            link = target.url("portal:meeting", partnership=meeting.partnership.slug, pk=meeting.pk)
            title = _("Notice: %(title)s, %(date)s") % {
                "title": meeting.title,
                "date": day(meeting.starts_at),
            }
            if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
                title = f"{title} ({Meeting.Status(meeting.status).label})"
            published = meeting.notice.published_at
            changes = [published, meeting.modified, meeting.agenda_modified or published]
            entries.append(
                Entry(
                    title=title,
                    link=link,
                    guid=f"{link}#innkalling",
                    summary=format_html(
                        "{}{}", meeting_facts(meeting), agenda_html(agendas[meeting.pk])
                    ),
                    published=published,
                    updated=max(changes),
                )
            )
        return entries


class MinutesFeed(EntryFeed):
    """Approved minutes (L4), their public part only; a corrected version updates the entry."""

    def heading(self) -> str:
        return _("Approved minutes")

    def entries(self, target: Target) -> list[Entry]:
        entries = []
        for minutes in minutes_latest_public(meetings_in_scope(target.scope), limit=FEED_LENGTH):
            meeting = minutes.meeting
            link = target.url("portal:meeting", partnership=meeting.partnership.slug, pk=meeting.pk)
            title = _("Minutes: %(title)s, %(date)s") % {
                "title": meeting.title,
                "date": day(meeting.starts_at),
            }
            approved = _("Approved %(date)s.") % {"date": day(minutes.approved_at)}
            if minutes.version > 1:
                title = _("%(title)s (corrected, version %(version)d)") % {
                    "title": title,
                    "version": minutes.version,
                }
                approved = _("Corrected version %(version)d, approved %(date)s: %(reason)s") % {
                    "version": minutes.version,
                    "date": day(minutes.approved_at),
                    "reason": minutes.correction_reason,
                }
            entries.append(
                Entry(
                    title=title,
                    link=link,
                    guid=f"{link}#motebok",
                    summary=format_html(
                        "<p>{}</p>{}{}",
                        approved,
                        meeting_facts(meeting),
                        outcomes_html(minutes.public.get("items", [])),
                    ),
                    published=minutes.approved_at,
                    updated=minutes.approved_at,
                )
            )
        return entries


def outcomes_html(items: list[dict[str, Any]]) -> SafeString:
    """The items and outcomes from the minutes' public part."""
    if not items:
        return SafeString("")
    rows = []
    for item in items:
        outcome = item.get("outcome") or ""
        label = str(AgendaItem.Outcome(outcome).label) if outcome in _OUTCOMES else outcome
        text = item.get("outcome_text") or ""
        title = item.get("title", "")
        if item.get("closed"):
            title = closed_title(title, item.get("legal_basis", ""))
        rows.append(
            format_html(
                "<li>{} {}<br><em>{}</em>{}</li>",
                item.get("case_number", ""),
                title,
                label,
                format_html(": {}", text) if text else "",
            )
        )
    return format_html(
        "<p><strong>{}:</strong></p><ol>{}</ol>", _("Items and outcomes"), SafeString("".join(rows))
    )


_OUTCOMES = set(AgendaItem.Outcome.values)


class FollowUpFeed(EntryFeed):
    """Each step in a body's handling of a public proposal (A9)."""

    def heading(self) -> str:
        return _("Follow-up of proposals")

    def entries(self, target: Target) -> list[Entry]:
        events = (
            FollowUpEvent.objects.filter(
                follow_up__proposal__in=_proposals(target.scope).values("pk")
            )
            .select_related(
                "follow_up__elected_body__party",
                "follow_up__proposal__partnership",
                "follow_up__proposal__item",
            )
            .order_by("-recorded_at", "-pk")[:FEED_LENGTH]
        )
        entries = []
        for event in events:
            follow_up = event.follow_up
            proposal = follow_up.proposal
            body = follow_up.elected_body
            status = str(FollowUp.Status(event.status).label)
            link = target.url(
                "portal:proposal", partnership=proposal.partnership.slug, pk=proposal.pk
            )
            entries.append(
                Entry(
                    title=_("%(proposal)s: %(body)s – %(status)s")
                    % {"proposal": proposal.title, "body": body.name, "status": status},
                    link=link,
                    guid=f"{link}#oppfolging-{event.pk}",
                    summary=format_html(
                        "<p>{}</p><p>{}</p>",
                        _("%(body)s (%(party)s): %(status)s on %(date)s.")
                        % {
                            "body": body.name,
                            "party": body.party.name,
                            "status": status,
                            "date": day(event.on),
                        },
                        _("Proposal from %(case)s, sent to the parties' bodies %(date)s.")
                        % {"case": proposal.item.case_number, "date": day(proposal.sent_on)},
                    ),
                    published=event.recorded_at,
                    updated=event.recorded_at,
                )
            )
        return entries


def _proposals(scope: Scope) -> QuerySet[Proposal]:
    """The public proposals whose follow-up the scope's feed carries. A partnership's: those
    made in it, also after they were carried over into its renewal (its subscribers keep
    getting their outcomes), and those carried over into it from the period before (A18): a
    subscriber of either period of a chain hears of every body's step on a carried-over
    proposal. An area's: those made in its partnership in that area (an area belongs to one
    agreement's special part, so a renewal's areas are other rows)."""
    if scope.area is not None:
        return proposals_public(partnership=scope.partnership).filter(areas=scope.area)
    return proposals_public(partnership=scope.partnership, carried_in=True)

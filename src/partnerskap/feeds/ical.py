"""Meetings as iCalendar (RFC 5545), for calendar subscriptions.

An event's UID is derived from the meeting's key, so a calendar keeps one event per meeting
however often it refreshes (the same UID as the invitations the notice e-mails carry:
``meetings.calendar``); SEQUENCE is the meeting's ``lock_version``, which grows with every
change of time, place or status. DTSTAMP and LAST-MODIFIED are the meeting's last change, so
an unchanged calendar is byte for byte the same (and its ETag too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from partnerskap.meetings.calendar import place, uid
from partnerskap.meetings.models import Meeting

Status = Meeting.Status

#: How often a subscribing calendar should fetch again (RFC 7986 REFRESH-INTERVAL, and
#: X-PUBLISHED-TTL for older clients).
REFRESH = dt.timedelta(hours=1)

ICAL_STATUS: dict[str, str] = {
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "TENTATIVE",
}


def summary(meeting: Meeting) -> str:
    if meeting.status == Status.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": meeting.title}
    if meeting.status == Status.POSTPONED:
        return _("Postponed: %(title)s") % {"title": meeting.title}
    return meeting.title


def description(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.status == Status.CANCELLED:
        lines.append(_("The meeting is cancelled."))
    elif meeting.status == Status.POSTPONED:
        lines.append(_("The meeting is postponed; a new time will be announced."))
    if meeting.status_reason and meeting.status in ICAL_STATUS:
        lines.append(_("Reason: %(reason)s") % {"reason": meeting.status_reason})
    lines.append(_("Form: %(form)s") % {"form": Meeting.Form(meeting.form).label})
    lines.append(_("Notice, agenda and minutes: %(url)s") % {"url": url})
    return "\n".join(lines)


def event(meeting: Meeting, url: str) -> Event:
    tz = timezone.get_default_timezone()
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", meeting.modified.astimezone(dt.UTC))
    item.add("created", meeting.created.astimezone(dt.UTC))
    item.add("last-modified", meeting.modified.astimezone(dt.UTC))
    item.add("sequence", meeting.lock_version)
    item.add("dtstart", meeting.starts_at.astimezone(tz))
    item.add("dtend", meeting.ends_at.astimezone(tz))
    item.add("summary", summary(meeting))
    item.add("status", ICAL_STATUS.get(meeting.status, "CONFIRMED"))
    item.add("class", "PUBLIC")
    location = place(meeting)
    if location:
        item.add("location", location)
    item.add("description", description(meeting, url))
    item.add("url", url)
    return item


def calendar(*, name: str, meetings: Iterable[Meeting], url_of: Callable[[Meeting], str]) -> bytes:
    """The calendar ``name`` with one event per meeting and the VTIMEZONE its times need."""
    cal = Calendar()
    cal.add("prodid", "-//Partnerskap//Partnerskap//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    first, last = Timezone.DEFAULT_FIRST_DATE, Timezone.DEFAULT_LAST_DATE
    for meeting in meetings:
        first = min(first, meeting.starts_at.date() - dt.timedelta(days=1))
        last = max(last, meeting.ends_at.date() + dt.timedelta(days=366))
        cal.add_component(event(meeting, url_of(meeting)))
    cal.add_missing_timezones(first_date=first, last_date=last)
    return bytes(cal.to_ical())

"""A meeting as an iCalendar event (RFC 5545): what the public feed (``feeds.ical``) and the
calendar invitation on every meeting e-mail (``meetings.notifications``) have in common.

The UID is derived from the meeting's key, so a calendar keeps one event per meeting however
often it hears of it. An invitation (RFC 5546, iTIP) is ``METHOD:REQUEST`` with ``SEQUENCE``
the notice's issue (0 for the first, 1 after the first change, …), so a calendar replaces the
event with each new issue; a cancelled meeting is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``
and a sequence above every issue. Times are in Europe/Oslo with the VTIMEZONE they need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from partnerskap.meetings.models import Meeting

#: iTIP methods of the invitations we send.
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@partnerskap"


def place(meeting: Meeting) -> str:
    if meeting.location is not None:
        return str(meeting.location)
    if meeting.form == Meeting.Form.REMOTE:
        return _("Remote meeting")
    return ""


@dataclass(frozen=True)
class Invitation:
    """One invitation to one person: ``summary`` and ``description`` are public words only
    (an invitation is forwarded and synchronised like any mail)."""

    meeting: Meeting
    method: str
    sequence: int
    organizer: str
    organizer_name: str
    attendee: str
    summary: str
    description: str
    stamp: dt.datetime


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _event(invitation: Invitation) -> Event:
    meeting = invitation.meeting
    tz = timezone.get_default_timezone()
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", invitation.stamp.astimezone(dt.UTC))
    item.add("sequence", invitation.sequence)
    item.add("dtstart", meeting.starts_at.astimezone(tz))
    item.add("dtend", meeting.ends_at.astimezone(tz))
    item.add("summary", invitation.summary)
    item.add("description", invitation.description)
    location = place(meeting)
    if location:
        item.add("location", location)
    item.add("organizer", _address(invitation.organizer, invitation.organizer_name))
    item.add(
        "attendee",
        _address(
            invitation.attendee,
            "",
            role="REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            rsvp="FALSE",
        ),
    )
    cancelled = invitation.method == CANCEL
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return item


def invitation_ics(invitation: Invitation) -> bytes:
    """The invitation as an iCalendar object with its method and the VTIMEZONE it needs."""
    cal = Calendar()
    cal.add("prodid", "-//Partnerskap//Partnerskap//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", invitation.method)
    cal.add_component(_event(invitation))
    meeting = invitation.meeting
    cal.add_missing_timezones(
        first_date=meeting.starts_at.date() - dt.timedelta(days=1),
        last_date=meeting.ends_at.date() + dt.timedelta(days=366),
    )
    return bytes(cal.to_ical())

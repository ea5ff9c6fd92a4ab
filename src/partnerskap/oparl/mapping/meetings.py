"""Meetings, their agenda items (as ``agenda_public`` gives them) and places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.selectors import PublicItem
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.files import FileRecord, MeetingFiles
from partnerskap.oparl.mapping.common import choice, nonempty, or_none, stamp
from partnerskap.oparl.mapping.files import file, file_or_none

#: ``meetingState`` as the specification recommends it: «terminiert» (planned), «eingeladen»
#: (from the notice until the minutes are approved), «durchgeführt» (minutes approved).
MEETING_STATE: Final = {
    Meeting.Status.PLANNED: "terminiert",
    Meeting.Status.POSTPONED: "terminiert",
    Meeting.Status.CANCELLED: "terminiert",
    Meeting.Status.NOTICE_PUBLISHED: "eingeladen",
    Meeting.Status.HELD: "eingeladen",
    Meeting.Status.MINUTES_APPROVED: "durchgeführt",
}


def location(
    location: Location,
    *,
    urls: Urls,
    body: int,
    meeting_ids: Sequence[int] | None = None,
    modified: dt.datetime | None = None,
) -> schema.Location:
    """A meeting place. Embedded in a meeting it carries no back-references; fetched on its
    own (``meeting_ids`` given) it lists the body's meetings held there."""
    meetings = None
    if meeting_ids is not None:
        meetings = nonempty([urls.meeting(body, pk) for pk in meeting_ids])
    return schema.Location(
        id=urls.location(body, location.pk),
        description=str(location),
        street_address=or_none(location.address),
        room=or_none(location.room),
        meetings=meetings,
        created=stamp(location.created),
        modified=stamp(modified or location.modified),
    )


def agenda_item(
    item: PublicItem,
    *,
    urls: Urls,
    partnership: Partnership,
    meeting: int,
    order: int,
    created: dt.datetime,
    modified: dt.datetime,
    consultation: int | None = None,
    files: Sequence[FileRecord] = (),
) -> schema.AgendaItem:
    """An item of a public agenda. A closed item (L3) shows that it exists, its number and
    its neutral title, ``public: false``, and nothing else (its documents are not public
    either, so ``files`` is empty for it)."""
    body = partnership.pk
    closed = item.closed
    outcome = (
        ""
        if closed or not item.outcome
        else choice(AgendaItem.Outcome, item.outcome, capital=False)
    )
    return schema.AgendaItem(
        id=urls.agenda_item(body, item.pk),
        meeting=urls.meeting(body, meeting),
        number=item.case_number,
        order=order,
        name=item.title,
        public=not closed,
        consultation=None
        if closed or consultation is None
        else urls.consultation(body, "meeting", consultation),
        result=or_none(str(outcome)),
        resolution_text=None if closed else or_none(item.outcome_text),
        auxiliary_file=None
        if closed
        else nonempty([file(f, urls=urls, body=body, embedded=True) for f in files]),
        web=urls.web("item", partnership.slug, item.pk),
        created=stamp(created),
        modified=stamp(modified),
    )


def meeting(
    meeting: Meeting,
    *,
    urls: Urls,
    agenda: Sequence[schema.AgendaItem],
    files: MeetingFiles,
    modified: dt.datetime,
) -> schema.Meeting:
    body = meeting.partnership_id
    slug = meeting.partnership.slug
    return schema.Meeting(
        id=urls.meeting(body, meeting.pk),
        name=meeting.title,
        meeting_state=MEETING_STATE[Meeting.Status(meeting.status)],
        cancelled=True if meeting.status == Meeting.Status.CANCELLED else None,
        start=stamp(meeting.starts_at),
        end=stamp(meeting.ends_at),
        location=None
        if meeting.location is None
        else location(meeting.location, urls=urls, body=body),
        organization=[urls.partnership_meeting(body)],
        invitation=file_or_none(files.invitation, urls=urls, body=body),
        results_protocol=file_or_none(files.results_protocol, urls=urls, body=body),
        auxiliary_file=nonempty(
            [file(f, urls=urls, body=body, embedded=True) for f in files.auxiliary]
        ),
        agenda_item=nonempty(agenda),
        web=urls.web("meeting", slug, meeting.pk),
        created=stamp(meeting.created),
        modified=stamp(modified),
    )


def withdrawn_item(
    pk: int, *, urls: Urls, body: int, created: dt.datetime, modified: dt.datetime
) -> schema.Tombstone:
    """An item withdrawn from a public agenda is gone from it: a deleted AgendaItem."""
    return schema.Tombstone(
        id=urls.agenda_item(body, pk),
        type=f"{schema.SCHEMA}AgendaItem",
        created=stamp(created),
        modified=stamp(modified),
    )

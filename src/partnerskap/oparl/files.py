"""Files (``oparl:File``): the seam where the documents app plugs in.

The documents app is being built; until it publishes files, every body's file list is empty
(a valid, paginated, empty list), meetings carry no ``invitation``/``resultsProtocol`` and
papers no ``mainFile``. When documents exist, fill in the three functions below from the
documents app's *public* selector (exempt documents, L8, must never reach them) and nothing
else in this app changes: the mapping (``mapping.file``), the URLs (``/file/document/<pk>/``),
the list, the detail view, tombstones and the tests' validation are already in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from partnerskap.agreements.models import Partnership
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import Meeting
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.segments import Segment


@dataclass(frozen=True)
class FileRecord:
    """What OParl says about one public file. ``access_url`` must serve the file (spec 2.8:
    GET, no ``Content-Disposition: attachment``); ``download_url``, if given, must send one."""

    pk: int
    name: str
    file_name: str
    mime_type: str
    size: int
    sha512: str
    access_url: str
    created: dt.datetime
    modified: dt.datetime
    download_url: str = ""
    date: dt.date | None = None
    text: str = ""
    meeting_ids: tuple[int, ...] = ()
    agenda_item_ids: tuple[int, ...] = ()
    paper_ids: tuple[int, ...] = ()
    kind: str = "document"


@dataclass(frozen=True)
class MeetingFiles:
    invitation: FileRecord | None = None
    results_protocol: FileRecord | None = None
    auxiliary: tuple[FileRecord, ...] = field(default_factory=tuple)


def file_segments(partnership: Partnership, *, urls: Urls) -> list[Segment]:  # noqa: ARG001
    """The body's public files, as segments of the list (``segments.Segment``): a queryset of
    the documents app's public files ordered by pk and annotated with ``oparl_created`` and
    ``oparl_modified``, rendered with ``mapping.file``. None yet."""
    return []


def meeting_files(meetings: Iterable[Meeting]) -> dict[int, MeetingFiles]:  # noqa: ARG001
    """Meeting pk → its public invitation, results protocol and attachments, in one query."""
    return {}


def paper_files(proposals: Iterable[Proposal]) -> dict[int, tuple[FileRecord, ...]]:  # noqa: ARG001
    """Proposal pk → its public files, the main file first, in one query."""
    return {}

"""Meetings, agenda items (from ``agendas_public``) and places."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.expressions import Combinable

from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, ClosedSession, Location, Meeting
from partnerskap.meetings.public import item_open_q, items_public
from partnerskap.meetings.selectors import PublicItem, agendas_public, meetings_public
from partnerskap.oparl import files, mapping, schema
from partnerskap.oparl.prepared import prepare
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.sets import public_items
from partnerskap.oparl.sources.stamps import (
    created,
    deleted_children,
    latest,
    modified,
    prefetched,
    stamped,
)


def _item_modified() -> list[Combinable]:
    """What an agenda item shows changes with the item, its closing, its proposal and its
    documents (those two only while it is open: a closed item's are not public)."""
    return [
        latest(ClosedSession.objects.filter(item=OuterRef("pk"))),
        latest(Proposal.objects.filter(item_open_q("item"), item=OuterRef("pk"))),
        *files.item_documents_changed(),
    ]


def _item_stamp(
    own: dt.datetime, closed: dt.datetime | None, *later: dt.datetime | None
) -> dt.datetime:
    """``_item_modified`` worked out from joined rows: the latest of the item, its closing,
    and, if the item is open, its proposal and its documents (``later``)."""
    if closed is not None:
        return max(own, closed)
    return max([own, *(s for s in later if s is not None)])


def _item_rows(scope: Scope) -> QuerySet[Any]:
    """What ``_item_stamp`` needs of agenda items (each by an indexed subquery, not a join
    that reads every proposal), and their consultation: the body's public proposal from the
    item (``proposals_public``), as rows."""
    document, file = files.item_documents_changed()
    proposal = proposals_public(partnership=scope.partnership).filter(item=OuterRef("pk"))
    return (
        AgendaItem.objects.annotate(
            oparl_consultation=Subquery(proposal.order_by().values("pk")[:1]),
            oparl_closed=latest(ClosedSession.objects.filter(item=OuterRef("pk"))),
            oparl_proposal=latest(Proposal.objects.filter(item=OuterRef("pk"))),
            oparl_document=document,
            oparl_file=file,
        )
        .values_list(
            "pk",
            "meeting_id",
            "created",
            "modified",
            "oparl_consultation",
            "oparl_closed",
            "oparl_proposal",
            "oparl_document",
            "oparl_file",
        )
        .order_by()
    )


def _agenda_objects(
    scope: Scope,
    agendas: Mapping[int, Sequence[PublicItem]],
    item_files: Mapping[int, Sequence[files.FileRecord]],
    only: set[int] | None = None,
) -> dict[int, list[schema.AgendaItem]]:
    """Meeting pk → its public agenda (from ``agendas_public``) as OParl objects, or only the
    items in ``only``, in a fixed number of queries; ``item_files`` are the items' public
    files."""
    objects: dict[int, list[schema.AgendaItem]] = defaultdict(list)
    if not any(agendas.values()):
        return objects
    # Whole agendas are read by their meetings (a short list of keys), single items by theirs.
    prepared = prepare(("oparl.items", scope.pk), lambda: _item_rows(scope))
    rows = (
        prepared.where_in("pk", only)
        if only is not None
        else prepared.where_in("meeting_id", agendas)
    )
    stamps = {
        pk: (item_created, _item_stamp(item_modified, closed, *later), consultation)
        for pk, _meeting, item_created, item_modified, consultation, closed, *later in rows
    }
    for meeting_pk, agenda in agendas.items():
        for order, item in enumerate(agenda, start=1):
            if (only is not None and item.pk not in only) or item.pk not in stamps:
                continue
            item_created, item_modified, consultation = stamps[item.pk]
            objects[meeting_pk].append(
                mapping.agenda_item(
                    item,
                    urls=scope.urls,
                    partnership=scope.partnership,
                    meeting=meeting_pk,
                    order=order,
                    created=item_created,
                    modified=item_modified,
                    consultation=consultation,
                    files=item_files.get(item.pk, ()),
                )
            )
    return objects


#: What a meeting shows of its row and its place.
_MEETING_FIELDS: Final = (
    "id",
    "created",
    "modified",
    "partnership",
    "title",
    "status",
    "starts_at",
    "ends_at",
    "location",
    "location__created",
    "location__modified",
    "location__name",
    "location__address",
    "location__room",
)


def meeting_segments(scope: Scope) -> list[Segment]:
    def meetings() -> QuerySet[Any]:
        public = (
            meetings_public(partnership=scope.partnership)
            .select_related(None)
            .select_related("location")
            .only(*_MEETING_FIELDS)
        )
        stamps = stamped(
            public,
            F("location__modified"),
            latest(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
            latest(ClosedSession.objects.filter(item__meeting=OuterRef("pk"))),
            latest(Proposal.objects.filter(item_open_q("item"), item__meeting=OuterRef("pk"))),
            *files.meeting_documents_changed(),
            deleted_children(scope, "Meeting"),
        )
        return files.flag_documents(stamps, "meeting", "item__meeting")

    def render(rows: list[Meeting]) -> list[OParlObject]:
        for row in rows:
            row.partnership = scope.partnership  # the body's; not read again per row
        agendas = agendas_public(rows)
        meeting_files, item_files = files.meeting_files(files.documented(rows), urls=scope.urls)
        objects = _agenda_objects(scope, agendas, item_files)
        return [
            mapping.meeting(
                m,
                urls=scope.urls,
                agenda=objects.get(m.pk, []),
                files=meeting_files.get(m.pk, files.MeetingFiles()),
                modified=modified(m),
            )
            for m in rows
        ]

    return [Segment("Meeting", "", meetings, render, template=scope.pk)]


def agenda_item_segments(scope: Scope) -> list[Segment]:
    urls, body = scope.urls, scope.pk

    def live() -> QuerySet[Any]:
        items = items_public(partnership=scope.partnership)
        stamps = stamped(items, *_item_modified())
        return (
            files.flag_documents(stamps, "item")
            .select_related("meeting")
            .only("id", "meeting__status", "meeting__partnership")
        )

    def render(rows: list[AgendaItem]) -> list[OParlObject]:
        meetings = list({item.meeting_id: item.meeting for item in rows}.values())
        wanted = {item.pk for item in rows}
        item_files = files.item_files(body, [i.pk for i in files.documented(rows)], urls=urls)
        agendas = _agenda_objects(scope, agendas_public(meetings), item_files, only=wanted)
        by_pk = {obj.id: obj for agenda in agendas.values() for obj in agenda}
        ordered = [urls.agenda_item(body, item.pk) for item in rows]
        return [by_pk[url] for url in ordered if url in by_pk]

    def withdrawn() -> QuerySet[Any]:
        items = public_items(scope.partnership).filter(withdrawn=True)
        return stamped(items).only("id", "created", "modified")

    def render_withdrawn(rows: list[AgendaItem]) -> list[OParlObject]:
        return [
            mapping.withdrawn_item(
                i.pk, urls=urls, body=body, created=created(i), modified=modified(i)
            )
            for i in rows
        ]

    return [
        Segment("AgendaItem", "", live, render, template=body),
        Segment("AgendaItem", "", withdrawn, render_withdrawn, deleted=True, template=body),
    ]


def location_segments(scope: Scope) -> list[Segment]:
    def locations() -> QuerySet[Any]:
        public_meetings = meetings_public(partnership=scope.partnership)
        return stamped(
            Location.objects.filter(pk__in=public_meetings.values("location")),
            latest(public_meetings.filter(location=OuterRef("pk")), "created"),
        ).prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(pk__in=public_meetings.values("pk"))
                .only("pk", "location")
                .order_by("starts_at", "pk"),
                to_attr="oparl_meetings",
            )
        )

    def render(rows: list[Location]) -> list[OParlObject]:
        return [
            mapping.location(
                loc,
                urls=scope.urls,
                body=scope.pk,
                meeting_ids=[m.pk for m in prefetched(loc, "oparl_meetings")],
                modified=modified(loc),
            )
            for loc in rows
        ]

    return [Segment("Location", "", locations, render, template=scope.pk)]

"""Meetings, agenda items (from ``agendas_public``) and places."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import Combinable

from partnerskap.feeds.selectors import agendas_public
from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, ClosedSession, Location, Meeting
from partnerskap.meetings.selectors import meetings_public
from partnerskap.oparl import files, mapping, schema
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
    """What an agenda item shows changes with the item, its closing and its proposal."""
    return [
        latest(ClosedSession.objects.filter(item=OuterRef("pk"))),
        latest(Proposal.objects.filter(item=OuterRef("pk"), item__closed_session__isnull=True)),
    ]


def _item_stamp(
    own: dt.datetime, closed: dt.datetime | None, proposal: dt.datetime | None
) -> dt.datetime:
    """``_item_modified`` worked out from joined rows: the latest of the item, its closing,
    and its proposal if the item is open (a closed item's proposal is not public)."""
    later = [closed] if closed is not None else [proposal] if proposal is not None else []
    return max([own, *later])


def _agenda_objects(
    scope: Scope, meetings: Sequence[Meeting], only: set[int] | None = None
) -> dict[int, list[schema.AgendaItem]]:
    """Meeting pk → its public agenda as OParl objects (or only the items in ``only``), in a
    fixed number of queries."""
    agendas = agendas_public(meetings)
    pks = [item.pk for agenda in agendas.values() for item in agenda]
    objects: dict[int, list[schema.AgendaItem]] = defaultdict(list)
    if not pks:
        return objects
    stamps = {
        pk: (item_created, _item_stamp(item_modified, closed, proposal))
        for pk, item_created, item_modified, closed, proposal in AgendaItem.objects.filter(
            pk__in=pks
        ).values_list("pk", "created", "modified", "closed_session__modified", "proposal__modified")
    }
    consultations = dict(
        proposals_public(partnership=scope.partnership)
        .filter(item__in=pks)
        .values_list("item_id", "pk")
    )
    for meeting_pk, agenda in agendas.items():
        for order, item in enumerate(agenda, start=1):
            if (only is not None and item.pk not in only) or item.pk not in stamps:
                continue
            item_created, item_modified = stamps[item.pk]
            objects[meeting_pk].append(
                mapping.agenda_item(
                    item,
                    urls=scope.urls,
                    partnership=scope.partnership,
                    meeting=meeting_pk,
                    order=order,
                    created=item_created,
                    modified=item_modified,
                    consultation=consultations.get(item.pk),
                )
            )
    return objects


def meeting_segments(scope: Scope) -> list[Segment]:
    def meetings() -> QuerySet[Any]:
        return stamped(
            meetings_public(partnership=scope.partnership),
            F("location__modified"),
            latest(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
            latest(ClosedSession.objects.filter(item__meeting=OuterRef("pk"))),
            latest(
                Proposal.objects.filter(
                    item__meeting=OuterRef("pk"), item__closed_session__isnull=True
                )
            ),
            deleted_children(scope, "Meeting"),
        )

    def render(rows: list[Meeting]) -> list[OParlObject]:
        agendas = _agenda_objects(scope, rows)
        meeting_files = files.meeting_files(rows)
        return [
            mapping.meeting(
                m,
                urls=scope.urls,
                agenda=agendas.get(m.pk, []),
                files=meeting_files.get(m.pk, files.MeetingFiles()),
                modified=modified(m),
            )
            for m in rows
        ]

    return [Segment("Meeting", "", meetings, render)]


def agenda_item_segments(scope: Scope) -> list[Segment]:
    urls, body = scope.urls, scope.pk

    def live() -> QuerySet[Any]:
        return stamped(
            public_items(scope.partnership).filter(withdrawn=False), *_item_modified()
        ).select_related("meeting")

    def render(rows: list[AgendaItem]) -> list[OParlObject]:
        meetings = list({item.meeting_id: item.meeting for item in rows}.values())
        agendas = _agenda_objects(scope, meetings, only={item.pk for item in rows})
        by_pk = {obj.id: obj for agenda in agendas.values() for obj in agenda}
        wanted = [urls.agenda_item(body, item.pk) for item in rows]
        return [by_pk[url] for url in wanted if url in by_pk]

    def withdrawn() -> QuerySet[Any]:
        items = public_items(scope.partnership).filter(withdrawn=True)
        return stamped(items).only("pk", "created", "modified")

    def render_withdrawn(rows: list[AgendaItem]) -> list[OParlObject]:
        return [
            mapping.withdrawn_item(
                i.pk, urls=urls, body=body, created=created(i), modified=modified(i)
            )
            for i in rows
        ]

    return [
        Segment("AgendaItem", "", live, render),
        Segment("AgendaItem", "", withdrawn, render_withdrawn, deleted=True),
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

    return [Segment("Location", "", locations, render)]

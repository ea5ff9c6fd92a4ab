"""The lists by OParl type, deleted objects, and finding one object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, cast

from django.db.models import F, QuerySet

from partnerskap.oparl import mapping
from partnerskap.oparl.models import Tombstone
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.bodies import legislative_term_segments
from partnerskap.oparl.sources.files import file_segments
from partnerskap.oparl.sources.meetings import (
    agenda_item_segments,
    location_segments,
    meeting_segments,
)
from partnerskap.oparl.sources.organizations import organization_segments
from partnerskap.oparl.sources.papers import consultation_segments, paper_segments
from partnerskap.oparl.sources.people import membership_segments, person_segments


def tombstone_segment(scope: Scope, oparl_type: str) -> Segment:
    """The body's deleted objects of a type. An object that is public again (a person given a
    new seat) is listed live, not as deleted."""

    lives = [live for live in SEGMENTS[oparl_type](scope) if not live.deleted]

    def rows() -> QuerySet[Any]:
        found = Tombstone.objects.filter(body=scope.pk, oparl_type=oparl_type)
        for live in lives:
            found = found.exclude(kind=live.kind, object_pk__in=live.queryset.values("pk"))
        stamped = found.annotate(oparl_created=F("created"), oparl_modified=F("deleted_at"))
        return cast(QuerySet[Any], stamped.order_by("pk"))

    def render(found: list[Tombstone]) -> list[OParlObject]:
        return [mapping.tombstone(row, urls=scope.urls) for row in found]

    # The rows depend on the live segments' querysets: on their keys too.
    fixed = all(live.template is not None for live in lives)
    key = (scope.pk, *(live.template for live in lives)) if fixed else None
    return Segment(oparl_type, "", rows, render, deleted=True, template=key)


#: OParl type → its segments, in list order.
SEGMENTS: Final[dict[str, Callable[[Scope], list[Segment]]]] = {
    "Organization": organization_segments,
    "Person": person_segments,
    "Membership": membership_segments,
    "Meeting": meeting_segments,
    "AgendaItem": agenda_item_segments,
    "Paper": paper_segments,
    "Consultation": consultation_segments,
    "File": file_segments,
    "Location": location_segments,
    "LegislativeTerm": legislative_term_segments,
}


def find(scope: Scope, oparl_type: str, pk: int, kind: str = "") -> OParlObject | None:
    """One object by its reference: live if it is public, else its tombstone, else None."""
    for segment in SEGMENTS[oparl_type](scope):
        if segment.kind != kind:
            continue
        rows = list(segment.queryset.filter(pk=pk)[:1])
        objects = segment.render(rows) if rows else []
        if objects:
            return objects[0]
    row = Tombstone.objects.filter(
        body=scope.pk, oparl_type=oparl_type, kind=kind, object_pk=pk
    ).first()
    return None if row is None else mapping.tombstone(row, urls=scope.urls)

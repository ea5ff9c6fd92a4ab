"""Public reads for the feeds, built only on the public selectors.

Feeds list many meetings at once, and their number of queries must not grow with the data.
``meetings.selectors.agenda_public`` and ``minutes_public`` read one meeting at a time, so this
module holds the batched twin of ``minutes_public`` (the agendas come batched from
``meetings.selectors.agendas_public``). ``tests/feeds/test_selectors.py`` checks on the demo
history that every meeting gets exactly what the single-meeting selectors give.

Nothing here reads an exempt field: a closed item contributes its neutral title and legal basis
only, and of the minutes only ``content["public"]`` leaves the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform

from partnerskap.agreements.models import CooperationArea, Partnership
from partnerskap.agreements.selectors import areas_current, partnerships_public
from partnerskap.meetings.models import Meeting, Minutes
from partnerskap.meetings.public import meetings_in_area
from partnerskap.meetings.selectors import meetings_public


@dataclass(frozen=True)
class Scope:
    """What a feed covers: everything, one partnership, or one cooperation area of one."""

    partnership: Partnership | None = None
    area: CooperationArea | None = None


def scope_for(partnership_slug: str | None = None, area_slug: str | None = None) -> Scope:
    """The public partnership and current area named in a URL; raises ``DoesNotExist``."""
    if partnership_slug is None:
        return Scope()
    partnership = partnerships_public().get(slug=partnership_slug)
    if area_slug is None:
        return Scope(partnership=partnership)
    area = areas_current(partnership=partnership).get(slug=area_slug)
    return Scope(partnership=partnership, area=area)


def meetings_in_scope(scope: Scope) -> QuerySet[Meeting]:
    """Public meetings of the scope. For an area: the meetings whose public agenda has an open
    item in that area (``meetings.public.meetings_in_area``: a closed item's areas are not
    public, so a closed item never puts a meeting in an area)."""
    if scope.area is not None:
        return meetings_in_area(area_id=scope.area.pk, partnership=scope.partnership)
    return meetings_public(partnership=scope.partnership)


@dataclass(frozen=True)
class ApprovedMinutes:
    """The latest approved minutes of a meeting, as ``minutes_public`` gives them."""

    meeting: Meeting
    public: dict[str, Any]
    version: int
    approved_at: dt.datetime
    correction_reason: str


def minutes_latest_public(meetings: QuerySet[Meeting], *, limit: int) -> list[ApprovedMinutes]:
    """The latest approved version of each meeting's minutes, newest approval first, in one
    query. Only ``content["public"]`` is selected: the internal part never leaves the
    database."""
    latest_approved = (
        Minutes.objects.filter(meeting=OuterRef("meeting"), status=Minutes.Status.APPROVED)
        .order_by("-version")
        .values("version")[:1]
    )
    rows = (
        Minutes.objects.filter(
            meeting__in=meetings.values("pk"),
            status=Minutes.Status.APPROVED,
            version=Subquery(latest_approved),
        )
        .select_related("meeting__partnership", "meeting__location")
        .defer("content")
        .annotate(public_part=KeyTransform("public", "content"))
        .order_by("-approved_at", "-pk")[:limit]
    )
    return [
        ApprovedMinutes(
            meeting=row.meeting,
            public=dict(row.public_part or {}),
            version=row.version,
            approved_at=row.approved_at or row.meeting.starts_at,
            correction_reason=row.correction_reason,
        )
        for row in rows
    ]

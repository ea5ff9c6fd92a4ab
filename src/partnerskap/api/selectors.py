"""What the API lists, built only on the project's public selectors.

The visibility rules stay where they are: ``partnerships_public`` and ``areas_current``
(agreements), ``meetings_public``, ``agenda_public``, ``item_public`` and ``minutes_public``
(meetings), ``proposals_public`` (follow-up); which items are public, and which items and
meetings are in an area, comes from ``meetings.public``. The batched twin of ``agenda_public``
(``meetings.selectors.agendas_public``) turns a page of items into their public form in one
query.

Committees come from ``committees.selectors.committees_public`` (none set up in closed
session); a report's summary is shown only when its item is open.
Parties and elected bodies come from ``agreements.selectors.parties_public`` and
``bodies_public`` (those of a public partnership, its member municipalities and successors).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from partnerskap.agreements.models import CooperationArea, ElectedBody, Partnership, Party
from partnerskap.agreements.selectors import (
    areas_current,
    bodies_public,
    parties_public,
    partnerships_public,
)
from partnerskap.committees.models import Committee, CommitteeMembership, CommitteeReport
from partnerskap.committees.selectors import committees_public
from partnerskap.followup.models import FollowUp, FollowUpEvent, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.public import items_public, items_public_open
from partnerskap.meetings.public import meetings_in_area as public_meetings_in_area
from partnerskap.meetings.selectors import meetings_public
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser


def partnerships() -> QuerySet[Partnership]:
    """Public partnerships, each with the public one it continues and the one continuing it."""
    public = partnerships_public()
    return public.prefetch_related("parties").annotate(
        public_predecessor=Subquery(public.filter(pk=OuterRef("predecessor_id")).values("pk")[:1]),
        public_successor=Subquery(public.filter(predecessor=OuterRef("pk")).values("pk")[:1]),
    )


def parties() -> QuerySet[Party]:
    return parties_public()


def bodies() -> QuerySet[ElectedBody]:
    return bodies_public()


def areas() -> QuerySet[CooperationArea]:
    """The current areas of every public partnership, each with its partnership's id."""
    current = [areas_current(partnership=p) for p in partnerships_public()]
    if not current:
        return CooperationArea.objects.none()
    ids = reduce(operator.or_, current).values("pk")
    return CooperationArea.objects.filter(pk__in=ids).select_related("part__agreement")


def area(pk: int) -> CooperationArea | None:
    return areas().filter(pk=pk).first()


def meetings() -> QuerySet[Meeting]:
    return meetings_public()


def meetings_in_area(area: CooperationArea) -> QuerySet[Meeting]:
    """Meetings whose public agenda has an open item in ``area`` (a closed item's areas are
    not public)."""
    return public_meetings_in_area(area_id=area.pk)


def locations() -> QuerySet[Location]:
    return Location.objects.all()


def items() -> QuerySet[AgendaItem]:
    """Items of published agendas (L1), not withdrawn. What each shows comes from
    ``agendas_public``/``item_public``, never from these rows' own fields."""
    return items_public().select_related("meeting")


def items_in_area(area: CooperationArea) -> QuerySet[AgendaItem]:
    """Public items in ``area``: open items only, as for meetings."""
    return items_public_open().filter(areas=area).select_related("meeting")


def proposals() -> QuerySet[Proposal]:
    return (
        proposals_public()
        .select_related("base_version", "resulting_version")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("elected_body").prefetch_related(
                    Prefetch("events", queryset=FollowUpEvent.objects.order_by("on", "id"))
                ),
            ),
            "areas",
            "sdgs",
        )
    )


def follow_ups() -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(proposal__in=proposals_public().values("pk"))
        .select_related("elected_body", "proposal")
        .prefetch_related(Prefetch("events", queryset=FollowUpEvent.objects.order_by("on", "id")))
    )


def partnerships_to_write(user: AnyUser) -> QuerySet[Partnership]:
    """The partnerships a write may name: the public ones, and those the user works in (a
    draft partnership is nobody else's business: unknown, not refused by name)."""
    visible = policy.partnerships_visible(user)
    return Partnership.objects.filter(
        Q(pk__in=partnerships_public().values("pk")) | Q(pk__in=visible.values("pk"))
    )


def meetings_to_write(user: AnyUser) -> QuerySet[Meeting]:
    """The meetings a write may name: the public ones, and every meeting of a partnership the
    user works in; any other is a 404, as on GET."""
    visible = policy.partnerships_visible(user)
    return Meeting.objects.filter(
        Q(pk__in=meetings_public().values("pk")) | Q(partnership__in=visible)
    ).select_related("partnership")


def items_to_write(user: AnyUser) -> QuerySet[AgendaItem]:
    """The items a write may name: the public ones, and every item of a partnership the user
    works in. Any other is a 404, as on GET: a 403 would confirm that an unpublished item
    exists and name its partnership. (Whether the user may write is the policy's question.)"""
    visible = policy.partnerships_visible(user)
    return AgendaItem.objects.filter(
        Q(pk__in=items().values("pk")) | Q(meeting__partnership__in=visible)
    ).select_related("meeting__partnership")


def follow_ups_to_write(user: AnyUser) -> QuerySet[FollowUp]:
    """The follow-ups a write may name: those of public proposals, and every follow-up in a
    partnership the user works in; the follow-up of a closed item's proposal is a 404 for the
    rest (L3), not a 403 naming its body."""
    visible = policy.partnerships_visible(user)
    return FollowUp.objects.filter(
        Q(proposal__in=proposals_public().values("pk")) | Q(proposal__partnership__in=visible)
    ).select_related("elected_body__party", "proposal")


def follow_up_with_history(pk: int) -> FollowUp:
    """Any follow-up (also of a proposal that is not public), for the party that answers it."""
    return (
        FollowUp.objects.select_related("elected_body")
        .prefetch_related(Prefetch("events", queryset=FollowUpEvent.objects.order_by("on", "id")))
        .get(pk=pk)
    )


def committees() -> QuerySet[Committee]:
    return (
        committees_public()
        .select_related("established_by")
        .prefetch_related(
            Prefetch("members", queryset=CommitteeMembership.objects.select_related("person")),
            Prefetch(
                "reports",
                queryset=CommitteeReport.objects.select_related("item__closed_session").order_by(
                    "item__meeting__starts_at", "id"
                ),
            ),
            "areas",
            "sdgs",
        )
    )

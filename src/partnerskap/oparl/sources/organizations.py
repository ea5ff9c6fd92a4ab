"""Organizations: the partnership meeting, parties, elected bodies, committees."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.oparl import mapping
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.sets import ids, read_sets
from partnerskap.oparl.sources.stamps import deleted_of_type, latest, modified, stamped
from partnerskap.people.models import Membership


def organization_segments(scope: Scope) -> list[Segment]:
    # The querysets depend on the body's sets (read once per request): built and compiled
    # once per body and sets.
    read_sets(scope, "delegates", "parties", "committees")
    key = (
        scope.pk,
        *(tuple(ids(scope, name)) for name in ("delegates", "parties", "committees")),
    )
    return [
        _meeting_body_segment(scope, key),
        _party_segment(scope, key),
        _elected_body_segment(scope, key),
        _committee_segment(scope, key),
    ]


def _meeting_body_segment(scope: Scope, key: Hashable) -> Segment:
    """The partnership's meeting body, its members the delegates."""

    def meeting_body() -> QuerySet[Any]:
        read_sets(scope, "delegates", "parties", "committees")
        return stamped(
            Partnership.objects.filter(pk=scope.pk),
            latest(Membership.objects.filter(pk__in=ids(scope, "delegates"))),
            deleted_of_type(scope, "Membership"),
        )

    def render(rows: list[Partnership]) -> list[OParlObject]:
        members = sorted(ids(scope, "delegates"))
        return [
            mapping.partnership_meeting(
                p, urls=scope.urls, membership_ids=members, modified=modified(p)
            )
            for p in rows
        ]

    return Segment("Organization", "partnership-meeting", meeting_body, render, template=key)


def _party_segment(scope: Scope, key: Hashable) -> Segment:
    def parties() -> QuerySet[Any]:
        return stamped(Party.objects.filter(pk__in=ids(scope, "parties")))

    def render(rows: list[Party]) -> list[OParlObject]:
        return [mapping.party(p, urls=scope.urls, body=scope.pk) for p in rows]

    return Segment("Organization", "party", parties, render, template=key)


def _elected_body_segment(scope: Scope, key: Hashable) -> Segment:
    def elected_bodies() -> QuerySet[Any]:
        return stamped(ElectedBody.objects.filter(party__in=ids(scope, "parties")))

    def render(rows: list[ElectedBody]) -> list[OParlObject]:
        return [mapping.elected_body(e, urls=scope.urls, body=scope.pk) for e in rows]

    return Segment("Organization", "elected-body", elected_bodies, render, template=key)


def _committee_segment(scope: Scope, key: Hashable) -> Segment:
    def committees() -> QuerySet[Any]:
        return stamped(
            Committee.objects.filter(pk__in=ids(scope, "committees")),
            latest(CommitteeMembership.objects.filter(committee=OuterRef("pk"))),
            deleted_of_type(scope, "Membership"),
        ).prefetch_related(
            Prefetch("members", queryset=CommitteeMembership.objects.only("pk", "committee"))
        )

    def render(rows: list[Committee]) -> list[OParlObject]:
        return [
            mapping.committee(
                c,
                urls=scope.urls,
                slug=scope.partnership.slug,
                membership_ids=[m.pk for m in c.members.all()],
                modified=modified(c),
            )
            for c in rows
        ]

    return Segment("Organization", "committee", committees, render, template=key)

"""Organizations: the partnership meeting, parties, elected bodies, committees."""

from __future__ import annotations

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
    partnership, urls, body = scope.partnership, scope.urls, scope.pk

    def meeting_body() -> QuerySet[Any]:
        read_sets(scope, "delegates", "parties", "committees")
        return stamped(
            Partnership.objects.filter(pk=body),
            latest(Membership.objects.filter(pk__in=ids(scope, "delegates"))),
            deleted_of_type(scope, "Membership"),
        )

    def render_meeting_body(rows: list[Partnership]) -> list[OParlObject]:
        members = sorted(ids(scope, "delegates"))
        return [
            mapping.partnership_meeting(p, urls=urls, membership_ids=members, modified=modified(p))
            for p in rows
        ]

    def parties() -> QuerySet[Any]:
        return stamped(Party.objects.filter(pk__in=ids(scope, "parties")))

    def render_parties(rows: list[Party]) -> list[OParlObject]:
        return [mapping.party(p, urls=urls, body=body) for p in rows]

    def elected_bodies() -> QuerySet[Any]:
        return stamped(ElectedBody.objects.filter(party__in=ids(scope, "parties")))

    def render_bodies(rows: list[ElectedBody]) -> list[OParlObject]:
        return [mapping.elected_body(e, urls=urls, body=body) for e in rows]

    def committees() -> QuerySet[Any]:
        return stamped(
            Committee.objects.filter(pk__in=ids(scope, "committees")),
            latest(CommitteeMembership.objects.filter(committee=OuterRef("pk"))),
            deleted_of_type(scope, "Membership"),
        ).prefetch_related(
            Prefetch("members", queryset=CommitteeMembership.objects.only("pk", "committee"))
        )

    def render_committees(rows: list[Committee]) -> list[OParlObject]:
        return [
            mapping.committee(
                c,
                urls=urls,
                slug=partnership.slug,
                membership_ids=[m.pk for m in c.members.all()],
                modified=modified(c),
            )
            for c in rows
        ]

    # The querysets depend on the body's sets (read once per request): built and compiled
    # once per body and sets.
    read_sets(scope, "delegates", "parties", "committees")
    key = (body, *(tuple(ids(scope, name)) for name in ("delegates", "parties", "committees")))
    return [
        Segment(
            "Organization", "partnership-meeting", meeting_body, render_meeting_body, template=key
        ),
        Segment("Organization", "party", parties, render_parties, template=key),
        Segment("Organization", "elected-body", elected_bodies, render_bodies, template=key),
        Segment("Organization", "committee", committees, render_committees, template=key),
    ]

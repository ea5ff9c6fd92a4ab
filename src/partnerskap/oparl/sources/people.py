"""People and memberships (delegation seats and committee seats)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet

from partnerskap.committees.models import CommitteeMembership
from partnerskap.oparl import mapping, schema
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.oparl.sources.sets import ids, read_sets
from partnerskap.oparl.sources.stamps import deleted_children, latest, modified, prefetched, stamped
from partnerskap.people.models import Membership, Person


def delegates(scope: Scope) -> QuerySet[Membership]:
    read_sets(scope, "delegates", "committee_members")
    return Membership.objects.filter(pk__in=ids(scope, "delegates"))


def committee_members(scope: Scope) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.filter(pk__in=ids(scope, "committee_members"))


def seats_key(scope: Scope) -> Hashable:
    """What the querysets over the body's seats depend on: the body and the seats' keys
    (read once per request), so that they are built and compiled once per set of seats."""
    read_sets(scope, "delegates", "committee_members")
    return (scope.pk, tuple(ids(scope, "delegates")), tuple(ids(scope, "committee_members")))


def membership_objects(
    scope: Scope,
    delegates: Sequence[Membership],
    committee_members: Sequence[CommitteeMembership],
) -> list[schema.Membership]:
    urls, body = scope.urls, scope.pk
    return [
        *(mapping.delegate_membership(m, urls=urls, body=body) for m in delegates),
        *(
            mapping.committee_membership(m, urls=urls, committee=m.committee)
            for m in committee_members
        ),
    ]


def person_segments(scope: Scope) -> list[Segment]:
    def people() -> QuerySet[Any]:
        seats, members = delegates(scope), committee_members(scope)
        return stamped(
            Person.objects.filter(
                Q(pk__in=seats.values("person")) | Q(pk__in=members.values("person"))
            ),
            latest(seats.filter(person=OuterRef("pk"))),
            latest(members.filter(person=OuterRef("pk"))),
            deleted_children(scope, "Person"),
        ).prefetch_related(
            Prefetch("memberships", queryset=seats.order_by("pk"), to_attr="oparl_delegate"),
            Prefetch(
                "committeemembership_set",
                queryset=members.select_related("committee").order_by("pk"),
                to_attr="oparl_committee",
            ),
        )

    def render(rows: list[Person]) -> list[OParlObject]:
        return [
            mapping.person(
                p,
                urls=scope.urls,
                body=scope.pk,
                memberships=membership_objects(
                    scope, prefetched(p, "oparl_delegate"), prefetched(p, "oparl_committee")
                ),
                modified=modified(p),
            )
            for p in rows
        ]

    return [Segment("Person", "", people, render, template=seats_key(scope))]


def membership_segments(scope: Scope) -> list[Segment]:
    def render_delegates(rows: list[Membership]) -> list[OParlObject]:
        return [*membership_objects(scope, rows, [])]

    def render_committee(rows: list[CommitteeMembership]) -> list[OParlObject]:
        return [*membership_objects(scope, [], rows)]

    key = seats_key(scope)
    return [
        Segment(
            "Membership",
            "delegate",
            lambda: stamped(delegates(scope)),
            render_delegates,
            template=key,
        ),
        Segment(
            "Membership",
            "committee",
            lambda: stamped(committee_members(scope)).select_related("committee"),
            render_committee,
            template=key,
        ),
    ]

"""Reads for people and their roles: who holds which role with the parties of a partnership on
a day (the «term»), a person's roles, and which people a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, QuerySet

from partnerskap.agreements import succession
from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import time
from partnerskap.people import policy
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.policy import AnyUser

#: The order roles are listed in, the council's leadership first.
ROLE_ORDER = (
    Role.CHAIR,
    Role.DEPUTY_CHAIR,
    Role.MEMBER,
    Role.SUBSTITUTE,
    Role.SECRETARIAT,
    Role.CASE_OFFICER,
    Role.OBSERVER,
)


@dataclass
class RoleGroup:
    role: Role
    memberships: list[Membership] = field(default_factory=list)


@dataclass
class PartyPeople:
    """One party's roles on a day, grouped by role (substitutes in the order they are called
    in), and whether the viewing user keeps them."""

    party: Party
    groups: list[RoleGroup]
    manageable: bool

    @property
    def count(self) -> int:
        return sum(len(g.memberships) for g in self.groups)


def parties_of(*, partnership: Partnership) -> QuerySet[Party]:
    """The partnership's parties, the council's member municipalities (their case officers
    and bodies) and the successors of ceased parties (A1), the signatories first."""
    acting = succession.successors_in(partnership, on=time.today())
    return (
        Party.objects.filter(
            Q(partnerships=partnership)
            | Q(council__partnerships=partnership)
            | Q(pk__in=acting.values("pk"))
        )
        .distinct()
        .order_by(F("council").asc(nulls_first=True), "name")
    )


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def people_by_party(
    *, partnership: Partnership, user: AnyUser, on: dt.date | None = None
) -> list[PartyPeople]:
    """Who holds which role with each party of the partnership on ``on`` (today), in three
    queries whatever the number of people."""
    day = on or time.today()
    parties = list(parties_of(partnership=partnership))
    manageable = set(
        policy.parties_manageable(user)
        .filter(pk__in=[p.pk for p in parties])
        .values_list("pk", flat=True)
    )
    memberships = (
        Membership.objects.filter(_valid_on(day), party__in=parties)
        .select_related("person")
        .order_by(
            F("substitute_order").asc(nulls_last=True),
            "person__family_name",
            "person__given_name",
            "pk",
        )
    )
    grouped: dict[tuple[int, str], list[Membership]] = {}
    for m in memberships:
        grouped.setdefault((m.party_id, m.role), []).append(m)
    result = []
    for party in parties:
        groups = [
            RoleGroup(role, grouped[(party.pk, role)])
            for role in ROLE_ORDER
            if (party.pk, role) in grouped
        ]
        result.append(PartyPeople(party, groups, party.pk in manageable))
    return result


def persons_visible(user: AnyUser) -> QuerySet[Person]:
    """The people the user may look up in the back office: those with a role (now or before)
    with a party of a partnership the user works in (or a member municipality of one), and
    those on its temporary committees."""
    partnerships = policy.partnerships_visible(user)
    held = Membership.objects.filter(
        Q(party__partnerships__in=partnerships) | Q(party__council__partnerships__in=partnerships)
    )
    seated = Person.objects.filter(committeemembership__committee__partnership__in=partnerships)
    return Person.objects.filter(Q(pk__in=held.values("person")) | Q(pk__in=seated.values("pk")))


def memberships_of_person(*, person: Person) -> QuerySet[Membership]:
    """A person's roles, newest first."""
    return person.memberships.select_related("party").order_by("-valid_from", "pk")


def languages_of(emails: Iterable[str]) -> dict[str, str]:
    """Each address's own language (``Person.language``), in one query; an address no person
    has (a guest, a subscriber) gets the site's language."""
    wanted = {e for e in emails if e}
    found = dict(
        Person.objects.filter(email__in=wanted).order_by("pk").values_list("email", "language")
    )
    return {email: found.get(email) or settings.LANGUAGE_CODE for email in wanted}

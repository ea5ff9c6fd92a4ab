"""Who and what belongs to a body: its parties, seats, committees and people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, cast

from django.db.models import Q, QuerySet

from partnerskap.agreements import succession
from partnerskap.agreements.models import ElectedBody, Partnership, PartnershipParty, Party
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.committees.selectors import committees_public as shared_committees_public
from partnerskap.core import time
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.public import items_on_public_agendas
from partnerskap.meetings.selectors import DELEGATE_ROLES
from partnerskap.oparl.segments import Scope, primary_keys
from partnerskap.people.models import Membership, Person, Role

#: Roles that make a person part of a party's delegation to the partnership meeting: its
#: members and substitutes (docs/design.md). Secretariats, case officers and observers are
#: staff or guests, not members, and stay out of OParl (L10) unless they sit on a committee.
PUBLIC_ROLES: Final = (*DELEGATE_ROLES, Role.SUBSTITUTE)


def partnership_parties(partnership: Partnership) -> QuerySet[PartnershipParty, Any]:
    return PartnershipParty.objects.filter(partnership=partnership).values("party")


def delegate_memberships(partnership: Partnership) -> QuerySet[Membership]:
    """Memberships that seat a person in the partnership meeting for one of its parties, or
    for the successor acting in a ceased party's seat (A1)."""
    acting = succession.successors_in(partnership, on=time.today())
    return Membership.objects.filter(
        Q(party__in=partnership_parties(partnership)) | Q(party__in=acting),
        role__in=PUBLIC_ROLES,
    )


def committees_public(partnership: Partnership) -> QuerySet[Committee]:
    """The partnership's public committees: the one shared rule in committees.selectors."""
    return shared_committees_public(partnership=partnership)


def committee_memberships(partnership: Partnership) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.filter(committee__in=committees_public(partnership))


def parties_of(partnership: Partnership) -> QuerySet[Party]:
    """The partnership's parties, their member municipalities and successors, and any party
    whose people or bodies its public records name (committee members, follow-ups)."""
    own = partnership_parties(partnership)
    return Party.objects.filter(
        Q(pk__in=own)
        | Q(council__in=own)
        | Q(pk__in=Party.objects.filter(pk__in=own).values("successor"))
        | Q(pk__in=committee_memberships(partnership).values("party"))
        | Q(
            pk__in=ElectedBody.objects.filter(
                follow_ups__proposal__in=proposals_public(partnership=partnership)
            ).values("party")
        )
    )


def people_of(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=delegate_memberships(partnership).values("person"))
        | Q(pk__in=committee_memberships(partnership).values("person"))
    )


def public_items(partnership: Partnership) -> QuerySet[AgendaItem]:
    """Candidates for the public agenda items of the partnership's meetings, withdrawn ones
    too (listed as deleted); what they show comes from ``agendas_public``, which has the last
    word."""
    return items_on_public_agendas(partnership=partnership)


#: The sets a request reads once, as primary keys (small: a body's parties, committees, seats).
_SETS: Final[dict[str, Callable[[Partnership], QuerySet[Any]]]] = {
    "parties": parties_of,
    "delegates": delegate_memberships,
    "committees": committees_public,
    "committee_members": committee_memberships,
}


def read_sets(scope: Scope, *names: str) -> None:
    """Read the body's sets ``names`` (those not read yet in this request) in one query; a
    list reads all it needs at once."""
    missing = [name for name in names if name not in scope.memo]
    if missing:
        sets = {name: (("oparl.sets", name, scope.pk), _set_query(scope, name)) for name in missing}
        scope.memo.update(primary_keys(sets))


def _set_query(scope: Scope, name: str) -> Callable[[], QuerySet[Any]]:
    def build() -> QuerySet[Any]:
        return _SETS[name](scope.partnership).values_list("pk")

    return build


def ids(scope: Scope, name: str) -> list[int]:
    """The primary keys of one of the body's sets, read once per request (the query itself
    is built and compiled once per process)."""
    read_sets(scope, name)
    return cast(list[int], scope.memo[name])

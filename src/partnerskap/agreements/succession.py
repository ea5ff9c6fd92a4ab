"""Succession of a party (A1): which party acts for a party in a partnership on a day.

A party that has ceased (``valid_to``) keeps its seat in its partnerships; from the day after
its end its successor acts in that seat: its bodies receive the follow-ups, its people act and
it signs. Where a county was split, the successor for the partnership's council
(``PartySuccession``) comes first, ``Party.successor`` is the default; the chain is followed
(a successor that ceased in turn has its own successor). This module is the one place that
answers; the permission policy, the meetings, the proposals and the finance services ask here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partnerskap.agreements.models import Partnership, PartnershipParty, Party, PartySuccession


def has_ceased(party: Party, *, on: dt.date) -> bool:
    """Whether ``party`` no longer exists on ``on`` (its last day was before)."""
    return party.valid_to is not None and party.valid_to < on


def _councils(partnership: Partnership | None) -> set[int]:
    if partnership is None:
        return set()
    return {p.pk for p in partnership.parties.all() if p.kind == Party.Kind.REGIONAL_COUNCIL}


def _next(party: Party, councils: set[int]) -> Party | None:
    if councils:
        found = (
            PartySuccession.objects.filter(predecessor=party, council__in=councils)
            .select_related("successor")
            .first()
        )
        if found is not None:
            return found.successor
    return party.successor


def acting_party(party: Party, *, on: dt.date, partnership: Partnership | None = None) -> Party:
    """The party that acts for ``party`` (in ``partnership``) on ``on``: ``party`` itself while
    it exists, else its successor (the council's own successor first), following the chain."""
    councils = _councils(partnership)
    seen = {party.pk}
    current = party
    while has_ceased(current, on=on):
        successor = _next(current, councils)
        if successor is None or successor.pk in seen:
            break
        seen.add(successor.pk)
        current = successor
    return current


def seats(partnership: Partnership, *, on: dt.date) -> dict[int, Party]:
    """Each of the partnership's parties (by id) with the party acting in its seat on ``on``."""
    return {
        p.pk: acting_party(p, on=on, partnership=partnership) for p in partnership.parties.all()
    }


def seat_of(partnership: Partnership, party: Party, *, on: dt.date) -> Party | None:
    """The partnership's party whose seat ``party`` holds on ``on`` (itself, or the ceased
    party it succeeds); ``None`` when it holds none."""
    for seat_id, acting in seats(partnership, on=on).items():
        if acting.pk == party.pk:
            return partnership.parties.get(pk=seat_id)
    return None


@dataclass(frozen=True)
class Acting:
    """A successor acts for ``predecessor_id``: in its partnerships with ``council_id`` (a
    split county), or, with no council, in those without a council's own successor."""

    predecessor_id: int
    council_id: int | None = None

    def partnerships(self) -> Q:
        """The partnerships (a ``Q`` over ``Partnership``) where this succession applies."""
        with_predecessor = PartnershipParty.objects.filter(party_id=self.predecessor_id)
        q = Q(pk__in=with_predecessor.values("partnership"))
        if self.council_id is not None:
            with_council = PartnershipParty.objects.filter(party_id=self.council_id)
            return q & Q(pk__in=with_council.values("partnership"))
        split = PartySuccession.objects.filter(predecessor_id=self.predecessor_id)
        others = PartnershipParty.objects.filter(party__in=split.values("council"))
        return q & ~Q(pk__in=others.values("partnership"))


#: The columns a query of parties reads to know, in the same query, which ceased parties each
#: succeeds: by default (``Party.successor``) and for a council (``PartySuccession``).
PARTY_FIELDS = (
    "predecessors__id",
    "predecessors__valid_to",
    "successions_taken__predecessor_id",
    "successions_taken__council_id",
    "successions_taken__predecessor__valid_to",
)
#: The same, read through a membership's party (the permission policy's one query).
MEMBERSHIP_FIELDS = tuple(f"party__{f}" for f in PARTY_FIELDS)


def acting_from_row(row: tuple[object, ...], *, on: dt.date) -> set[Acting]:
    """The successions one row of ``MEMBERSHIP_FIELDS`` shows in force on ``on``."""
    pred, pred_to, split_pred, council, split_to = row
    found = set()
    if isinstance(pred, int) and isinstance(pred_to, dt.date) and pred_to < on:
        found.add(Acting(pred))
    if isinstance(split_pred, int) and isinstance(split_to, dt.date) and split_to < on:
        found.add(Acting(split_pred, council if isinstance(council, int) else None))
    return found


def acting_further(acting: Iterable[Acting], *, on: dt.date) -> set[Acting]:
    """Those ``acting`` add to the chain: a ceased party's own predecessors (rare: one query
    per further step, only when a succession was found)."""
    found = set(acting)
    step = {a.predecessor_id for a in found}
    while step:
        rows = Party.objects.filter(successor__in=step, valid_to__lt=on).values_list(
            "pk", flat=True
        )
        step = set(rows) - {a.predecessor_id for a in found}
        found |= {Acting(pk) for pk in step}
    return found


def successors_in(partnership: Partnership, *, on: dt.date) -> QuerySet[Party]:
    """The parties that hold a ceased party's seat in ``partnership`` on ``on`` (one step of
    the chain), as a lazy queryset a query uses as a subquery (no query of its own): the
    council's own successor, else the default successor."""
    ceased = Party.objects.filter(partnerships=partnership, valid_to__lt=on)
    councils = Party.objects.filter(partnerships=partnership, kind=Party.Kind.REGIONAL_COUNCIL)
    split = PartySuccession.objects.filter(predecessor__in=ceased, council__in=councils)
    default = ceased.exclude(pk__in=split.values("predecessor"))
    return Party.objects.filter(
        Q(pk__in=split.values("successor")) | Q(pk__in=default.values("successor"))
    )

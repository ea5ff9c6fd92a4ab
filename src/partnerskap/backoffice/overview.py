"""Reads for the view across partnerships: a county (or a council) that is a party to several
partnerships sees their upcoming meetings, their warnings and the follow-ups its bodies owe on
one page, in the same number of queries however many partnerships, meetings and follow-ups
there are.

Which parties a user sees this for is ``people.policy.parties_overseen``; which bodies' work it
lists is ``people.policy.bodies_answerable``. The warnings are the dashboard's
(``backoffice.selectors.planning_flags``), not a copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils import timezone

from partnerskap.agreements.models import ElectedBody, Partnership, PartnershipParty, Party
from partnerskap.backoffice.selectors import AHEAD, planning_flags
from partnerskap.core import time
from partnerskap.followup.models import AWAITING_STATUSES, FollowUp
from partnerskap.followup.selectors import followed_up_under, partnership_followed_up_under
from partnerskap.meetings.models import Meeting
from partnerskap.people.policy import AnyUser, bodies_answerable, is_concluded


@dataclass(frozen=True)
class WorkFilters:
    """What narrows the page: the partnership (all three sections), and for the work list the
    body, the status (one of ``AWAITING_STATUSES``; empty: all of them) and overdue only."""

    partnership: int | None = None
    body: int | None = None
    status: str = ""
    overdue_only: bool = False
    #: Show concluded partnerships too (their follow-up may still be open).
    concluded: bool = False


@dataclass
class PartnershipFlags:
    """One partnership's line in the warnings section."""

    partnership: Partnership
    concluded: bool
    warnings: list[str] = field(default_factory=list)
    beyond_cycle: Sequence[Meeting] = field(default_factory=list)
    overdue: int = 0

    @property
    def clear(self) -> bool:
        return not (self.warnings or self.beyond_cycle or self.overdue)


def partnerships_of_parties(
    *, parties: Iterable[int], concluded: bool = False, today: dt.date | None = None
) -> QuerySet[Partnership]:
    """The partnerships the parties are party to, by name; without ``concluded``, only those
    whose period has not ended (``policy.is_concluded``)."""
    found = Partnership.objects.filter(
        pk__in=PartnershipParty.objects.filter(party__in=list(parties)).values("partnership")
    ).order_by("name", "pk")
    if not concluded:
        found = found.filter(period_end__gte=today or time.today())
    return found


def bodies_of_parties(*, parties: Iterable[int], user: AnyUser) -> list[ElectedBody]:
    """The elected bodies of the parties and of their member municipalities whose follow-ups
    the user records (``policy.bodies_answerable``), by party and name."""
    ids = list(parties)
    return list(
        ElectedBody.objects.filter(Q(party__in=ids) | Q(party__council__in=ids))
        .filter(pk__in=bodies_answerable(user).values("pk"))
        .select_related("party")
        .order_by("party__name", "name", "pk")
    )


def meetings_upcoming_in(*, partnerships: Sequence[Partnership]) -> QuerySet[Meeting]:
    """Meetings still ahead in the partnerships (not cancelled, not yet held), the soonest
    first, with their partnership and place."""
    return (
        Meeting.objects.filter(
            partnership__in=[p.pk for p in partnerships],
            starts_at__gte=timezone.now(),
            status__in=AHEAD,
        )
        .select_related("partnership", "location")
        .order_by("starts_at", "pk")
    )


def flags_of(
    *, partnerships: Sequence[Partnership], bodies: Sequence[int], today: dt.date | None = None
) -> list[PartnershipFlags]:
    """Each partnership's warnings: this year's compliance (A4, A12) and the meetings beyond the
    adopted cycle (A5) as the dashboard gives them, and how many of ``bodies``' follow-ups in
    it are overdue (six queries for any number of partnerships)."""
    day = today or time.today()
    concluded = {p.pk for p in partnerships if is_concluded(p, on=day)}
    warnings, beyond = planning_flags(list(partnerships), day, concluded)
    overdue = dict(
        FollowUp.objects.filter(
            followed_up_under([p.pk for p in partnerships], via="proposal__"),
            elected_body__in=list(bodies),
            status__in=AWAITING_STATUSES,
            expected_by__lt=day,
        )
        .annotate(under=partnership_followed_up_under(via="proposal__"))
        .values_list("under")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        PartnershipFlags(
            partnership=p,
            concluded=p.pk in concluded,
            warnings=warnings.get(p.pk, []),
            beyond_cycle=beyond.get(p.pk, []),
            overdue=overdue.get(p.pk, 0),
        )
        for p in partnerships
    ]


def work_list(
    *,
    partnerships: Sequence[Partnership],
    bodies: Sequence[int],
    filters: WorkFilters,
    order: Sequence[OrderBy] = (),
    today: dt.date | None = None,
) -> QuerySet[FollowUp]:
    """The follow-ups of the partnerships that ``bodies`` still owe an answer to, narrowed by
    ``filters``, each marked ``overdue``; the overdue ones first, then by ``order`` (the
    sorted column's, ``backoffice.sorting``), by default the date expected."""
    day = today or time.today()
    statuses = [filters.status] if filters.status in AWAITING_STATUSES else AWAITING_STATUSES
    chosen = [b for b in bodies if filters.body in (None, b)]
    rows = FollowUp.objects.filter(
        followed_up_under([p.pk for p in partnerships], via="proposal__"),
        elected_body__in=chosen,
        status__in=list(statuses),
    )
    if filters.overdue_only:
        rows = rows.filter(expected_by__lt=day)
    return (
        rows.select_related(
            "proposal__partnership", "proposal__carried_over_to", "elected_body__party"
        )
        .only(
            "status",
            "expected_by",
            "proposal__title",
            "proposal__partnership__name",
            "proposal__partnership__slug",
            "proposal__carried_over_to__name",
            "proposal__carried_over_to__slug",
            "elected_body__name",
            "elected_body__slug",
            "elected_body__party__name",
        )
        .annotate(
            overdue=Case(
                When(expected_by__lt=day, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-overdue", *(order or ("expected_by", "pk")))
    )


def parties_named(*, parties: QuerySet[Party]) -> list[Party]:
    """The parties, by name (the page's choice when the user oversees more than one)."""
    return list(parties.order_by("name", "pk"))

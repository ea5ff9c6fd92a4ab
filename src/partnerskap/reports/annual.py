"""The year's account (årsrapport): meetings against the minimum (A4), requests, items per area
and goal, proposals and the state of their follow-up per body, amendments, committees, guests,
and each party's costs and allocations. Data only; renderers (portal, PDF) sit elsewhere."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import committees_public
from partnerskap.finance.selectors import PartyFinances, finances_for_year
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, GuestInvitation, MeetingRequest
from partnerskap.meetings.public import guests_public, items_public_open
from partnerskap.meetings.selectors import YearCompliance, compliance_for_years


@dataclass
class AnnualReportData:
    year: int
    compliance: YearCompliance | None
    meeting_requests: int
    items_per_area: dict[str, int]
    items_per_sdg: dict[int, int]
    proposals: int
    follow_up_states: dict[str, dict[str, int]]  # body name → status → count
    amendments: dict[str, int]  # state → count
    committees_active: list[str]
    committee_reports: int
    guests: int
    guests_late_notice: int
    finances: list[PartyFinances] = field(default_factory=list)


def _items(partnership: Partnership, year: int, *, public: bool) -> QuerySet[AgendaItem]:
    """The year's items: for the public, those on a published agenda and not closed (a closed
    item's areas and goals are not public, L3); inside, every item not withdrawn."""
    if public:
        return items_public_open(partnership=partnership).filter(year=year)
    return AgendaItem.objects.filter(partnership=partnership, year=year, withdrawn=False)


def items_per_area_and_goal(items: QuerySet[AgendaItem]) -> tuple[dict[str, int], dict[int, int]]:
    """Items per cooperation area, in the areas' order (A3), and per sustainable development
    goal (A2), from one query: an item's rows are its areas times its goals, so each count is
    of distinct items."""
    in_area: dict[str, set[int]] = {}
    area_position: dict[str, int] = {}
    with_goal: dict[int, set[int]] = {}
    for pk, area, position, goal in items.order_by().values_list(
        "pk", "areas__name", "areas__position", "sdgs__number"
    ):
        if area is not None:
            in_area.setdefault(area, set()).add(pk)
            area_position[area] = min(position, area_position.get(area, position))
        if goal is not None:
            with_goal.setdefault(goal, set()).add(pk)
    per_area = {
        area: len(in_area[area]) for area in sorted(in_area, key=lambda a: (area_position[a], a))
    }
    per_sdg = {goal: len(with_goal[goal]) for goal in sorted(with_goal)}
    return per_area, per_sdg


def _proposals(partnership: Partnership, year: int, *, public: bool) -> QuerySet[Proposal]:
    """The proposals sent in the year (for the public: not from a closed item)."""
    if public:
        return proposals_public(partnership=partnership).filter(sent_on__year=year)
    return Proposal.objects.filter(partnership=partnership, sent_on__year=year)


def _follow_up_states(proposals: QuerySet[Proposal]) -> dict[str, dict[str, int]]:
    """Per elected body, how many of its follow-ups are in each status."""
    states: dict[str, dict[str, int]] = {}
    for body, status, n in (
        FollowUp.objects.filter(proposal__in=proposals)
        .values_list("elected_body__name", "status")
        .annotate(n=Count("pk"))
        .order_by("elected_body__name", "status")
    ):
        states.setdefault(body, {})[status] = n
    return states


def _committees(partnership: Partnership, year: int, *, public: bool) -> QuerySet[Committee]:
    """The committees active at some time in the year (for the public: not set up in closed
    session)."""
    committees = (
        committees_public(partnership=partnership)
        if public
        else Committee.objects.filter(partnership=partnership)
    )
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return committees.filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on")


def _guests(partnership: Partnership, year: int, *, public: bool) -> list[GuestInvitation]:
    """The year's guests (for the public: of meetings whose agenda is public, L1)."""
    guests = (
        guests_public(partnership=partnership)
        if public
        else GuestInvitation.objects.filter(meeting__partnership=partnership)
    )
    return list(guests.filter(meeting__starts_at__year=year))


def annual_report_data(
    *,
    partnership: Partnership,
    year: int,
    today: dt.date | None = None,
    public: bool = False,
    years: list[YearCompliance] | None = None,
) -> AnnualReportData:
    """The year's figures. ``public=True`` counts only what the public may see
    (``meetings.public``, for the portal's year page): items on a published agenda and not
    closed (a closed item's areas and goals are not public, L3), proposals and committees not
    from a closed item, guests of meetings whose agenda is public (L1). ``years`` is
    ``compliance_for_years`` of the same partnership and day, when the caller has it
    already. Meetings count as held only once held (A4, ``meetings_counted_in``)."""
    if years is None:
        years = compliance_for_years(partnership=partnership, today=today)
    items = _items(partnership, year, public=public)
    proposals = _proposals(partnership, year, public=public)
    committees = list(
        _committees(partnership, year, public=public).annotate(
            reports_in_year=Count("reports", filter=Q(reports__item__year=year))
        )
    )
    invited = _guests(partnership, year, public=public)
    kinds = list(proposals.values_list("kind", "amendment_state"))
    amendments = Counter(state for kind, state in kinds if kind == Proposal.Kind.AMENDMENT)
    per_area, per_sdg = items_per_area_and_goal(items)
    return AnnualReportData(
        year=year,
        compliance=next((y for y in years if y.year == year), None),
        meeting_requests=MeetingRequest.objects.filter(
            partnership=partnership, requested_on__year=year
        ).count(),
        items_per_area=per_area,
        items_per_sdg=per_sdg,
        proposals=len(kinds),
        follow_up_states=_follow_up_states(proposals),
        amendments=dict(amendments),
        committees_active=[c.name for c in committees],
        committee_reports=sum(c.reports_in_year for c in committees),
        guests=len(invited),
        guests_late_notice=sum(1 for g in invited if g.notice_is_late),
        finances=finances_for_year(partnership=partnership, year=year),
    )


__all__ = ["AnnualReportData", "annual_report_data", "items_per_area_and_goal"]

"""The year's account (årsrapport): meetings against the minimum (A4), requests, items per area
and goal, proposals and the state of their follow-up per body, amendments, committees, guests,
and each party's costs and allocations. Data only; renderers (portal, PDF) sit elsewhere."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee, CommitteeReport
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


def _per_area(items: QuerySet[AgendaItem]) -> dict[str, int]:
    """Items per cooperation area, in the areas' order (A3)."""
    rows = (
        items.values_list("areas__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("areas__position")
    )
    return {str(name): n for name, n in rows if name is not None}


def _per_sdg(items: QuerySet[AgendaItem]) -> dict[int, int]:
    """Items per sustainable development goal (A2)."""
    return dict(
        items.filter(sdgs__isnull=False)
        .values_list("sdgs__number")
        .annotate(n=Count("pk", distinct=True))
        .order_by("sdgs__number")
    )


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
    committees = _committees(partnership, year, public=public)
    invited = _guests(partnership, year, public=public)
    amendments = Counter(
        proposals.filter(kind=Proposal.Kind.AMENDMENT).values_list("amendment_state", flat=True)
    )
    return AnnualReportData(
        year=year,
        compliance=next((y for y in years if y.year == year), None),
        meeting_requests=MeetingRequest.objects.filter(
            partnership=partnership, requested_on__year=year
        ).count(),
        items_per_area=_per_area(items),
        items_per_sdg=_per_sdg(items),
        proposals=proposals.count(),
        follow_up_states=_follow_up_states(proposals),
        amendments=dict(amendments),
        committees_active=[c.name for c in committees],
        committee_reports=CommitteeReport.objects.filter(
            committee__in=committees, item__year=year
        ).count(),
        guests=len(invited),
        guests_late_notice=sum(1 for g in invited if g.notice_is_late),
        finances=finances_for_year(partnership=partnership, year=year),
    )


__all__ = ["AnnualReportData", "annual_report_data"]

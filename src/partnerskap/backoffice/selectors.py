"""Reads for the back office's own screens: what several domains' rows come to on one page
(the dashboard's boards), read in a fixed number of queries. The domains' own reads stay in
their apps' ``selectors.py``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import (
    AgreementPart,
    AgreementVersion,
    ElectedBody,
    Partnership,
    Party,
)
from partnerskap.committees.models import Committee, CommitteeReport
from partnerskap.committees.selectors import committees_overdue_in, readable_by
from partnerskap.core import time
from partnerskap.core.models import AuditEntry
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import follow_ups_overdue_in, proposal_titles
from partnerskap.meetings.models import (
    AgendaItem,
    AnnualCycle,
    AnnualCycleEntry,
    Meeting,
    MeetingRequest,
    Minutes,
    Notice,
)
from partnerskap.meetings.selectors import (
    DELEGATE_ROLES,
    compliance_by_partnership,
    meeting_requests_open_in,
    meetings_beyond_cycle_in,
    meetings_counted_in,
    memberships_on,
)
from partnerskap.meetings.services.cycle import draft_gone
from partnerskap.meetings.services.rules import NoticeBlocker, notice_blockers, notice_deadline
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.policy import AnyUser, is_concluded, partnerships_plannable

T = TypeVar("T")
ZERO = Decimal("0.00")


@dataclass
class Board:
    partnership: Partnership
    next_meeting: Meeting | None
    lacks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: Sequence[MeetingRequest] = field(default_factory=list)
    late_notices: Sequence[Notice] = field(default_factory=list)
    overdue: Sequence[FollowUp] = field(default_factory=list)
    committees: Sequence[Committee] = field(default_factory=list)
    awaiting_minutes: Sequence[Meeting] = field(default_factory=list)
    #: The overdue follow-ups' proposals by the titles this user may see (L3).
    proposal_titles: dict[int, str] = field(default_factory=dict)
    #: The period has ended: nothing more is planned (``policy.is_concluded``).
    concluded: bool = False
    #: Meetings beyond the adopted annual cycle with no request behind them (A5).
    beyond_cycle: Sequence[Meeting] = field(default_factory=list)
    #: The user may plan in the partnership (``policy.can_plan``).
    can_plan: bool = False


#: Overdue follow-ups listed per partnership (the oldest first).
OVERDUE_SHOWN = 20

#: Statuses of a meeting still ahead of being held: the board's «next meeting» is one of them
#: (a meeting recorded as held waits for its minutes, not for its notice).
AHEAD = (Meeting.Status.PLANNED, Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.POSTPONED)


def _lacks(meeting: Meeting, *, has_items: bool) -> list[str]:
    """What the next meeting still lacks before its notice can go out, and when it is due."""
    lacks = [
        {
            NoticeBlocker.NO_ITEMS: _("The agenda is empty."),
            NoticeBlocker.NO_PLACE: _("No place is set."),
        }[blocker]
        for blocker in notice_blockers(meeting=meeting, has_items=has_items)
    ]
    if meeting.status == Meeting.Status.PLANNED:
        deadline = notice_deadline(meeting=meeting)
        lacks.append(
            _("The notice is not published (due %(date)s).")
            % {"date": deadline.strftime("%d.%m.%Y")}
        )
    elif meeting.status == Meeting.Status.POSTPONED:
        lacks.append(_("The meeting is postponed: set a new time."))
    return lacks


def _by_partnership(rows: Iterable[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


@dataclass(frozen=True)
class _NextMeetings:
    """Each partnership's next meeting still ahead of being held (by the partnership's id),
    and which of those meetings have items."""

    meetings: dict[int, Meeting]
    with_items: set[int]


def _next_meetings(partnerships: QuerySet[Partnership]) -> tuple[list[Partnership], _NextMeetings]:
    """The partnerships, each annotated with its next meeting ahead (not cancelled, not yet
    held), and those meetings with whether their agenda has an item (three queries)."""
    upcoming = (
        Meeting.objects.filter(
            partnership=OuterRef("pk"), starts_at__gte=timezone.now(), status__in=AHEAD
        )
        .order_by("starts_at")
        .values("pk")[:1]
    )
    annotated = list(partnerships.annotate(next_meeting_id=Subquery(upcoming)))
    found = Meeting.objects.select_related("location", "partnership").in_bulk(
        [r.next_meeting_id for r in annotated if r.next_meeting_id]
    )
    meetings = {r.pk: found[r.next_meeting_id] for r in annotated if r.next_meeting_id in found}
    with_items = set(
        AgendaItem.objects.filter(meeting__in=list(found), withdrawn=False)
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    rows: list[Partnership] = [*annotated]
    return rows, _NextMeetings(meetings, with_items)


def _late_notices(rows: list[Partnership], today: dt.date) -> dict[int, list[Notice]]:
    """This year's notices published later than the partnership's lead time (L1)."""
    notices = Notice.objects.filter(
        meeting__partnership__in=rows, meeting__starts_at__year=today.year
    ).select_related("meeting")
    return _by_partnership((n for n in notices if n.is_late), lambda n: n.meeting.partnership_id)


def _overdue(rows: list[Partnership], today: dt.date) -> dict[int, list[FollowUp]]:
    """The oldest ``OVERDUE_SHOWN`` overdue follow-ups per partnership, with what the board
    shows of each (not the proposals' and items' texts)."""
    overdue = (
        follow_ups_overdue_in(partnerships=rows, today=today)
        .select_related(None)
        .select_related("proposal", "elected_body")
        .only("expected_by", "proposal__title", "proposal__partnership", "elected_body__name")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("proposal__partnership"),
                order_by=[F("expected_by").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=OVERDUE_SHOWN)
    )
    return _by_partnership(overdue, lambda f: f.proposal.partnership_id)


def planning_flags(
    rows: list[Partnership], today: dt.date, concluded: set[int]
) -> tuple[dict[int, list[str]], dict[int, list[Meeting]]]:
    """The current year's compliance warnings (A4, A12) and the meetings beyond the adopted
    cycle from this year on (A5), of the partnerships still running: a concluded
    partnership plans nothing more, so it is warned about nothing."""
    running = [p for p in rows if p.pk not in concluded]
    compliance = compliance_by_partnership(partnerships=running, today=today)
    warnings = {
        pk: [w for y in years if y.is_current for w in y.warnings]
        for pk, years in compliance.items()
    }
    beyond: dict[int, list[Meeting]] = defaultdict(list)
    for (pk, _year), meetings in sorted(
        meetings_beyond_cycle_in(partnerships=running, from_year=today.year).items()
    ):
        beyond[pk].extend(meetings)
    return warnings, beyond


def boards_for(partnerships: QuerySet[Partnership], *, user: AnyUser) -> list[Board]:
    """The board of every partnership as ``user`` may see it, in the same dozen queries however
    many there are: each kind of row is read once for all of them and grouped here. What was
    decided in closed session shows only to readers of exempt content (L3): a proposal from a
    closed item by its item's public title, a committee set up in closed session not at all.
    A concluded partnership (``policy.is_concluded``) shows no next meeting, no planning
    warnings and no requests to plan for: only what its period left to finish."""
    today = time.today()
    rows, upcoming = _next_meetings(partnerships)
    concluded = {p.pk for p in rows if is_concluded(p, on=today)}
    plannable = set(partnerships_plannable(user).values_list("pk", flat=True))
    warnings, beyond = planning_flags(rows, today, concluded)
    requests = _by_partnership(
        meeting_requests_open_in(partnerships=rows), lambda r: r.partnership_id
    )
    late_notices = _late_notices(rows, today)
    overdue = _overdue(rows, today)
    committees = _by_partnership(
        committees_overdue_in(partnerships=rows, today=today).filter(readable_by(user)),
        lambda c: c.partnership_id,
    )
    titles = proposal_titles(
        user=user, proposal_ids=[f.proposal_id for fs in overdue.values() for f in fs]
    )
    awaiting_minutes = _by_partnership(
        Meeting.objects.filter(partnership__in=rows, status=Meeting.Status.HELD).order_by(
            "starts_at"
        ),
        lambda m: m.partnership_id,
    )
    boards = []
    for partnership in rows:
        ended = partnership.pk in concluded
        next_meeting = None if ended else upcoming.meetings.get(partnership.pk)
        boards.append(
            Board(
                partnership=partnership,
                next_meeting=next_meeting,
                lacks=_lacks(next_meeting, has_items=next_meeting.pk in upcoming.with_items)
                if next_meeting
                else [],
                warnings=warnings.get(partnership.pk, []),
                requests=[] if ended else requests[partnership.pk],
                late_notices=late_notices[partnership.pk],
                overdue=overdue[partnership.pk],
                committees=committees[partnership.pk],
                awaiting_minutes=awaiting_minutes[partnership.pk],
                proposal_titles=titles,
                concluded=ended,
                beyond_cycle=beyond.get(partnership.pk, []),
                can_plan=partnership.pk in plannable,
            )
        )
    return boards


# ---------------------------------------------------------------------------- the year's plan


def cycles_in(*, partnerships: Iterable[Partnership]) -> QuerySet[AnnualCycle]:
    """Every version of the partnerships' annual cycles, the oldest first."""
    return AnnualCycle.objects.filter(partnership__in=list(partnerships)).order_by("version")


def meetings_counted_by_year(
    *, partnerships: Iterable[Partnership]
) -> dict[tuple[int, int], Mapping[str, Any]]:
    """Per (partnership, year): the meetings planned and held (A4, ``meetings_counted_in``)."""
    return meetings_counted_in(partnerships=partnerships)


def meetings_of_year(*, partnership: Partnership, year: int) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(partnership=partnership, starts_at__year=year)
        .select_related("notice")
        .order_by("starts_at")
    )


def _entries() -> Prefetch[Any]:
    return Prefetch(
        "entries",
        queryset=AnnualCycleEntry.objects.select_related("meeting").order_by("date", "pk"),
    )


def cycles_of_year(*, partnership: Partnership, year: int) -> QuerySet[AnnualCycle]:
    """The year's versions, the latest first, with their entries and adopting items."""
    return (
        AnnualCycle.objects.filter(partnership=partnership, year=year)
        .select_related("adopted_by__meeting", "adopted_by__closed_session__legal_basis")
        .prefetch_related("adopted_by__areas", _entries())
        .order_by("-version")
    )


def cycle_draft_current(*, partnership: Partnership, year: int) -> AnnualCycle | None:
    """The draft awaiting adoption (the latest version, when not adopted), with its entries."""
    latest = (
        AnnualCycle.objects.filter(partnership=partnership, year=year)
        .prefetch_related(_entries())
        .order_by("-version")
        .first()
    )
    return latest if latest is not None and not latest.is_adopted else None


def cycle_of_year(*, partnership: Partnership, year: int, pk: int) -> AnnualCycle | None:
    return AnnualCycle.objects.filter(pk=pk, partnership=partnership, year=year).first()


def cycle_draft_named(*, partnership: Partnership, year: int, pk: int) -> AnnualCycle:
    """The version a form names; one gone meanwhile (discarded) is a conflict, not a missing
    page (``draft_gone``)."""
    cycle = cycle_of_year(partnership=partnership, year=year, pk=pk)
    if cycle is None:
        raise draft_gone(year)
    return cycle


def items_adoptable_for_cycle(*, partnership: Partnership, year: int) -> QuerySet[AgendaItem]:
    """Items a cycle of ``year`` may be adopted under: procedural items about the annual cycle
    at the partnership's meetings that year or the year before, not used for another version."""
    return (
        AgendaItem.objects.filter(
            partnership=partnership,
            kind=AgendaItem.Kind.PROCEDURAL,
            procedural_subject=AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
            withdrawn=False,
            annual_cycle__isnull=True,
            meeting__starts_at__year__in=(year - 1, year),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "number")
    )


def cycles_discarded(*, partnership: Partnership, year: int) -> list[AnnualCycle]:
    """The year's discarded drafts, as bare keys for their history: their rows are gone; the
    discard's audit entry names the partnership and year."""
    discarded = AuditEntry.objects.filter(
        action="meetings.cycle.discarded",
        target_type=AnnualCycle._meta.label_lower,
        data__partnership=partnership.pk,
        data__year=year,
    ).values_list("target_id", flat=True)
    return [AnnualCycle(pk=int(pk)) for pk in discarded if pk.isdigit()]


# ---------------------------------------------------------------------------- requests


def meeting_requests_in(*, partnerships: Iterable[Partnership]) -> QuerySet[MeetingRequest]:
    """Every request for an extra meeting (A5) of the partnerships, open and closed, the latest
    first, with who asked and the meeting convened for it (one query)."""
    return (
        MeetingRequest.objects.filter(partnership__in=list(partnerships))
        .select_related("requesting_party", "requesting_body", "meeting")
        .order_by("-requested_on", "-pk")
    )


def meeting_request_open(
    *, partnerships: QuerySet[Partnership], pk: int | None
) -> MeetingRequest | None:
    """The open request ``pk`` of one of the partnerships, if there is one."""
    if pk is None:
        return None
    return (
        MeetingRequest.objects.filter(pk=pk, partnership__in=partnerships, meeting__isnull=True)
        .select_related("partnership", "requesting_party")
        .first()
    )


def parties_of_partnership(*, partnership: Partnership) -> QuerySet[Party]:
    return partnership.parties.order_by("partnershipparty__position")


# ---------------------------------------------------------------------------- committees


def committees_listed(
    *, readable: Q, status: str, overdue: set[int], today: dt.date
) -> QuerySet[Committee]:
    """The committees of the list, limited to ``readable`` (L3), with whether a final report is
    in, and by ``status``: «active», «ended», «overdue» (``overdue``: their ids), else all."""
    final = CommitteeReport.objects.filter(committee=OuterRef("pk"), is_final=True)
    committees = (
        Committee.objects.filter(readable)
        .select_related("partnership", "established_by__meeting")
        .annotate(reported=Exists(final))
    )
    if status == "active":
        committees = committees.filter(dissolved_on__isnull=True, ends_on__gte=today)
    elif status == "ended":
        committees = committees.filter(Q(dissolved_on__isnull=False) | Q(ends_on__lt=today))
    elif status == "overdue":
        committees = committees.filter(pk__in=overdue)
    return committees


def items_reportable(*, committee: Committee) -> QuerySet[AgendaItem]:
    """Items the committee may report under: the partnership's items since it started."""
    return (
        AgendaItem.objects.filter(
            partnership=committee.partnership_id,
            withdrawn=False,
            committee_report__isnull=True,
            year__gte=committee.starts_on.year,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "number")
    )


def _decision_items(partnership: Partnership, **extra: Any) -> QuerySet[AgendaItem]:
    """Procedural items about a committee, for setting one up or dissolving it."""
    return (
        AgendaItem.objects.filter(
            partnership=partnership,
            kind=AgendaItem.Kind.PROCEDURAL,
            procedural_subject=AgendaItem.ProceduralSubject.COMMITTEE,
            withdrawn=False,
            **extra,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "number")
    )


def items_establishing(*, partnership: Partnership) -> QuerySet[AgendaItem]:
    """Procedural items a committee may be set up under (not used for another)."""
    return _decision_items(partnership, committee_established__isnull=True)


def items_dissolving(*, committee: Committee) -> QuerySet[AgendaItem]:
    """Procedural items the committee may be dissolved under."""
    return _decision_items(
        committee.partnership,
        committee_dissolved__isnull=True,
        year__gte=committee.starts_on.year,
    ).exclude(pk=committee.established_by_id)


def member_candidates(*, partnership: Partnership) -> list[tuple[Person, Party]]:
    """Everyone who has held a role with one of the partnership's parties, once per party."""
    seen: dict[tuple[int, int], tuple[Person, Party]] = {}
    memberships = (
        Membership.objects.filter(party__partnerships=partnership)
        .select_related("person", "party")
        .order_by("person__family_name", "person__given_name", "party__name")
    )
    for m in memberships:
        seen.setdefault((m.person_id, m.party_id), (m.person, m.party))
    return list(seen.values())


# ---------------------------------------------------------------------------- meetings


def meetings_listed(
    *, partnerships: QuerySet[Partnership], status: str, year: int | None, query: str
) -> QuerySet[Meeting]:
    """The meetings of the list: of the partnerships, filtered by status (when one of the
    statuses), year and a word of the title."""
    meetings = Meeting.objects.filter(partnership__in=partnerships).select_related(
        "partnership", "location", "notice"
    )
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    if query:
        meetings = meetings.filter(title__icontains=query)
    return meetings


@dataclass(frozen=True)
class MeetingPeople:
    """Who the meeting's forms choose from (querysets, read when a form is shown)."""

    delegates: QuerySet[Person]
    substitutes: QuerySet[Person]
    absent: QuerySet[Person]
    attending: QuerySet[Person]


def meeting_people(*, meeting: Meeting) -> MeetingPeople:
    """The delegates on the day, the substitutes, who registered absence, and who may attend
    (the delegates and anyone recorded as attending, less the absent)."""
    delegates = Person.objects.filter(
        pk__in=memberships_on(meeting, DELEGATE_ROLES).values("person")
    ).order_by("family_name")
    substitutes = Person.objects.filter(
        pk__in=memberships_on(meeting, (Role.SUBSTITUTE,)).values("person")
    )
    absent = Person.objects.filter(pk__in=meeting.absences.values("person"))
    attending = Person.objects.filter(
        Q(pk__in=delegates.values("pk")) | Q(pk__in=meeting.attendances.values("person"))
    ).exclude(pk__in=absent.values("pk"))
    return MeetingPeople(delegates, substitutes, absent, attending)


def bodies_of_partnership(*, partnership: Partnership) -> QuerySet[ElectedBody]:
    """Bodies of the partnership's parties, of the council's member municipalities and of the
    successors acting for a ceased party today (A1)."""
    parties = partnership.parties.all()
    acting = succession.successors_in(partnership, on=time.today())
    return ElectedBody.objects.filter(
        Q(party__in=parties) | Q(party__council__in=parties) | Q(party__in=acting)
    ).select_related("party")


def item_saved(*, item: AgendaItem) -> AgendaItem:
    """The item as saved now (another user may have changed it meanwhile)."""
    return AgendaItem.objects.get(pk=item.pk)


def proposals_of_meeting(*, meeting: Meeting) -> QuerySet[Proposal]:
    return Proposal.objects.filter(item__meeting=meeting)


def present_people(*, meeting: Meeting) -> QuerySet[Person]:
    """Those recorded as attending the meeting (not marked absent): whom it may elect to chair
    it (L6)."""
    return Person.objects.filter(
        pk__in=meeting.attendances.exclude(present=False).values("person")
    ).order_by("family_name", "given_name")


def minutes_draft_of(*, meeting: Meeting) -> Minutes | None:
    """The meeting's draft minutes, if one is waiting for approval."""
    return meeting.minutes.filter(status=Minutes.Status.DRAFT).first()


# ---------------------------------------------------------------------------- finances


def allocations_of_year(
    *, partnership: Partnership, year: int, party: Party | None = None
) -> QuerySet[BudgetAllocation]:
    """The year's allocations (of one party, when given), each with what is charged to it."""
    allocations = (
        BudgetAllocation.objects.filter(partnership=partnership, year=year)
        .select_related("party")
        .annotate(
            charged=Coalesce(
                Sum("costs__amount"),
                Value(ZERO),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            )
        )
        .order_by("party__name", "-decided_on", "-pk")
    )
    return allocations if party is None else allocations.filter(party=party)


def costs_of_year(
    *, partnership: Partnership, year: int, party: Party | None = None
) -> QuerySet[CostEntry]:
    """The costs incurred in the year (by one party, when given), the latest first."""
    costs = (
        CostEntry.objects.filter(partnership=partnership, incurred_on__year=year)
        .select_related("party", "meeting", "allocation")
        .order_by("-incurred_on", "-pk")
    )
    return costs if party is None else costs.filter(party=party)


def cost_sum(costs: QuerySet[CostEntry]) -> Decimal | None:
    """The amounts added up (``None`` when there are none)."""
    total: Decimal | None = costs.aggregate(total=Sum("amount"))["total"]
    return total


def meetings_of_partnership(*, partnership: Partnership) -> QuerySet[Meeting]:
    return Meeting.objects.filter(partnership=partnership).order_by("-starts_at")


def allocations_of_party(*, partnership: Partnership, party: Party) -> QuerySet[BudgetAllocation]:
    return BudgetAllocation.objects.filter(partnership=partnership, party=party).order_by(
        "-year", "-decided_on"
    )


def cost_entries_in(*, partnerships: QuerySet[Partnership]) -> QuerySet[CostEntry]:
    return CostEntry.objects.select_related("partnership", "party", "meeting", "allocation").filter(
        partnership__in=partnerships
    )


def allocations_in(*, partnerships: QuerySet[Partnership]) -> QuerySet[BudgetAllocation]:
    return BudgetAllocation.objects.select_related("partnership", "party").filter(
        partnership__in=partnerships
    )


def costs_of_allocation(*, allocation: BudgetAllocation) -> QuerySet[CostEntry]:
    return allocation.costs.select_related("meeting").order_by("-incurred_on", "-pk")


# ---------------------------------------------------------------------------- the agreement


def versions_of_part(*, part: AgreementPart) -> QuerySet[AgreementVersion]:
    """The part's versions, the latest first, with their signatures."""
    return (
        AgreementVersion.objects.filter(part=part)
        .prefetch_related("signatures")
        .order_by("-number")
    )


def version_previous(*, version: AgreementVersion) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(part=version.part, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def amendment_resulting_in(*, version: AgreementVersion) -> Proposal | None:
    """The amendment whose adoption made ``version`` (A10), if one did."""
    return Proposal.objects.filter(resulting_version=version).first()

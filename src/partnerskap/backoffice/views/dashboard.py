"""The secretariat's dashboard: what needs doing now, across the user's partnerships."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import committees_overdue_in, readable_by
from partnerskap.core import time
from partnerskap.followup.models import FollowUp
from partnerskap.followup.selectors import follow_ups_overdue_in, proposal_titles
from partnerskap.meetings.models import AgendaItem, Meeting, MeetingRequest, Notice
from partnerskap.meetings.selectors import compliance_by_partnership, meeting_requests_open_in
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

T = TypeVar("T")


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


#: Overdue follow-ups listed per partnership (the oldest first).
OVERDUE_SHOWN = 20


def _lacks(meeting: Meeting, *, has_items: bool) -> list[str]:
    from django.utils.translation import gettext as _  # noqa: PLC0415

    lacks = []
    if not has_items:
        lacks.append(_("The agenda is empty."))
    if meeting.location is None and meeting.form != Meeting.Form.REMOTE:
        lacks.append(_("No place is set."))
    if meeting.status == Meeting.Status.PLANNED:
        deadline = time.local(meeting.starts_at) - dt.timedelta(
            days=meeting.partnership.notice_lead_days
        )
        lacks.append(
            _("The notice is not published (due %(date)s).")
            % {"date": deadline.strftime("%d.%m.%Y")}
        )
    return lacks


def _by_partnership(rows: Iterable[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def boards_for(partnerships: QuerySet[Partnership], *, user: AnyUser) -> list[Board]:
    """The board of every partnership as ``user`` may see it, in the same dozen queries however
    many there are: each kind of row is read once for all of them and grouped here. What was
    decided in closed session shows only to readers of exempt content (L3): a proposal from a
    closed item by its item's public title, a committee set up in closed session not at all."""
    today = time.today()
    upcoming = (
        Meeting.objects.filter(partnership=OuterRef("pk"), starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values("pk")[:1]
    )
    rows = list(partnerships.annotate(next_meeting_id=Subquery(upcoming)))
    next_meetings = Meeting.objects.select_related("location", "partnership").in_bulk(
        [r.next_meeting_id for r in rows if r.next_meeting_id]
    )
    with_items = set(
        AgendaItem.objects.filter(meeting__in=list(next_meetings), withdrawn=False)
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    compliance = compliance_by_partnership(partnerships=rows, today=today)
    requests = _by_partnership(
        meeting_requests_open_in(partnerships=rows), lambda r: r.partnership_id
    )
    late_notices = _by_partnership(
        (
            n
            for n in Notice.objects.filter(
                meeting__partnership__in=rows, meeting__starts_at__year=today.year
            ).select_related("meeting")
            if n.is_late
        ),
        lambda n: n.meeting.partnership_id,
    )
    overdue = _by_partnership(
        follow_ups_overdue_in(partnerships=rows, today=today)
        # What the board shows of each, not the proposals' and items' texts.
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
        .filter(rank__lte=OVERDUE_SHOWN),
        lambda f: f.proposal.partnership_id,
    )
    committees = _by_partnership(
        committees_overdue_in(partnerships=rows, today=today).filter(readable_by(user)),
        lambda c: c.partnership_id,
    )
    titles = proposal_titles(
        user=user, proposal_ids=[f.proposal_id for fs in overdue.values() for f in fs]
    )
    awaiting_minutes = _by_partnership(
        Meeting.objects.filter(partnership__in=rows, status=Meeting.Status.HELD),
        lambda m: m.partnership_id,
    )
    boards = []
    for partnership in rows:
        upcoming_meeting = next_meetings.get(partnership.next_meeting_id)
        current = [y for y in compliance[partnership.pk] if y.is_current]
        boards.append(
            Board(
                partnership=partnership,
                next_meeting=upcoming_meeting,
                lacks=_lacks(upcoming_meeting, has_items=upcoming_meeting.pk in with_items)
                if upcoming_meeting
                else [],
                warnings=[w for y in current for w in y.warnings],
                requests=requests[partnership.pk],
                late_notices=late_notices[partnership.pk],
                overdue=overdue[partnership.pk],
                committees=committees[partnership.pk],
                awaiting_minutes=awaiting_minutes[partnership.pk],
                proposal_titles=titles,
            )
        )
    return boards


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    boards = boards_for(policy.partnerships_visible(request.user), user=request.user)
    return render(request, "backoffice/dashboard.html", {"boards": boards})

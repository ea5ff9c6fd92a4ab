"""The secretariat's dashboard: what needs doing now, across the user's partnerships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnerskap.agreements.models import Partnership
from partnerskap.committees.selectors import committees_overdue
from partnerskap.core import time
from partnerskap.followup.selectors import follow_ups_overdue
from partnerskap.meetings.models import Meeting, Notice
from partnerskap.meetings.selectors import compliance_for_years, meeting_requests_open
from partnerskap.people import policy


@dataclass
class Board:
    partnership: Partnership
    next_meeting: Meeting | None
    lacks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: list[object] = field(default_factory=list)
    late_notices: list[Notice] = field(default_factory=list)
    overdue: list[object] = field(default_factory=list)
    committees: list[object] = field(default_factory=list)
    awaiting_minutes: list[Meeting] = field(default_factory=list)


def _lacks(meeting: Meeting) -> list[str]:
    from django.utils.translation import gettext as _  # noqa: PLC0415

    lacks = []
    if not meeting.items.filter(withdrawn=False).exists():
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


def board_for(partnership: Partnership) -> Board:
    today = time.today()
    upcoming = (
        Meeting.objects.filter(partnership=partnership, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("location", "partnership")
        .order_by("starts_at")
        .first()
    )
    years = compliance_for_years(partnership=partnership, today=today)
    current = [y for y in years if y.is_current]
    return Board(
        partnership=partnership,
        next_meeting=upcoming,
        lacks=_lacks(upcoming) if upcoming else [],
        warnings=[w for y in current for w in y.warnings],
        requests=list(meeting_requests_open(partnership=partnership)),
        late_notices=[
            n
            for n in Notice.objects.filter(
                meeting__partnership=partnership, meeting__starts_at__year=today.year
            ).select_related("meeting")
            if n.is_late
        ],
        overdue=list(follow_ups_overdue(partnership=partnership, today=today)[:20]),
        committees=list(committees_overdue(partnership=partnership, today=today)),
        awaiting_minutes=list(
            Meeting.objects.filter(partnership=partnership, status=Meeting.Status.HELD)
        ),
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    partnerships = policy.partnerships_visible(request.user)
    boards = [board_for(p) for p in partnerships]
    return render(request, "backoffice/dashboard.html", {"boards": boards})

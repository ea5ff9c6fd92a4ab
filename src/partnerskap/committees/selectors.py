from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee, CommitteeReport
from partnerskap.core import time
from partnerskap.meetings.public import item_open_q, item_public_open_q
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser


def committees_overdue(
    *, partnership: Partnership, today: dt.date | None = None
) -> QuerySet[Committee]:
    """Committees past their end date without a final report (A11)."""
    return committees_overdue_in(partnerships=[partnership], today=today)


def committees_overdue_in(
    *, partnerships: Iterable[Partnership] | QuerySet[Partnership], today: dt.date | None = None
) -> QuerySet[Committee]:
    """``committees_overdue`` for several partnerships in one query."""
    day = today or time.today()
    final_report = CommitteeReport.objects.filter(committee=OuterRef("pk"), is_final=True)
    return (
        Committee.objects.filter(partnership__in=partnerships, ends_on__lt=day)
        .annotate(reported=Exists(final_report))
        .filter(reported=False)
        .order_by("ends_on")
    )


def readable_by(user: AnyUser) -> Q:
    """The committees ``user`` may see inside (a condition on ``Committee``): all of the
    partnerships whose exempt content they read (``people.policy.can_read_exempt``), elsewhere
    only those not set up in closed session (L3: the name, task and mandate could reveal it)."""
    return Q(partnership__in=policy.partnerships_exempt_readable(user)) | item_open_q(
        "established_by"
    )


def committees_public(*, partnership: Partnership | None = None) -> QuerySet[Committee]:
    """Committees anyone may see: not those set up by a decision made in closed session (their
    name, task and mandate could reveal the closed content, L3)."""
    committees = Committee.objects.filter(item_public_open_q("established_by")).exclude(
        partnership__status=Partnership.Status.DRAFT
    )
    if partnership is not None:
        committees = committees.filter(partnership=partnership)
    return committees

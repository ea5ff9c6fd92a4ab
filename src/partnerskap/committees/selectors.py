from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.committees.models import Committee, CommitteeReport
from partnerskap.core import time


def committees_overdue(
    *, partnership: Partnership, today: dt.date | None = None
) -> QuerySet[Committee]:
    """Committees past their end date without a final report (A11)."""
    day = today or time.today()
    final_report = CommitteeReport.objects.filter(committee=OuterRef("pk"), is_final=True)
    return (
        Committee.objects.filter(partnership=partnership, ends_on__lt=day)
        .annotate(reported=Exists(final_report))
        .filter(reported=False)
        .order_by("ends_on")
    )

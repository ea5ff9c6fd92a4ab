"""The figures of an agreement period's evaluation (``evaluation_figures``): per year the
meetings held against the agreed minimum (A4), extra meetings and the requests for them; the
proposals and each body's outcome with the time it took; the cooperation areas and goals the
items covered; the committees and their reports; each party's costs and allocations.

The figures are public: they are frozen at approval and published as they are, so they count
only what the public may see, by the annual report's rules (``documents.pdf.annual``): areas
and goals from the open public items (a closed item is counted once, by its legal basis),
proposals not made under a closed item (``proposals_public``), committees by name only when
not set up in closed session (the others are counted). The result is plain JSON data (the
snapshot) and costs a fixed number of queries, however much the period holds."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from partnerskap.agreements.models import CooperationArea, Partnership, SustainableDevelopmentGoal
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import committees_public
from partnerskap.core import time
from partnerskap.core.models import legal_basis_label
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.followup.models import FollowUp
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import Meeting, MeetingRequest
from partnerskap.meetings.public import item_closed_q, items_public, items_public_open
from partnerskap.meetings.selectors import HELD, compliance_for_years

Figures = dict[str, Any]
CENT = Decimal("0.01")

#: The statuses that are a body's outcome (the others are still on their way).
OUTCOMES = (
    FollowUp.Status.ADOPTED,
    FollowUp.Status.ADOPTED_WITH_CHANGES,
    FollowUp.Status.REJECTED,
    FollowUp.Status.NOT_TAKEN_UP,
)


def _years(partnership: Partnership, today: dt.date) -> list[dict[str, Any]]:
    """A4 per year, with the requests for extra meetings and the extra meetings held."""
    requests = Counter(
        MeetingRequest.objects.filter(partnership=partnership, requested_on__lte=today).values_list(
            "requested_on__year", flat=True
        )
    )
    extra = Counter(
        Meeting.objects.filter(
            partnership=partnership,
            requested_by__isnull=False,
            status__in=HELD,
            starts_at__date__lte=today,
        ).values_list("starts_at__year", flat=True)
    )
    return [
        {
            "year": y.year,
            "minimum": y.minimum,
            "planned": y.planned,
            "held": y.held,
            "is_past": y.is_past,
            "met": y.compliant,
            "requests": requests.get(y.year, 0),
            "extra_held": extra.get(y.year, 0),
        }
        for y in compliance_for_years(partnership=partnership, today=today)
    ]


def _days(rows: list[tuple[dt.date, dt.datetime]]) -> dict[str, int | None]:
    days = [(decided - time.local(met).date()).days for decided, met in rows]
    if not days:
        return {"median_days": None, "longest_days": None}
    # Half a day up (38.5 → 39), not to the even neighbour as round() would.
    median = math.floor(statistics.median(days) + 0.5)
    return {"median_days": median, "longest_days": max(days)}


def _proposals(partnership: Partnership, today: dt.date) -> dict[str, Any]:
    """Each body's outcome of the public proposals sent by ``today``, with the days from the
    meeting that made the proposal to the body's decision."""
    proposals = proposals_public(partnership=partnership).filter(sent_on__lte=today)
    rows = (
        FollowUp.objects.filter(proposal__in=proposals.values("pk"))
        .values_list(
            "elected_body__name",
            "elected_body__party__name",
            "status",
            "decided_on",
            "proposal__item__meeting__starts_at",
        )
        .order_by("elected_body__party__name", "elected_body__name")
    )
    bodies: dict[tuple[str, str], dict[str, Any]] = {}
    timings: dict[tuple[str, str], list[tuple[dt.date, dt.datetime]]] = defaultdict(list)
    for body, party, status, decided_on, met in rows:
        entry = bodies.setdefault(
            (party, body), {"body": body, "party": party, "total": 0, "statuses": {}}
        )
        entry["total"] += 1
        entry["statuses"][status] = entry["statuses"].get(status, 0) + 1
        if status in OUTCOMES and decided_on is not None:
            timings[(party, body)].append((decided_on, met))
    for key, entry in bodies.items():
        counts = entry["statuses"]
        entry["decided"] = sum(counts.get(s, 0) for s in OUTCOMES)
        # A list in the statuses' own order: PostgreSQL's jsonb does not keep a dict's order.
        entry["statuses"] = [
            {"status": s, "count": counts[s]} for s in FollowUp.Status.values if s in counts
        ]
        entry.update(_days(timings[key]))
    return {"total": proposals.count(), "bodies": list(bodies.values())}


def _coverage(partnership: Partnership, today: dt.date) -> dict[str, Any]:
    """Open public items per cooperation area (every area of the agreement, also those no
    item touched) and per goal; closed items counted once, by their legal basis (L3)."""
    open_items = (
        items_public_open(partnership=partnership)
        .filter(meeting__starts_at__date__lte=today)
        .values("pk")
    )
    areas = (
        CooperationArea.objects.filter(part__agreement__partnership=partnership)
        .annotate(items=Count("agenda_items", filter=Q(agenda_items__in=open_items), distinct=True))
        .order_by("position", "name")
        .values_list("name", "items", "retired_in")
    )
    goals = (
        SustainableDevelopmentGoal.objects.annotate(
            items=Count("agenda_items", filter=Q(agenda_items__in=open_items), distinct=True)
        )
        .filter(items__gt=0)
        .order_by("number")
        .values_list("number", "name_nb", "items")
    )
    bases = Counter(
        str(legal_basis_label(reference, plain))
        for reference, plain in items_public(partnership=partnership)
        .filter(item_closed_q(), meeting__starts_at__date__lte=today)
        .values_list(
            "closed_session__legal_basis__reference", "closed_session__legal_basis__plain_name"
        )
    )
    return {
        "areas": [
            {"name": name, "items": n, "retired": retired is not None} for name, n, retired in areas
        ],
        "sdgs": [{"number": number, "name": name, "items": n} for number, name, n in goals],
        "closed_items": [{"legal_basis": b, "count": n} for b, n in sorted(bases.items())],
    }


def _committees(partnership: Partnership, today: dt.date) -> dict[str, Any]:
    shown = (
        committees_public(partnership=partnership)
        .filter(starts_on__lte=today)
        .annotate(report_count=Count("reports"))
        .order_by("starts_on", "name")
        .values_list("name", "starts_on", "ends_on", "dissolved_on", "report_count")
    )
    closed = Committee.objects.filter(partnership=partnership, starts_on__lte=today).filter(
        item_closed_q("established_by")
    )
    return {
        "committees": [
            {
                "name": name,
                "starts_on": starts.isoformat(),
                "ends_on": ends.isoformat(),
                "dissolved_on": dissolved.isoformat() if dissolved else None,
                "reports": reports,
            }
            for name, starts, ends, dissolved, reports in shown
        ],
        "committees_closed": closed.count(),
    }


def _money(amount: Decimal | None) -> str:
    return str((amount or Decimal(0)).quantize(CENT))


def _finances(partnership: Partnership, today: dt.date) -> list[dict[str, Any]]:
    """Each party's costs and allocations over the period (A15, A16), in the partnership's
    order of parties."""
    costs = dict(
        CostEntry.objects.filter(partnership=partnership, incurred_on__lte=today)
        .values_list("party")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    allocated = dict(
        BudgetAllocation.objects.filter(partnership=partnership, decided_on__lte=today)
        .values_list("party")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    parties = partnership.parties.order_by("partnershipparty__position", "name")
    return [
        {
            "party": party.name,
            "costs": _money(costs.get(party.pk)),
            "allocated": _money(allocated.get(party.pk)),
        }
        for party in parties
    ]


def evaluation_figures(*, partnership: Partnership, today: dt.date | None = None) -> Figures:
    """The period's figures as JSON data, counted as the public may see them, as they stand
    on ``today`` (what happened or was decided up to that day; a follow-up's status as it is
    recorded now)."""
    day = today or time.today()
    return {
        "partnership": partnership.name,
        "period_start": partnership.period_start.isoformat(),
        "period_end": partnership.period_end.isoformat(),
        "taken_on": day.isoformat(),
        "years": _years(partnership, day),
        "proposals": _proposals(partnership, day),
        **_coverage(partnership, day),
        **_committees(partnership, day),
        "finances": _finances(partnership, day),
    }


__all__ = ["OUTCOMES", "Figures", "evaluation_figures"]

"""Per-party figures: costs by category, allocations and spending against them (A15, A16)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from partnerskap.agreements.models import Partnership
from partnerskap.finance.models import BudgetAllocation, CostEntry

ZERO = Decimal("0.00")


@dataclass
class PartyFinances:
    party: str
    costs_by_category: dict[str, Decimal] = field(default_factory=dict)
    allocated: Decimal = ZERO
    charged_to_allocations: Decimal = ZERO

    @property
    def total_costs(self) -> Decimal:
        return sum(self.costs_by_category.values(), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.charged_to_allocations


def finances_for_year(*, partnership: Partnership, year: int) -> list[PartyFinances]:
    """One row per party, in the partnership's order; never a shared total. The costs come in
    one query: those incurred in the year by category, and those charged to the year's
    allocations (whenever incurred), each row counted where it belongs."""
    parties = list(partnership.parties.order_by("partnershipparty__position"))
    rows = {p.pk: PartyFinances(party=p.name) for p in parties}
    incurred = Q(incurred_on__year=year)
    charged = Q(allocation__year=year)
    costs = (
        CostEntry.objects.filter(incurred | charged, partnership=partnership)
        .values("party", "category")
        .annotate(incurred=Sum("amount", filter=incurred), charged=Sum("amount", filter=charged))
    )
    for row in costs:
        party = rows[row["party"]]
        if row["incurred"] is not None:
            party.costs_by_category[row["category"]] = row["incurred"]
        if row["charged"] is not None:
            party.charged_to_allocations += row["charged"]
    for allocated in (
        BudgetAllocation.objects.filter(partnership=partnership, year=year)
        .values("party")
        .annotate(total=Sum("amount"))
    ):
        rows[allocated["party"]].allocated = allocated["total"]
    return [rows[p.pk] for p in parties]

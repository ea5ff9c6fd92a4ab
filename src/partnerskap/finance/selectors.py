"""Per-party figures: costs by category, allocations and spending against them (A15, A16)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

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
    """One row per party, in the partnership's order; never a shared total."""
    parties = list(partnership.parties.order_by("partnershipparty__position"))
    rows = {p.pk: PartyFinances(party=p.name) for p in parties}
    costs = (
        CostEntry.objects.filter(partnership=partnership, incurred_on__year=year)
        .values("party", "category")
        .annotate(total=Sum("amount"))
    )
    for row in costs:
        rows[row["party"]].costs_by_category[row["category"]] = row["total"]
    for allocated in (
        BudgetAllocation.objects.filter(partnership=partnership, year=year)
        .values("party")
        .annotate(total=Sum("amount"))
    ):
        rows[allocated["party"]].allocated = allocated["total"]
    for charged in (
        CostEntry.objects.filter(
            partnership=partnership, allocation__year=year, allocation__isnull=False
        )
        .values("party")
        .annotate(total=Sum("amount"))
    ):
        rows[charged["party"]].charged_to_allocations = charged["total"]
    return [rows[p.pk] for p in parties]

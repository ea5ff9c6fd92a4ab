"""Costs (A15) and budget allocations (A16): each amount belongs to exactly one party."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.meetings.models import Meeting


def _amount(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal):
        raise DomainError(
            "finance.amount_not_exact",
            _("Amounts are exact numbers of kroner and øre (Decimal), never floats."),
            field="amount",
        )
    if value <= 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DomainError(
            "finance.amount_invalid",
            _("The amount must be positive, in kroner with at most two decimals (øre)."),
            field="amount",
        )
    return value


def _require_party(partnership: Partnership, party: Party) -> None:
    if not partnership.parties.filter(pk=party.pk).exists():
        raise DomainError(
            "finance.not_a_party",
            _("%(party)s is not a party to %(partnership)s.")
            % {"party": party, "partnership": partnership},
            field="party",
        )


@transaction.atomic
def cost_record(
    *,
    partnership: Partnership,
    party: Party,
    category: str,
    amount: Decimal,
    incurred_on: dt.date,
    description: str,
    meeting: Meeting | None = None,
    allocation: BudgetAllocation | None = None,
    actor: Actor,
) -> CostEntry:
    """Record a cost borne by one party (A15); it is never split between parties."""
    _require_party(partnership, party)
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise DomainError(
            "finance.meeting_elsewhere", _("The meeting belongs to another partnership.")
        )
    if allocation is not None and allocation.party_id != party.pk:
        raise DomainError(
            "finance.allocation_other_party",
            _("A cost is charged only to its own party's allocation: there is no shared budget."),
            field="allocation",
        )
    cost = CostEntry(
        partnership=partnership,
        party=party,
        category=category,
        amount=_amount(amount),
        incurred_on=incurred_on,
        description=description,
        meeting=meeting,
        allocation=allocation,
    )
    cost.full_clean()
    cost.save()
    audit.record(
        "finance.cost.recorded",
        actor=actor,
        target=cost,
        data={"party": party.slug, "amount": str(amount), "category": category},
    )
    return cost


@transaction.atomic
def allocation_record(
    *,
    partnership: Partnership,
    party: Party,
    year: int,
    amount: Decimal,
    decision_reference: str,
    decided_on: dt.date,
    purpose: str = "",
    actor: Actor,
) -> BudgetAllocation:
    """Record one party's explicit allocation to the partnership, with its decision (A16)."""
    _require_party(partnership, party)
    if not decision_reference.strip():
        raise DomainError(
            "finance.allocation_needs_decision",
            _("A budget exists only by a party's explicit decision: give its reference."),
            field="decision_reference",
        )
    allocation = BudgetAllocation(
        partnership=partnership,
        party=party,
        year=year,
        amount=_amount(amount),
        decision_reference=decision_reference,
        decided_on=decided_on,
        purpose=purpose,
    )
    allocation.full_clean()
    allocation.save()
    audit.record(
        "finance.allocation.recorded",
        actor=actor,
        target=allocation,
        data={"party": party.slug, "amount": str(amount), "year": year},
    )
    return allocation

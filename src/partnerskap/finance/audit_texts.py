"""The words of the finance app's audit actions (``core.actions``), registered from
``FinanceConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions, labels
from partnerskap.finance.models import CostEntry


def register() -> None:
    labels.register(cost_category=CostEntry.Category)
    actions.register(
        "finance.cost.recorded",
        title=gettext_lazy("Cost recorded"),
        sentence=lambda v: _("A cost of %(amount)s was recorded for %(party)s (%(category)s).") % v,
        values={"amount": "money", "party": "party", "category": "choice:cost_category"},
    )
    actions.register(
        "finance.allocation.recorded",
        title=gettext_lazy("Allocation recorded"),
        sentence=lambda v: _("%(party)s allocated %(amount)s for %(year)s.") % v,
        values={"party": "party", "amount": "money", "year": "text"},
    )

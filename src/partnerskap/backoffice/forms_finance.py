"""Forms for costs (A15) and budget allocations (A16). They only collect and clean input; the
rules (one party per amount, charged only to the party's own allocation) are in
``partnerskap.finance.services``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.backoffice.forms import DATE
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.meetings.models import Meeting

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class AmountField(forms.DecimalField):
    """Kroner and øre as people write them: «12 345,50», «12345.50» or «kr 12 345»."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            text = _SPACES.sub("", value).lower().removeprefix("kr").removesuffix("kr")
            text = text.removesuffix(",-")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            value = text
        return super().to_python(value)


class AllocationForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=1900, max_value=2999)
    amount = AmountField(label=_("Amount (NOK)"), help_text=_("For example 150 000,00."))
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=200,
        help_text=_("The party's own decision, e.g. its case number."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class AllocationChoiceField(forms.ModelChoiceField[BudgetAllocation]):
    def label_from_instance(self, obj: BudgetAllocation) -> str:
        return f"{obj.year}: {obj.decision_reference}"


class CostForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CostEntry.Category.choices)
    amount = AmountField(label=_("Amount (NOK)"), help_text=_("For example 4 250,50."))
    incurred_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The meeting the cost belongs to, if any."),
    )
    allocation = AllocationChoiceField(
        label=_("Charged to allocation"),
        queryset=BudgetAllocation.objects.none(),
        required=False,
        help_text=_("Only the party's own allocations: there is no shared budget."),
    )

    def __init__(self, *args: Any, meetings: Any, allocations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["allocation"].queryset = allocations  # type: ignore[attr-defined]

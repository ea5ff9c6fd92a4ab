"""Admin for costs and allocations: recorded through services, one party each."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerskap.core.admin_actions import ServiceModelAdmin, ServiceModelForm
from partnerskap.finance import models, services


class CostForm(ServiceModelForm):
    class Meta:
        model = models.CostEntry
        fields = [
            "partnership",
            "party",
            "category",
            "amount",
            "incurred_on",
            "description",
            "meeting",
            "allocation",
        ]

    def run_service(self) -> models.CostEntry:
        return services.cost_record(actor=self.request.user, **self.cleaned_data)


@admin.register(models.CostEntry)
class CostEntryAdmin(ServiceModelAdmin):
    form = CostForm
    list_display = ["incurred_on", "party", "category", "amount", "description", "meeting"]
    list_filter = ["party", "category", "partnership"]
    search_fields = ["description"]
    date_hierarchy = "incurred_on"
    list_select_related = ["party", "meeting"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AllocationForm(ServiceModelForm):
    class Meta:
        model = models.BudgetAllocation
        fields = [
            "partnership",
            "party",
            "year",
            "amount",
            "decision_reference",
            "decided_on",
            "purpose",
        ]

    def run_service(self) -> models.BudgetAllocation:
        return services.allocation_record(actor=self.request.user, **self.cleaned_data)


@admin.register(models.BudgetAllocation)
class BudgetAllocationAdmin(ServiceModelAdmin):
    form = AllocationForm
    list_display = ["year", "party", "amount", "decision_reference", "decided_on"]
    list_filter = ["party", "year", "partnership"]
    search_fields = ["decision_reference", "purpose"]
    list_select_related = ["party"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Retention periods in the admin (operators only; every change audited). Kinds come from the
data migration and from apps that add a provider; they are edited here, never added or
deleted, so no provider is left without its period."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from partnerskap.core.admin_actions import AuditedAdminMixin
from partnerskap.privacy.models import RetentionPeriod


@admin.register(RetentionPeriod)
class RetentionPeriodAdmin(AuditedAdminMixin, admin.ModelAdmin[RetentionPeriod]):
    list_display = ["name", "kind", "months", "action", "legal_basis"]
    list_filter = ["action"]
    readonly_fields = ["kind"]
    fields = ["kind", "name", "months", "counted_from", "action", "legal_basis", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: RetentionPeriod | None = None
    ) -> bool:
        return False

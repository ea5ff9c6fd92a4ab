"""Minutes (generated from the meeting's records, so shown only) and meeting places in the
admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerskap.core.admin_actions import AuditedAdminMixin
from partnerskap.meetings import models


@admin.register(models.Minutes)
class MinutesAdmin(admin.ModelAdmin[models.Minutes]):
    """Minutes are generated from the meeting's records (actions on the meeting)."""

    list_display = ["meeting", "version", "status", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    readonly_fields = [
        "meeting",
        "version",
        "status",
        "content",
        "approved_at",
        "approved_by",
        "correction_reason",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Location)
class LocationAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Location]):
    list_display = ["name", "room", "address"]
    search_fields = ["name", "address"]

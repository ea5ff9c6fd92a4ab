from django.contrib import admin
from django.http import HttpRequest

from partnerskap.core.admin_actions import AuditedAdminMixin
from partnerskap.core.models import AuditEntry, ExemptAccess, LegalBasis


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log cannot be edited through any interface."""

    list_display = ["at", "action", "actor", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "target_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedAdminMixin, admin.ModelAdmin[LegalBasis]):
    list_display = ["reference", "plain_name", "code", "applies_to", "mandatory", "active"]
    list_filter = ["applies_to", "mandatory", "active"]
    search_fields = ["reference", "plain_name", "code", "description"]


@admin.register(ExemptAccess)
class ExemptAccessAdmin(admin.ModelAdmin[ExemptAccess]):
    """Who opened closed or exempt content (L3, L8): for operators to read, never to change."""

    list_display = ["at", "username", "surface", "target_type", "target_id", "target_label"]
    list_filter = ["surface", "target_type"]
    search_fields = ["username", "target_id", "target_label", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


from partnerskap.core import admin_jobs  # noqa: E402, F401 - the jobs admin (operators)

"""People and memberships in the admin (operators only). A membership is given by
``membership_create`` and ended by ``membership_end``, so the single-holder rule (A8) and the
audit log hold here as in every other interface; nothing else about a membership changes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    AuditedAdminMixin,
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
)
from partnerskap.core.errors import DomainError
from partnerskap.people import models, services


class MembershipInline(ReadOnlyInline):
    model = models.Membership
    fields = ["party", "role", "valid_from", "valid_to"]


@admin.register(models.Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Person]):
    list_display = ["family_name", "given_name", "title", "email", "user"]
    search_fields = ["given_name", "family_name", "email", "title"]
    inlines = [MembershipInline]
    list_select_related = ["user"]


class MembershipForm(ServiceModelForm):
    class Meta:
        model = models.Membership
        fields = ["person", "party", "role", "valid_from", "valid_to"]

    def run_service(self) -> models.Membership:
        data = self.cleaned_data
        user = self.request.user
        membership: models.Membership = self.instance
        if membership.pk is None:
            return services.membership_create(
                person=data["person"],
                party=data["party"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=user,
            )
        valid_to = data["valid_to"]
        if valid_to == membership.valid_to:
            return membership
        if valid_to is None:
            raise DomainError(
                "people.membership.reopen",
                _(
                    "An ended membership cannot be made open-ended again; add a new membership "
                    "from the day the role starts again."
                ),
                field="valid_to",
            )
        return services.membership_end(membership=membership, valid_to=valid_to, actor=user)


@admin.register(models.Membership)
class MembershipAdmin(ServiceModelAdmin):
    form = MembershipForm
    list_display = ["person", "party", "role", "valid_from", "valid_to"]
    list_filter = ["role", "party"]
    search_fields = ["person__given_name", "person__family_name", "party__name"]
    autocomplete_fields = ["person", "party"]
    list_select_related = ["person", "party"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Once given, a membership only ends (or its end moves): everything else is fixed."""
        return ["person", "party", "role", "valid_from"] if obj is not None else []

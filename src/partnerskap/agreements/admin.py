"""Agreements in the admin (operators only). Signatures are recorded by ``signature_record``
(A17: only a party to the agreement, once per version). A special part's versions and its
areas change only through the import and adopted amendments (A3, A10), so they are shown
read-only here; a general part (A14), which the importer does not read, is registered here.
Partnerships, parties, elected bodies, agreements and general parts are reference data
without a service: the admin saves them and writes an audit entry for every change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements import models, services
from partnerskap.agreements.selectors import version_is_signed
from partnerskap.core.admin_actions import (
    AuditedAdminMixin,
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown, never written here: the data changes only through its services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PartnershipPartyInline(admin.TabularInline[models.PartnershipParty, models.Partnership]):
    model = models.PartnershipParty
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(models.Partnership)
class PartnershipAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Partnership]):
    list_display = ["name", "slug", "period_start", "period_end", "status", "written_form"]
    list_filter = ["status", "written_form"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipPartyInline]
    date_hierarchy = "period_start"


class ElectedBodyInline(admin.TabularInline[models.ElectedBody, models.Party]):
    model = models.ElectedBody
    extra = 0
    fields = ["name", "slug", "kind", "valid_from", "valid_to"]


@admin.register(models.Party)
class PartyAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Party]):
    list_display = ["name", "kind", "organisation_number", "council", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "organisation_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["council", "successor"]
    inlines = [ElectedBodyInline]


@admin.register(models.ElectedBody)
class ElectedBodyAdmin(AuditedAdminMixin, admin.ModelAdmin[models.ElectedBody]):
    list_display = ["name", "party", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", "party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]


@admin.register(models.AgreementPart)
class AgreementPartAdmin(AuditedAdminMixin, admin.ModelAdmin[models.AgreementPart]):
    list_display = ["title", "kind", "owner"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(models.Agreement)
class AgreementAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Agreement]):
    list_display = ["title", "partnership", "general_part", "special_part"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership", "general_part", "special_part"]


class SectionInline(admin.StackedInline[models.AgreementSection, models.AgreementVersion]):
    """Editable only on a general part's version (see ``AgreementVersionAdmin``)."""

    model = models.AgreementSection
    extra = 0


class AdoptionInline(ReadOnlyInline):
    model = models.VersionAdoption
    fields = ["elected_body", "decision_reference", "decided_on"]
    show_change_link = False


class SignatureInline(ReadOnlyInline):
    model = models.Signature
    fields = ["party", "signatory_name", "signatory_role", "place", "signed_on"]
    show_change_link = False


@admin.register(models.AgreementVersion)
class AgreementVersionAdmin(AuditedAdminMixin, admin.ModelAdmin[models.AgreementVersion]):
    """A general part's versions are registered and edited here (A14). A special part's
    versions come from the import and adopted amendments and are read-only (A3, A10)."""

    list_display = ["title", "part", "number", "in_force_from", "signed"]
    list_filter = ["part__kind", "in_force_from"]
    search_fields = ["title", "sections__body"]
    readonly_fields = ["source_name", "source_sha256", "areas_snapshot"]
    inlines = [SectionInline, AdoptionInline, SignatureInline]
    list_select_related = ["part"]

    @admin.display(description=_("signed by every party"), boolean=True)
    def signed(self, obj: models.AgreementVersion) -> bool:
        return version_is_signed(version=obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.AgreementVersion]:
        return super().get_queryset(request).prefetch_related("signatures")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "part":
            kwargs["queryset"] = models.AgreementPart.objects.filter(
                kind=models.AgreementPart.Kind.GENERAL
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.part.kind != models.AgreementPart.Kind.GENERAL:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.CooperationArea)
class CooperationAreaAdmin(ReadOnlyAdmin):
    """Areas change only through a new version of the special part (A3, A10)."""

    list_display = ["name", "part", "position", "introduced_in", "retired_in"]
    list_filter = ["part"]
    search_fields = ["name", "description"]
    list_select_related = ["part", "introduced_in", "retired_in"]


@admin.register(models.SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin[models.SustainableDevelopmentGoal]):
    list_display = ["number", "name_nb", "name_en"]
    search_fields = ["name_nb", "name_en"]


class SignatureForm(ServiceModelForm):
    class Meta:
        model = models.Signature
        fields = ["version", "party", "signatory_name", "signatory_role", "place", "signed_on"]

    def run_service(self) -> models.Signature:
        data = self.cleaned_data
        return services.signature_record(
            version=data["version"],
            party=data["party"],
            signatory_name=data["signatory_name"],
            signatory_role=data["signatory_role"],
            place=data["place"],
            signed_on=data["signed_on"],
            actor=self.request.user,
        )


@admin.register(models.Signature)
class SignatureAdmin(ServiceModelAdmin):
    """A signature is recorded once (A17) and is then part of the record."""

    form = SignatureForm
    list_display = ["version", "party", "signatory_name", "place", "signed_on"]
    list_filter = ["party"]
    search_fields = ["signatory_name", "place"]
    list_select_related = ["version__part", "party"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

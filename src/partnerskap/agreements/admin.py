from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements import models
from partnerskap.agreements.selectors import version_is_signed
from partnerskap.core.admin_actions import TombstoneOnDeleteMixin


class PartnershipPartyInline(admin.TabularInline[models.PartnershipParty, models.Partnership]):
    model = models.PartnershipParty
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(models.Partnership)
class PartnershipAdmin(TombstoneOnDeleteMixin, admin.ModelAdmin[models.Partnership]):
    list_display = ["name", "slug", "period_start", "period_end", "status"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipPartyInline]
    date_hierarchy = "period_start"


class ElectedBodyInline(admin.TabularInline[models.ElectedBody, models.Party]):
    model = models.ElectedBody
    extra = 0
    fields = ["name", "slug", "kind", "valid_from", "valid_to"]


@admin.register(models.Party)
class PartyAdmin(TombstoneOnDeleteMixin, admin.ModelAdmin[models.Party]):
    list_display = ["name", "kind", "organisation_number", "council", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "organisation_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["council", "successor"]
    inlines = [ElectedBodyInline]


@admin.register(models.ElectedBody)
class ElectedBodyAdmin(TombstoneOnDeleteMixin, admin.ModelAdmin[models.ElectedBody]):
    list_display = ["name", "party", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", "party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]


@admin.register(models.AgreementPart)
class AgreementPartAdmin(admin.ModelAdmin[models.AgreementPart]):
    list_display = ["title", "kind", "owner"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin[models.Agreement]):
    list_display = ["title", "partnership", "general_part", "special_part"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership", "general_part", "special_part"]


class SectionInline(admin.StackedInline[models.AgreementSection, models.AgreementVersion]):
    model = models.AgreementSection
    extra = 0


class AdoptionInline(admin.TabularInline[models.VersionAdoption, models.AgreementVersion]):
    model = models.VersionAdoption
    extra = 0


class SignatureInline(admin.TabularInline[models.Signature, models.AgreementVersion]):
    model = models.Signature
    extra = 0


@admin.register(models.AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin[models.AgreementVersion]):
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


@admin.register(models.CooperationArea)
class CooperationAreaAdmin(admin.ModelAdmin[models.CooperationArea]):
    list_display = ["name", "part", "position", "introduced_in", "retired_in"]
    list_filter = ["part"]
    search_fields = ["name", "description"]
    list_select_related = ["part", "introduced_in", "retired_in"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Areas change only through a new version of the special part (A3, A10).
        return False


@admin.register(models.SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin[models.SustainableDevelopmentGoal]):
    list_display = ["number", "name_nb", "name_en"]
    search_fields = ["name_nb", "name_en"]


@admin.register(models.Signature)
class SignatureAdmin(admin.ModelAdmin[models.Signature]):
    list_display = ["version", "party", "signatory_name", "place", "signed_on"]
    list_filter = ["party"]
    search_fields = ["signatory_name", "place"]
    list_select_related = ["version__part", "party"]

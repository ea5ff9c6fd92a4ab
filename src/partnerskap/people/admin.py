from django.contrib import admin

from partnerskap.core.admin_actions import TombstoneOnDeleteMixin
from partnerskap.people import models


class MembershipInline(admin.TabularInline[models.Membership, models.Person]):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(models.Person)
class PersonAdmin(TombstoneOnDeleteMixin, admin.ModelAdmin[models.Person]):
    list_display = ["family_name", "given_name", "title", "email", "user"]
    search_fields = ["given_name", "family_name", "email", "title"]
    inlines = [MembershipInline]
    list_select_related = ["user"]


@admin.register(models.Membership)
class MembershipAdmin(TombstoneOnDeleteMixin, admin.ModelAdmin[models.Membership]):
    list_display = ["person", "party", "role", "valid_from", "valid_to"]
    list_filter = ["role", "party"]
    search_fields = ["person__given_name", "person__family_name", "party__name"]
    autocomplete_fields = ["person", "party"]
    list_select_related = ["person", "party"]

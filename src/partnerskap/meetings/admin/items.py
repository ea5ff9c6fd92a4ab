"""Agenda items, votes and closed sessions in the admin, through the agenda services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.core.models import LegalBasis
from partnerskap.meetings import models
from partnerskap.meetings.services import agenda


class AgendaItemForm(ServiceModelForm):
    class Meta:
        model = models.AgendaItem
        fields = [
            "meeting",
            "kind",
            "procedural_subject",
            "title",
            "case_presentation",
            "recommendation",
            "areas",
            "sdgs",
        ]

    def run_service(self) -> models.AgendaItem:
        data = self.cleaned_data
        if self.instance.pk:
            return agenda.agenda_item_update(
                item=self.instance,
                title=data["title"],
                areas=list(data["areas"]),
                sdgs=data["sdgs"],
                case_presentation=data["case_presentation"],
                recommendation=data["recommendation"],
                actor=self.request.user,
            )
        return agenda.agenda_item_add(
            meeting=data["meeting"],
            kind=data["kind"],
            title=data["title"],
            areas=list(data["areas"]),
            sdgs=data["sdgs"],
            case_presentation=data["case_presentation"],
            recommendation=data["recommendation"],
            procedural_subject=data["procedural_subject"],
            actor=self.request.user,
        )


class CloseForm(forms.Form):
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"),
        queryset=LegalBasis.objects.filter(applies_to=LegalBasis.AppliesTo.MEETING, active=True),
    )
    public_title = forms.CharField(label=_("Neutral public title"), max_length=300)
    decision = forms.CharField(
        label=_("Decision to close (made in open session)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in models.AgendaItem.Outcome.choices if c[0]],
    )
    outcome_text = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class VoteInline(ReadOnlyInline):
    model = models.Vote
    fields = ["motion", "party", "choice"]


@admin.register(models.AgendaItem)
class AgendaItemAdmin(ServiceModelAdmin):
    form = AgendaItemForm
    list_display = ["case_number", "title", "meeting", "kind", "outcome", "closed", "withdrawn"]
    list_filter = ["kind", "outcome", "year", "withdrawn", "areas"]
    search_fields = ["title", "case_presentation", "outcome_text"]
    list_select_related = ["meeting", "closed_session"]
    filter_horizontal = ["areas", "sdgs"]
    readonly_fields = ["year", "number", "position", "outcome", "outcome_text"]
    inlines = [VoteInline]
    actions = [
        service_action(
            name="close_item",
            description=_("Close the item on a legal basis"),
            service=lambda i, r, d: agenda.agenda_item_close(
                item=i,
                legal_basis=d["legal_basis"],
                public_title=d["public_title"],
                decision=d["decision"],
                actor=r.user,
            ),
            form_class=CloseForm,
        ),
        service_action(
            name="record_outcome",
            description=_("Record the outcome"),
            service=lambda i, r, d: agenda.agenda_item_record_outcome(
                item=i, outcome=d["outcome"], outcome_text=d["outcome_text"], actor=r.user
            ),
            form_class=OutcomeForm,
        ),
        service_action(
            name="withdraw",
            description=_("Withdraw from the agenda"),
            service=lambda i, r, _d: agenda.agenda_item_withdraw(item=i, actor=r.user),
        ),
    ]

    @admin.display(description=_("closed"), boolean=True)
    def closed(self, obj: models.AgendaItem) -> bool:
        return obj.is_closed

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = list(self.readonly_fields)
        return [*fixed, "meeting", "kind", "procedural_subject"] if obj else fixed


class VoteForm(ServiceModelForm):
    class Meta:
        model = models.Vote
        fields = ["item", "motion", "party", "choice"]

    def run_service(self) -> models.Vote:
        data = self.cleaned_data
        return agenda.vote_record(
            item=data["item"],
            motion=data["motion"],
            party=data["party"],
            choice=data["choice"],
            actor=self.request.user,
        )


@admin.register(models.Vote)
class VoteAdmin(ServiceModelAdmin):
    form = VoteForm
    list_display = ["item", "motion", "party", "choice"]
    list_select_related = ["item", "party"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.ClosedSession)
class ClosedSessionAdmin(admin.ModelAdmin[models.ClosedSession]):
    """Closed sessions are made by the «Close the item» action on agenda items."""

    list_display = ["item", "legal_basis", "public_title"]
    list_select_related = ["item", "legal_basis"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- attendance and guests

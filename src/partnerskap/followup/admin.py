"""Admin for proposals and follow-up: every write through ``followup.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models as db_models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import ElectedBody
from partnerskap.core.admin_actions import ReadOnlyInline, ServiceModelAdmin, ServiceModelForm
from partnerskap.core.time import today
from partnerskap.followup import models, services
from partnerskap.followup.selectors import amendment_diff


class ProposalForm(ServiceModelForm):
    bodies = forms.ModelMultipleChoiceField(
        label=_("Elected bodies"),
        queryset=ElectedBody.objects.all(),
        required=False,
        help_text=_(
            "The bodies the proposal is sent to (for an amendment: those that need not adopt it)."
        ),
    )
    required_bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies that must adopt the amendment"),
        queryset=ElectedBody.objects.all(),
        required=False,
    )

    class Meta:
        model = models.Proposal
        fields = [
            "item",
            "kind",
            "title",
            "text",
            "areas",
            "sdgs",
            "sent_on",
            "section_slug",
            "section_heading",
            "proposed_text",
            "in_force_from",
        ]

    def run_service(self) -> models.Proposal:
        data = self.cleaned_data
        if data["kind"] == models.Proposal.Kind.AMENDMENT:
            return services.amendment_propose(
                item=data["item"],
                title=data["title"],
                text=data["text"],
                section_slug=data["section_slug"],
                section_heading=data["section_heading"],
                proposed_text=data["proposed_text"],
                required_bodies=list(data["required_bodies"]),
                other_bodies=list(data["bodies"]),
                in_force_from=data["in_force_from"],
                sent_on=data["sent_on"],
                actor=self.request.user,
            )
        return services.proposal_create(
            item=data["item"],
            title=data["title"],
            text=data["text"],
            bodies=list(data["bodies"]),
            areas=list(data["areas"]) or None,
            sdgs=list(data["sdgs"]) or None,
            sent_on=data["sent_on"],
            actor=self.request.user,
        )


class FollowUpInline(ReadOnlyInline):
    model = models.FollowUp
    fields = ["elected_body", "required_for_adoption", "status", "expected_by", "decided_on"]


@admin.register(models.Proposal)
class ProposalAdmin(ServiceModelAdmin):
    form = ProposalForm
    list_display = ["__str__", "kind", "sent_on", "amendment_state", "partnership"]
    list_filter = ["kind", "amendment_state", "areas"]
    search_fields = ["title", "text"]
    list_select_related = ["item", "partnership"]
    inlines = [FollowUpInline]
    filter_horizontal = ["areas", "sdgs"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["diff", "amendment_state", "resulting_version"] if obj else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return super().get_fields(request, obj)
        return [
            "item",
            "kind",
            "title",
            "text",
            "sent_on",
            "amendment_state",
            "resulting_version",
            "diff",
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    @admin.display(description=_("proposed change"))
    def diff(self, obj: models.Proposal) -> str:
        marks = {"equal": "{}", "delete": "[-{}-] ", "insert": "{{+{}+}}"}
        return " … ".join(
            "".join(marks[c.op].format(c.text) for c in block.chunks)
            for block in amendment_diff(proposal=obj)
            if block.changed
        )


class FollowUpForm(ServiceModelForm):
    on = forms.DateField(label=_("Date of this step"), initial=today)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_url = forms.URLField(
        label=_("Link to the body's record"), required=False, assume_scheme="https"
    )

    class Meta:
        model = models.FollowUp
        fields = [
            "status",
            "body_meeting_date",
            "body_case_number",
            "decision_text",
        ]

    def run_service(self) -> models.FollowUp:
        data = self.cleaned_data
        return services.followup_record(
            follow_up=self.instance,
            status=data["status"],
            on=data["on"],
            body_meeting_date=data["body_meeting_date"],
            body_case_number=data["body_case_number"],
            decision_text=data["decision_text"],
            decision_url=data["decision_url"],
            note=data["note"],
            expected_lock_version=self.instance.lock_version,
            actor=self.request.user,
        )


class EventInline(ReadOnlyInline):
    model = models.FollowUpEvent
    fields = ["on", "status", "note", "recorded_by", "recorded_at"]
    show_change_link = False


@admin.register(models.FollowUp)
class FollowUpAdmin(ServiceModelAdmin):
    form = FollowUpForm
    list_display = ["proposal", "elected_body", "status", "expected_by", "decided_on"]
    list_filter = ["status", "elected_body__party", "elected_body"]
    search_fields = ["proposal__title", "body_case_number", "decision_text"]
    list_select_related = ["proposal__item", "elected_body"]
    inlines = [EventInline]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

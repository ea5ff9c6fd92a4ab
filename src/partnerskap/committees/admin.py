"""Admin for temporary committees: established, reported and dissolved through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.committees import models, services
from partnerskap.core.admin_actions import (
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Membership, Person


class CommitteeForm(ServiceModelForm):
    member_people = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Person.objects.all()
    )
    leader = forms.ModelChoiceField(
        label=_("Leader"), queryset=Person.objects.all(), required=False
    )

    class Meta:
        model = models.Committee
        fields = [
            "established_by",
            "name",
            "task",
            "mandate",
            "starts_on",
            "ends_on",
            "areas",
            "sdgs",
        ]

    def run_service(self) -> models.Committee:
        data = self.cleaned_data
        item = data["established_by"]
        people = list(data["member_people"])
        if data["leader"] and data["leader"] not in people:
            people.append(data["leader"])
        members = []
        for person in people:
            membership = (
                Membership.objects.filter(person=person, party__partnerships=item.partnership)
                .select_related("party")
                .first()
            )
            if membership is None:
                raise DomainError(
                    "committees.member_party",
                    _("%(person)s has no role with a party to the partnership.")
                    % {"person": person},
                    field="member_people",
                )
            role = models.CommitteeMembership.Role.LEADER if person == data["leader"] else "member"
            members.append(services.Member(person, membership.party, role))
        return services.committee_establish(
            item=item,
            name=data["name"],
            task=data["task"],
            mandate=data["mandate"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            members=members,
            areas=list(data["areas"]),
            sdgs=list(data["sdgs"]),
            actor=self.request.user,
        )


class ReportForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.all())
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    is_final = forms.BooleanField(label=_("Final report"), required=False, initial=True)


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Dissolved on"))
    item = forms.ModelChoiceField(
        label=_("Decision (required before the end date)"),
        queryset=AgendaItem.objects.filter(
            procedural_subject=AgendaItem.ProceduralSubject.COMMITTEE
        ),
        required=False,
    )


class MembershipInline(ReadOnlyInline):
    model = models.CommitteeMembership
    fields = ["person", "party", "role"]
    show_change_link = False


class ReportInline(ReadOnlyInline):
    model = models.CommitteeReport
    fields = ["item", "summary", "is_final"]
    show_change_link = False


@admin.register(models.Committee)
class CommitteeAdmin(ServiceModelAdmin):
    form = CommitteeForm
    list_display = ["name", "starts_on", "ends_on", "dissolved_on", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name", "mandate", "task"]
    inlines = [MembershipInline, ReportInline]
    filter_horizontal = ["areas", "sdgs"]
    actions = [
        service_action(
            name="report",
            description=_("Record a report to the meeting"),
            form_class=ReportForm,
            service=lambda c, r, d: services.committee_report(
                committee=c,
                item=d["item"],
                summary=d["summary"],
                is_final=d["is_final"],
                actor=r.user,
            ),
        ),
        service_action(
            name="dissolve",
            description=_("Dissolve"),
            form_class=DissolveForm,
            service=lambda c, r, d: services.committee_dissolve(
                committee=c, on=d["on"], item=d["item"], actor=r.user
            ),
        ),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

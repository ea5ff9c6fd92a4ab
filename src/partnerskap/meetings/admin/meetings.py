"""Meeting requests (A5) and meetings in the admin: adds and reschedules through the lifecycle
services; notice, chair, holding, minutes, postponing and cancelling as actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.meetings import models
from partnerskap.meetings.services import chair, lifecycle, minutes
from partnerskap.people.models import Person


class MeetingRequestForm(ServiceModelForm):
    class Meta:
        model = models.MeetingRequest
        fields = ["partnership", "requesting_party", "reason", "requested_on", "wished_date"]

    def run_service(self) -> models.MeetingRequest:
        data = self.cleaned_data
        return lifecycle.meeting_request_create(
            partnership=data["partnership"],
            requesting_party=data["requesting_party"],
            reason=data["reason"],
            requested_on=data["requested_on"],
            wished_date=data["wished_date"],
            actor=self.request.user,
        )


@admin.register(models.MeetingRequest)
class MeetingRequestAdmin(ServiceModelAdmin):
    form = MeetingRequestForm
    list_display = ["requesting_party", "requested_on", "wished_date", "partnership", "convened"]
    list_filter = ["requesting_party", "partnership"]
    search_fields = ["reason"]
    list_select_related = ["requesting_party", "partnership", "meeting"]

    @admin.display(description=_("meeting convened"), boolean=True)
    def convened(self, obj: models.MeetingRequest) -> bool:
        return hasattr(obj, "meeting")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- meetings
class MeetingForm(ServiceModelForm):
    class Meta:
        model = models.Meeting
        fields = [
            "partnership",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "form",
            "requested_by",
        ]

    def run_service(self) -> models.Meeting:
        data = self.cleaned_data
        if self.instance.pk:
            return lifecycle.meeting_reschedule(
                meeting=self.instance,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                form=data["form"],
                actor=self.request.user,
            )
        return lifecycle.meeting_create(
            partnership=data["partnership"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            form=data["form"],
            request=data["requested_by"],
            actor=self.request.user,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ChairForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Elected chair"), queryset=Person.objects.none())

    def __init__(self, *args: Any, meetings: QuerySet[models.Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=models.Attendance.objects.filter(meeting__in=meetings).values("person")
        )


def _draft_and_approve(
    meeting: models.Meeting, request: HttpRequest, _data: dict[str, Any]
) -> None:
    draft = meeting.minutes.filter(status=models.Minutes.Status.DRAFT).first()
    if draft is None:
        draft = minutes.minutes_draft(meeting=meeting, actor=request.user)
    minutes.minutes_approve(minutes=draft, actor=request.user)


class ItemInline(ReadOnlyInline):
    model = models.AgendaItem
    fields = ["position", "year", "number", "title", "kind", "outcome", "withdrawn"]


class AbsenceInline(ReadOnlyInline):
    model = models.Absence
    fields = ["person", "party", "reason"]


class AttendanceInline(ReadOnlyInline):
    model = models.Attendance
    fields = ["person", "party", "capacity", "substitute_for", "present"]


class GuestInline(ReadOnlyInline):
    model = models.GuestInvitation
    fields = ["guest_name", "guest_role", "inviting_party", "notified_other_party_at"]


class MinutesInline(ReadOnlyInline):
    model = models.Minutes
    fields = ["version", "status", "approved_at", "correction_reason"]


@admin.register(models.Meeting)
class MeetingAdmin(ServiceModelAdmin):
    form = MeetingForm
    list_display = [
        "title",
        "starts_at",
        "status",
        "form",
        "location",
        "chaired_by",
        "late_notice",
        "outside_period",
    ]
    list_filter = ["status", "form", "partnership"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["location", "chaired_by", "partnership"]
    readonly_fields = ["status", "status_reason", "chaired_by", "chair_reason", "held_at"]
    inlines = [ItemInline, AbsenceInline, AttendanceInline, GuestInline, MinutesInline]
    actions = [
        service_action(
            name="publish_notice",
            description=_("Publish the notice"),
            service=lambda m, r, _d: lifecycle.meeting_publish_notice(meeting=m, actor=r.user),
        ),
        service_action(
            name="elect_chair",
            description=_("Record the chair elected by the meeting"),
            service=lambda m, r, d: chair.meeting_elect_chair(
                meeting=m, person=d["person"], actor=r.user
            ),
            form_class=ChairForm,
            form_kwargs=lambda qs: {"meetings": qs},
        ),
        service_action(
            name="record_held",
            description=_("Record as held"),
            service=lambda m, r, _d: lifecycle.meeting_record_held(meeting=m, actor=r.user),
        ),
        service_action(
            name="draft_minutes",
            description=_("Generate draft minutes"),
            service=lambda m, r, _d: minutes.minutes_draft(meeting=m, actor=r.user),
        ),
        service_action(
            name="approve_minutes",
            description=_("Approve the minutes"),
            service=_draft_and_approve,
        ),
        service_action(
            name="correct_minutes",
            description=_("Correct approved minutes (new version)"),
            service=lambda m, r, d: minutes.minutes_correct(
                meeting=m, reason=d["reason"], actor=r.user
            ),
            form_class=ReasonForm,
        ),
        service_action(
            name="postpone",
            description=_("Postpone"),
            service=lambda m, r, d: lifecycle.meeting_postpone(
                meeting=m, reason=d["reason"], actor=r.user
            ),
            form_class=ReasonForm,
        ),
        service_action(
            name="cancel",
            description=_("Cancel"),
            service=lambda m, r, d: lifecycle.meeting_cancel(
                meeting=m, reason=d["reason"], actor=r.user
            ),
            form_class=ReasonForm,
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = list(self.readonly_fields)
        return [*fixed, "partnership", "title", "requested_by"] if obj else fixed

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Meeting]:
        return super().get_queryset(request).select_related("notice")

    @admin.display(description=_("late notice"), boolean=True)
    def late_notice(self, obj: models.Meeting) -> bool | None:
        notice = getattr(obj, "notice", None)
        return notice.is_late if notice else None

    @admin.display(description=_("outside the agreement period"), boolean=True)
    def outside_period(self, obj: models.Meeting) -> bool:
        return obj.is_outside_period


# ---------------------------------------------------------------- agenda

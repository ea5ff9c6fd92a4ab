"""Absences, attendance and guests in the admin, through the attendance services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    ServiceModelAdmin,
    ServiceModelForm,
)
from partnerskap.meetings import models
from partnerskap.meetings.services import attendance


class AbsenceForm(ServiceModelForm):
    class Meta:
        model = models.Absence
        fields = ["meeting", "person", "reason"]

    def run_service(self) -> models.Absence:
        data = self.cleaned_data
        return attendance.absence_register(
            meeting=data["meeting"],
            person=data["person"],
            reason=data["reason"],
            actor=self.request.user,
        )


@admin.register(models.Absence)
class AbsenceAdmin(ServiceModelAdmin):
    form = AbsenceForm
    list_display = ["person", "party", "meeting", "reason"]
    list_filter = ["party"]
    list_select_related = ["person", "party", "meeting"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttendanceForm(ServiceModelForm):
    class Meta:
        model = models.Attendance
        fields = ["meeting", "person", "capacity", "substitute_for", "present"]

    def run_service(self) -> models.Attendance:
        data = self.cleaned_data
        meeting, person = data["meeting"], data["person"]
        if data["capacity"] == models.Attendance.Capacity.SUBSTITUTE and not self.instance.pk:
            attendance.substitute_call_in(
                meeting=meeting,
                substitute=person,
                for_person=data["substitute_for"],
                actor=self.request.user,
            )
        if data["present"] is None:
            return models.Attendance.objects.get(meeting=meeting, person=person)
        (record,) = attendance.attendance_record(
            meeting=meeting, present={person: data["present"]}, actor=self.request.user
        )
        return record


@admin.register(models.Attendance)
class AttendanceAdmin(ServiceModelAdmin):
    form = AttendanceForm
    list_display = ["person", "party", "capacity", "substitute_for", "present", "meeting"]
    list_filter = ["capacity", "party", "present"]
    list_select_related = ["person", "party", "substitute_for", "meeting"]


class GuestForm(ServiceModelForm):
    class Meta:
        model = models.GuestInvitation
        fields = [
            "meeting",
            "item",
            "inviting_party",
            "guest_name",
            "guest_role",
            "guest_email",
            "guest_kind",
        ]

    def run_service(self) -> models.GuestInvitation:
        data = self.cleaned_data
        return attendance.guest_invite(
            meeting=data["meeting"],
            item=data["item"],
            inviting_party=data["inviting_party"],
            guest_name=data["guest_name"],
            guest_role=data["guest_role"],
            guest_kind=data["guest_kind"],
            guest_email=data["guest_email"],
            actor=self.request.user,
        )


@admin.register(models.GuestInvitation)
class GuestInvitationAdmin(ServiceModelAdmin):
    form = GuestForm
    list_display = ["guest_name", "guest_role", "inviting_party", "meeting", "late"]
    list_filter = ["inviting_party", "guest_kind"]
    list_select_related = ["inviting_party", "meeting"]

    @admin.display(description=_("late notice"), boolean=True)
    def late(self, obj: models.GuestInvitation) -> bool:
        return obj.notice_is_late

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- annual cycle (A12)

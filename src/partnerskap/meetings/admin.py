"""The admin as the first back office for meetings: every step runs through a service, so the
rules hold here exactly as elsewhere. Adds use service-backed forms; later steps are actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    AuditedAdminMixin,
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.core.models import LegalBasis
from partnerskap.meetings import models
from partnerskap.meetings.services import agenda, attendance, chair, cycle, lifecycle, minutes
from partnerskap.people.models import Person


# ---------------------------------------------------------------- meeting requests (A5)
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
        fields = ["meeting", "item", "inviting_party", "guest_name", "guest_role", "guest_kind"]

    def run_service(self) -> models.GuestInvitation:
        data = self.cleaned_data
        return attendance.guest_invite(
            meeting=data["meeting"],
            item=data["item"],
            inviting_party=data["inviting_party"],
            guest_name=data["guest_name"],
            guest_role=data["guest_role"],
            guest_kind=data["guest_kind"],
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
class AnnualCycleForm(ServiceModelForm):
    entry_lines = forms.CharField(
        label=_("Entries"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line: date; meeting or milestone; title — e.g. «2025-03-12; meeting; Vårmøte»."
        ),
    )

    class Meta:
        model = models.AnnualCycle
        fields = ["partnership", "year", "note"]

    def clean_entry_lines(self) -> list[cycle.CycleEntry]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["entry_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";", 2)]
            kinds = {
                "meeting": "meeting",
                "møte": "meeting",
                "milestone": "milestone",
                "milepæl": "milestone",
                "frist": "milestone",
            }
            try:
                day = dt.date.fromisoformat(parts[0])
                kind = kinds[parts[1].lower()]
                title = parts[2]
            except (ValueError, KeyError, IndexError):
                raise forms.ValidationError(
                    _("Line %(line)d is not «YYYY-MM-DD; meeting|milestone; title».")
                    % {"line": number}
                ) from None
            parsed.append(cycle.CycleEntry(kind=kind, date=day, title=title))
        return parsed

    def run_service(self) -> models.AnnualCycle:
        data = self.cleaned_data
        return cycle.annual_cycle_draft(
            partnership=data["partnership"],
            year=data["year"],
            entries=data["entry_lines"],
            note=data["note"],
            actor=self.request.user,
        )


class AdoptForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Procedural decision"),
        queryset=models.AgendaItem.objects.filter(
            kind=models.AgendaItem.Kind.PROCEDURAL,
            procedural_subject=models.AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
            outcome=models.AgendaItem.Outcome.PROCEDURAL,
            annual_cycle__isnull=True,
        ),
    )


class EntryInline(ReadOnlyInline):
    model = models.AnnualCycleEntry
    fields = ["date", "kind", "title", "meeting"]
    show_change_link = False


@admin.register(models.AnnualCycle)
class AnnualCycleAdmin(ServiceModelAdmin):
    form = AnnualCycleForm
    list_display = ["partnership", "year", "version", "adopted_on", "adopted_by"]
    list_filter = ["year", "partnership"]
    list_select_related = ["partnership", "adopted_by"]
    inlines = [EntryInline]
    actions = [
        service_action(
            name="adopt",
            description=_("Adopt by a procedural decision"),
            service=lambda c, r, d: cycle.annual_cycle_adopt(cycle=c, item=d["item"], actor=r.user),
            form_class=AdoptForm,
        )
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- minutes and places
@admin.register(models.Minutes)
class MinutesAdmin(admin.ModelAdmin[models.Minutes]):
    """Minutes are generated from the meeting's records (actions on the meeting)."""

    list_display = ["meeting", "version", "status", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    readonly_fields = [
        "meeting",
        "version",
        "status",
        "content",
        "approved_at",
        "approved_by",
        "correction_reason",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Location)
class LocationAdmin(AuditedAdminMixin, admin.ModelAdmin[models.Location]):
    list_display = ["name", "room", "address"]
    search_fields = ["name", "address"]

"""Attendance, absence and substitutes (L7), and invited guests (A13)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Party
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models.meeting import Meeting
from partnerskap.people.models import Person


class Absence(TimeStampedModel):
    """A member's registered inability to attend (forfall), with a reason."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="absences"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    reason = models.CharField(_("reason"), max_length=300)
    # Part of the meeting: the items, or a time span; neither means the whole meeting.
    items = models.ManyToManyField(
        "meetings.AgendaItem",
        verbose_name=_("only for the items"),
        blank=True,
        related_name="absences",
    )
    absent_from = models.TimeField(_("absent from"), null=True, blank=True)
    absent_until = models.TimeField(_("absent until"), null=True, blank=True)
    by_link = models.BooleanField(_("reported by the member's link"), default=False)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["meeting", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="absence_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.reason}"


class Attendance(TimeStampedModel):
    """Who attends for which party: members, and substitutes called in for an absent member."""

    class Capacity(models.TextChoices):
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "party__name", "capacity"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "substitute_for"], name="attendance_one_substitute_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()})"


class GuestInvitation(TimeStampedModel):
    """A party invites another elected official or an expert (A13); the other party must be
    told in reasonable time (the partnership's guest notice lead time)."""

    class GuestKind(models.TextChoices):
        ELECTED_OFFICIAL = "elected_official", _("elected official")
        EXPERT = "expert", _("expert")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="guests"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guests",
    )
    inviting_party = models.ForeignKey(
        Party, verbose_name=_("inviting party"), on_delete=models.PROTECT, related_name="+"
    )
    guest_name = models.CharField(_("guest"), max_length=200)
    guest_role = models.CharField(_("role or title"), max_length=200)
    guest_email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Optional: the guest then gets the notice and its calendar invitation."),
    )
    guest_kind = models.CharField(_("kind"), max_length=20, choices=GuestKind.choices)
    notified_other_party_at = models.DateTimeField(_("other party told at"), null=True, blank=True)
    notice_deadline = models.DateTimeField(_("deadline for telling the other party"))

    class Meta:
        verbose_name = _("guest invitation")
        verbose_name_plural = _("guest invitations")
        ordering = ["meeting", "guest_name"]

    def __str__(self) -> str:
        return f"{self.guest_name} ({self.guest_role})"

    @property
    def notice_is_late(self) -> bool:
        return (
            self.notified_other_party_at is None
            or self.notified_other_party_at > self.notice_deadline
        )

"""Partnership meetings, their places, the requests for extra meetings (A5) and notices (L1)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core.models import TimeStampedModel
from partnerskap.core.time import local
from partnerskap.people.models import Person


class Location(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("E.g. step-free entrance, hearing loop, accessible toilet."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.room}" if self.room else self.name


class MeetingRequest(TimeStampedModel):
    """A party's request for an extra meeting (A5); open until a meeting is convened for it."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="meeting_requests",
    )
    requesting_party = models.ForeignKey(
        Party, verbose_name=_("requesting party"), on_delete=models.PROTECT, related_name="+"
    )
    requesting_body = models.ForeignKey(
        "agreements.ElectedBody",
        verbose_name=_("body that asked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.CharField(
        _("who asked"),
        max_length=200,
        blank=True,
        help_text=_("The person who asked on the party's behalf, with their role."),
    )
    reason = models.TextField(_("reason"))
    requested_on = models.DateField(_("requested on"))
    wished_date = models.DateField(_("wished date"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-requested_on"]

    def __str__(self) -> str:
        return f"{self.requesting_party}: {self.requested_on:%d.%m.%Y}"


class Meeting(TimeStampedModel):
    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        REMOTE = "remote", _("remote")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        NOTICE_PUBLISHED = "notice_published", _("notice published")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    class ChairReason(models.TextChoices):
        CHAIR = "chair", _("the council's chair")
        DEPUTY = "deputy", _("the deputy chair, because the chair had registered absence")
        ELECTED = "elected", _("elected by the meeting, because chair and deputy were absent")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.IN_PERSON)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    requested_by = models.OneToOneField(
        MeetingRequest,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    chaired_by = models.ForeignKey(
        Person,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    chair_reason = models.CharField(
        _("why this chair"), max_length=20, choices=ChairReason.choices, blank=True
    )
    held_at = models.DateTimeField(_("recorded as held"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("partnership meeting")
        verbose_name_plural = _("partnership meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({local(self.starts_at):%d.%m.%Y})"

    @property
    def date(self) -> dt.date:
        return local(self.starts_at).date()

    @property
    def is_outside_period(self) -> bool:
        """A18: activity outside the agreement period is allowed but flagged."""
        return not self.partnership.covers(self.date)


class Notice(TimeStampedModel):
    """The published notice of a meeting (L1): time, place and agenda, published at once. When
    the meeting's time, place or form changes after publication the notice is issued again: its
    ``version`` rises, ``published_at`` and ``deadline`` are those of the new issue (so the late
    flag is the new issue's), and ``change_reason`` says why."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="notice"
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("When the notice should have been published at the latest.")
    )
    message = models.TextField(_("message"), blank=True)
    version = models.PositiveSmallIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised each time the notice is issued again after the meeting changed."),
    )
    change_reason = models.TextField(
        _("reason for the change"),
        blank=True,
        help_text=_("Why the notice was issued again: what changed about the meeting."),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.meeting}"

    @property
    def is_late(self) -> bool:
        return self.published_at > self.deadline

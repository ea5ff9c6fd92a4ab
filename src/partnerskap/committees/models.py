"""Temporary committees set up by the meeting (A11): mandate and composition decided by it."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import (
    CooperationArea,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Person


class Committee(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    name = models.CharField(_("name"), max_length=200)
    task = models.TextField(_("task or question"))
    mandate = models.TextField(_("mandate"))
    established_by = models.OneToOneField(
        AgendaItem,
        verbose_name=_("established by (procedural decision)"),
        on_delete=models.PROTECT,
        related_name="committee_established",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    areas = models.ManyToManyField(
        CooperationArea, verbose_name=_("cooperation areas"), related_name="committees"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        blank=True,
        related_name="committees",
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolved_by = models.OneToOneField(
        AgendaItem,
        verbose_name=_("dissolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_dissolved",
    )
    # A18: a committee continued into the renewed partnership keeps working there.
    continued_in = models.ForeignKey(
        Partnership,
        verbose_name=_("continued in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continued_committees",
    )

    class Meta:
        verbose_name = _("temporary committee")
        verbose_name_plural = _("temporary committees")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="committee_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        ended = self.dissolved_on is not None and self.dissolved_on <= day
        return self.starts_on <= day <= self.ends_on and not ended


class CommitteeMembership(TimeStampedModel):
    class Role(models.TextChoices):
        LEADER = "leader", _("leader")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for an external member (an expert from outside the parties)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where a member from outside the parties' roles comes from."),
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("composition")
        ordering = ["committee", "role", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="committee_member_once"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(role="leader"), name="committee_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.sits_for})"

    @property
    def sits_for(self) -> str:
        """The party the member sits for, or «external»."""
        return str(self.party) if self.party is not None else str(_("external"))


class CommitteeReport(TimeStampedModel):
    """The committee reports back to the meeting as an agenda item."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="reports"
    )
    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="committee_report",
    )
    summary = models.TextField(_("summary"), blank=True)
    is_final = models.BooleanField(_("final report"), default=True)

    class Meta:
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        ordering = ["committee", "item__meeting__starts_at"]

    def __str__(self) -> str:
        return f"{self.committee}: {self.item.case_number}"

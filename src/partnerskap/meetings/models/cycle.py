"""The annual cycle (årshjul) adopted by the meeting (A12)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Partnership
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models.agenda import AgendaItem
from partnerskap.meetings.models.meeting import Meeting


class AnnualCycle(TimeStampedModel):
    """One partnership's plan for a year. A changed plan is a new version; the latest adopted
    version is the one in force."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="annual_cycles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    adopted_by = models.OneToOneField(
        AgendaItem,
        verbose_name=_("adopted by (procedural decision)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_cycle",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("annual cycle")
        verbose_name_plural = _("annual cycles")
        ordering = ["partnership", "year", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "version"], name="annual_cycle_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(adopted_by__isnull=True, adopted_on__isnull=True)
                | Q(adopted_by__isnull=False, adopted_on__isnull=False),
                name="annual_cycle_adopted_with_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_by_id is not None


class AnnualCycleEntry(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("partnership meeting")
        MILESTONE = "milestone", _("milestone")

    cycle = models.ForeignKey(
        AnnualCycle,
        verbose_name=_("annual cycle"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cycle_entries",
    )

    class Meta:
        verbose_name = _("annual cycle entry")
        verbose_name_plural = _("annual cycle entries")
        ordering = ["cycle", "date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"

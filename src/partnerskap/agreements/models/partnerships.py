"""A partnership between parties for a period (A1, A18), with its per-partnership settings."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models.parties import Party
from partnerskap.core.models import TimeStampedModel


class Partnership(TimeStampedModel):
    """One agreement relationship between parties for a period (A1, A18)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        CONCLUDED = "concluded", _("concluded")

    class WrittenForm(models.TextChoices):
        """The written form of the partnership's generated documents (språklova): bokmål,
        nynorsk, or neutral (språknøytral), which follows the site's default language."""

        BOKMAL = "nb", _("bokmål")
        NYNORSK = "nn", _("nynorsk")
        NEUTRAL = "neutral", _("neutral (the site's default)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    parties = models.ManyToManyField(
        Party, through="PartnershipParty", verbose_name=_("parties"), related_name="partnerships"
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    # Per-partnership settings: legal day counts are data, not constants (RULES.md).
    notice_lead_days = models.PositiveSmallIntegerField(
        _("notice lead time (days)"),
        default=10,
        help_text=_("How many days before a meeting the notice should be published (L1)."),
    )
    guest_notice_lead_days = models.PositiveSmallIntegerField(
        _("guest notice lead time (days)"),
        default=7,
        help_text=_("How many days before a meeting the other party should hear of guests (A13)."),
    )
    forfall_reminder_days = models.PositiveSmallIntegerField(
        _("forfall reminder (days before the meeting)"),
        default=7,
        help_text=_(
            "How many days before a meeting each member called gets a reminder with a personal "
            "link to report absence (forfall)."
        ),
    )
    minimum_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per year"), default=2
    )
    follow_up_answer_days = models.PositiveSmallIntegerField(
        _("expected answer time for follow-ups (days)"), default=120
    )
    written_form = models.CharField(
        _("written form"),
        max_length=10,
        choices=WrittenForm.choices,
        default=WrittenForm.NEUTRAL,
        help_text=_(
            "The written form of the partnership's notices, minutes and reports (PDF). "
            "Neutral uses the site's default."
        ),
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="partnership_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(minimum_meetings_per_year__gte=1),
                name="partnership_minimum_meetings_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls within the agreement period (A18)."""
        return self.period_start <= day <= self.period_end


class PartnershipParty(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("party to the partnership")
        verbose_name_plural = _("parties to the partnership")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "party"], name="partnership_party_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {self.party}"

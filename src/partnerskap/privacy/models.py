"""Retention periods as data (L10): how long each kind of personal data is kept, on which
legal basis, and what happens when the period is over. Seeded by a data migration
(``0002_retention_defaults``), edited by operators in the admin; ``services.privacy_sweep``
applies them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.core.models import TimeStampedModel


class RetentionPeriod(TimeStampedModel):
    """One kind of personal data and what happens to it when its period is over."""

    class Action(models.TextChoices):
        ERASE = "erase", _("erase")
        PSEUDONYMISE = "pseudonymise", _("pseudonymise")
        KEEP = "keep", _("keep (archive or public record)")

    kind = models.SlugField(
        _("kind of data"),
        max_length=60,
        unique=True,
        help_text=_("The key a data provider uses, e.g. «absence_reason»."),
    )
    name = models.CharField(_("name"), max_length=200)
    months = models.PositiveIntegerField(
        _("months"),
        null=True,
        blank=True,
        help_text=_("How long the data is kept; empty when it is kept for good."),
    )
    counted_from = models.CharField(
        _("counted from"), max_length=200, help_text=_("E.g. «the meeting's date».")
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_("E.g. «GDPR art. 6 (1) e; kommuneloven § 8-1»."),
    )
    action = models.CharField(_("at expiry"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action="keep") | models.Q(months__isnull=False),
                name="retention_period_months_unless_kept",
            ),
        ]

    def __str__(self) -> str:
        return self.name

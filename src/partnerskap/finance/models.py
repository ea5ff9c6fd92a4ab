"""Costs borne by each party (A15) and budget allocations made by each party (A16).

Every amount belongs to exactly one party; nothing splits an amount between parties, and there
is no shared pool. Amounts are exact Decimals in NOK (øre precision)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models import Meeting


class CostEntry(TimeStampedModel):
    class Category(models.TextChoices):
        PARTICIPATION = "participation", _("members' participation")
        ADMINISTRATION = "administration", _("administrative support")
        OTHER = "other", _("other")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="costs"
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party bearing the cost"),
        on_delete=models.PROTECT,
        related_name="costs",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount (NOK)"), max_digits=12, decimal_places=2)
    incurred_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="costs",
    )
    description = models.CharField(_("description"), max_length=300)
    allocation = models.ForeignKey(
        "finance.BudgetAllocation",
        verbose_name=_("charged to allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="costs",
    )

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["-incurred_on", "party__name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cost_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.amount} NOK ({self.incurred_on})"


class BudgetAllocation(TimeStampedModel):
    """One party's explicit allocation to the partnership, with its decision reference."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("allocating party"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    amount = models.DecimalField(_("amount (NOK)"), max_digits=12, decimal_places=2)
    decision_reference = models.CharField(_("decision reference"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        ordering = ["-year", "party__name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year}: {self.amount} NOK ({self.decision_reference})"

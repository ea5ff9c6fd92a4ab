"""The cooperation areas of a special part (A3) and the UN's sustainable development goals (A2)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models.texts import AgreementPart, AgreementVersion
from partnerskap.core.models import TimeStampedModel


class CooperationArea(TimeStampedModel):
    """An area of cooperation from the special part (A3); changed only by a new version."""

    part = models.ForeignKey(
        AgreementPart,
        verbose_name=_("special part"),
        on_delete=models.CASCADE,
        related_name="areas",
        limit_choices_to={"kind": AgreementPart.Kind.SPECIAL},
    )
    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    introduced_in = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("introduced in"),
        on_delete=models.PROTECT,
        related_name="areas_introduced",
    )
    retired_in = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("retired in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas_retired",
    )

    class Meta:
        verbose_name = _("cooperation area")
        verbose_name_plural = _("cooperation areas")
        ordering = ["part", "position"]
        constraints = [
            models.UniqueConstraint(fields=["part", "slug"], name="area_slug_unique_per_part"),
        ]

    def __str__(self) -> str:
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the UN's 17 sustainable development goals (A2); reference data."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=120)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        """The goal's name in the current language (bokmål, nynorsk or English)."""
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The name in ``language``; bokmål where the language has none."""
        if language == "en":
            return self.name_en or self.name_nb
        if language == "nn":
            return self.name_nn or self.name_nb
        return self.name_nb

"""The signatories (A1) and their elected bodies, where proposals are followed up."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerskap.core.models import TimeStampedModel


def validate_organisation_number(value: str) -> None:
    """A Norwegian organisation number: nine digits with a modulus-11 check digit."""
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(_("An organisation number has exactly nine digits."), code="format")
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(value, weights, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(value[8]):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (the check digit does not match)."),
            code="checksum",
            params={"value": value},
        )


class Party(TimeStampedModel):
    """A signatory (A1): an inter-municipal council, a county, or a member municipality."""

    class Kind(models.TextChoices):
        REGIONAL_COUNCIL = "regional_council", _("inter-municipal political council")
        COUNTY = "county", _("county authority")
        MUNICIPALITY = "municipality", _("municipality")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
    )
    alternative_names = models.JSONField(
        _("alternative names"),
        default=list,
        blank=True,
        help_text=_("Other spellings of the name, as found in agreement documents."),
    )
    council = models.ForeignKey(
        "self",
        verbose_name=_("member of council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_municipalities",
        limit_choices_to={"kind": Kind.REGIONAL_COUNCIL},
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The party that takes over when this one ends (after «valid to»)."),
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="party_validity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_to__isnull=False),
                name="party_successor_needs_end_date",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | ~Q(successor=F("id")),
                name="party_not_own_successor",
            ),
            models.CheckConstraint(
                condition=Q(council__isnull=True) | Q(kind="municipality"),
                name="party_only_municipalities_belong_to_council",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.council_id is not None and self.council_id == self.pk:
            raise ValidationError({"council": _("A party cannot be a member of itself.")})
        if self.council is not None and self.council.kind != Party.Kind.REGIONAL_COUNCIL:
            raise ValidationError(
                {"council": _("Member municipalities belong to an inter-municipal council.")}
            )

    @property
    def successor_from(self) -> dt.date | None:
        """The first day its successor acts for it (A1), when it has ceased with one."""
        if self.valid_to is None or self.successor_id is None:
            return None
        return self.valid_to + dt.timedelta(days=1)

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ElectedBody(TimeStampedModel):
    """A party's (or member municipality's) decision-making body; proposals are followed up
    there."""

    class Kind(models.TextChoices):
        MUNICIPAL_COUNCIL = "municipal_council", _("municipal council (kommunestyre)")
        COUNTY_COUNCIL = "county_council", _("county council (fylkesting)")
        COUNTY_EXECUTIVE = "county_executive", _("county executive committee (fylkesutvalg)")
        EXECUTIVE_COMMITTEE = "executive_committee", _("executive committee (formannskap)")
        REGIONAL_COUNCIL = "regional_council", _("inter-municipal council (representantskap)")
        OTHER = "other", _("other body")

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="elected_bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("elected body")
        verbose_name_plural = _("elected bodies")
        ordering = ["party__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="elected_body_unique_name"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="elected_body_validity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartySuccession(TimeStampedModel):
    """Where a county was split (A1): the successor that acts for ``predecessor`` in the
    partnerships with one regional council. ``Party.successor`` stays the default for the
    partnerships with any other council."""

    predecessor = models.ForeignKey(
        Party,
        verbose_name=_("ceased party"),
        on_delete=models.CASCADE,
        related_name="successions_by_council",
    )
    council = models.ForeignKey(
        Party,
        verbose_name=_("council"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Party.Kind.REGIONAL_COUNCIL},
    )
    successor = models.ForeignKey(
        Party,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="successions_taken",
    )

    class Meta:
        verbose_name = _("successor for a council")
        verbose_name_plural = _("successors for a council")
        ordering = ["predecessor", "council"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "council"], name="party_succession_one_per_council"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("predecessor")), name="party_succession_not_own"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.council})"

"""Partnerships, their parties and elected bodies, the agreement's parts and versions (A1–A3,
A14, A17, A18). Invariants that the database can hold are constraints; the rest live in the
services (``partnerskap.agreements.services``)."""

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


class Partnership(TimeStampedModel):
    """One agreement relationship between parties for a period (A1, A18)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        CONCLUDED = "concluded", _("concluded")

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
    minimum_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per year"), default=2
    )
    follow_up_answer_days = models.PositiveSmallIntegerField(
        _("expected answer time for follow-ups (days)"), default=120
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


class AgreementPart(TimeStampedModel):
    """The general or the special part of an agreement (A14)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general part")
        SPECIAL = "special", _("special part")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        Party,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="general_parts",
        help_text=_("For a general part: the county whose partnerships share it."),
    )

    class Meta:
        verbose_name = _("agreement part")
        verbose_name_plural = _("agreement parts")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class Agreement(TimeStampedModel):
    """A partnership's agreement: a (possibly shared) general part and its own special part."""

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    title = models.CharField(_("title"), max_length=200)
    general_part = models.ForeignKey(
        AgreementPart,
        verbose_name=_("general part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_sharing",
        limit_choices_to={"kind": AgreementPart.Kind.GENERAL},
    )
    special_part = models.OneToOneField(
        AgreementPart,
        verbose_name=_("special part"),
        on_delete=models.PROTECT,
        related_name="agreement",
        limit_choices_to={"kind": AgreementPart.Kind.SPECIAL},
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.general_part is not None and self.general_part.kind != AgreementPart.Kind.GENERAL:
            raise ValidationError({"general_part": _("Choose a general part.")})
        if self.special_part_id and self.special_part.kind != AgreementPart.Kind.SPECIAL:
            raise ValidationError({"special_part": _("Choose a special part.")})


class AgreementVersion(TimeStampedModel):
    """An adopted text of one part, in force from a date (A10)."""

    part = models.ForeignKey(
        AgreementPart, verbose_name=_("part"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    in_force_from = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty until every party has adopted the text."),
    )
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("source checksum"), max_length=64, blank=True)
    areas_snapshot = models.JSONField(
        _("cooperation areas in this text"),
        default=list,
        blank=True,
        help_text=_("The areas as this version states them; applied when it takes force."),
    )

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["part", "number"]
        constraints = [
            models.UniqueConstraint(fields=["part", "number"], name="agreement_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.part} v{self.number}"


class AgreementSection(models.Model):
    """One headed section of a version's text, kept as Markdown."""

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    level = models.PositiveSmallIntegerField(_("heading level"))
    slug = models.SlugField(_("slug"), max_length=100)
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="section_position_unique"),
            models.UniqueConstraint(fields=["version", "slug"], name="section_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.heading


class VersionAdoption(TimeStampedModel):
    """An elected body's decision adopting a version, with its reference."""

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    elected_body = models.ForeignKey(
        ElectedBody, verbose_name=_("elected body"), on_delete=models.PROTECT, related_name="+"
    )
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "elected_body"], name="version_adoption_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elected_body}: {self.decision_reference}"


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
        return f"{self.number}. {self.name_nb}"


class Signature(TimeStampedModel):
    """A party's signature on its copy of a version (A17)."""

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="signatures"
    )
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_role = models.CharField(_("role"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version", "signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"], name="signature_one_per_party_and_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.signatory_name}, {self.place} {self.signed_on:%d.%m.%Y}"

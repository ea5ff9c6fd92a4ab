"""The agreement and its text: the general and special parts (A14), their adopted versions
(A10) with sections and adoptions, and the parties' signatures (A17)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models.parties import ElectedBody, Party
from partnerskap.agreements.models.partnerships import Partnership
from partnerskap.core.models import TimeStampedModel


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

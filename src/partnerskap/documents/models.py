"""Documents (L8, L9): case papers attached to an agenda item, a meeting, a proposal, a committee
or an agreement version, and the notices, minutes and annual reports generated as PDF/A.

A ``Document`` is the record (Noark 5 «dokumentbeskrivelse»): title, type, date, owner, and the
legal basis when it is exempt from public access. Its ``DocumentFile`` rows are the stored files
(«dokumentobjekt»), one per version and variant:

* ``main``: the uploaded file, or the internal variant of a generated document;
* ``public``: the redacted variant of an exempt document, or the public variant of a generated
  document whose internal variant holds closed content.

Which file anyone may read is decided in ``selectors`` only; rows change only through
``services``. Files are content-addressed blobs (``storage``), never under the web root.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import AgreementVersion, Partnership
from partnerskap.committees.models import Committee
from partnerskap.core.models import LegalBasis, TimeStampedModel
from partnerskap.documents.validation import KIND_CHOICES
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting

#: The owner fields; an uploaded document has exactly one of them.
OWNER_FIELDS = ("item", "meeting", "proposal", "committee", "agreement_version")


def _exactly_one_owner() -> Q:
    condition = Q()
    for name in OWNER_FIELDS:
        term = Q(**{f"{name}__isnull": False})
        for other in OWNER_FIELDS:
            if other != name:
                term &= Q(**{f"{other}__isnull": True})
        condition |= term
    return condition


def _no_owner() -> Q:
    condition = Q()
    for name in OWNER_FIELDS:
        condition &= Q(**{f"{name}__isnull": True})
    return condition


class Document(TimeStampedModel):
    class Type(models.TextChoices):
        SAKSFRAMLEGG = "saksframlegg", _("case document (saksframlegg)")
        VEDLEGG = "vedlegg", _("attachment (vedlegg)")
        INNKALLING = "innkalling", _("notice (innkalling)")
        PROTOKOLL = "protokoll", _("minutes (protokoll)")
        RAPPORT = "rapport", _("report (rapport)")
        BREV = "brev", _("letter (brev)")

    class Generated(models.TextChoices):
        UPLOADED = "", _("uploaded")
        NOTICE = "notice", _("generated notice")
        MINUTES = "minutes", _("generated minutes")
        ANNUAL_REPORT = "annual_report", _("generated annual report")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    agreement_version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("agreement version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    document_type = models.CharField(_("document type"), max_length=20, choices=Type.choices)
    document_date = models.DateField(_("document date"))
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("exempt from public access on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"applies_to": LegalBasis.AppliesTo.DOCUMENT, "active": True},
        help_text=_("Only with a legal basis is a document exempt (offentleglova, L8)."),
    )
    public_title = models.CharField(
        _("public title"),
        max_length=300,
        blank=True,
        help_text=_("A neutral title the public sees instead of the real one (exempt only)."),
    )
    archive_reference = models.CharField(
        _("archive reference"),
        max_length=100,
        blank=True,
        help_text=_("Case and registry number in the party's archive (Noark 5), if any."),
    )
    generated = models.CharField(
        _("generated"), max_length=20, choices=Generated.choices, blank=True, default=""
    )
    report_year = models.PositiveSmallIntegerField(_("report year"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-document_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_owner() | Q(generated="annual_report") & _no_owner(),
                name="document_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(public_title="") | Q(legal_basis__isnull=False),
                name="document_public_title_only_when_exempt",
            ),
            models.CheckConstraint(
                condition=~Q(generated="annual_report") | Q(report_year__isnull=False),
                name="document_annual_report_has_year",
            ),
            models.UniqueConstraint(
                fields=["meeting", "generated"],
                condition=Q(meeting__isnull=False) & ~Q(generated=""),
                name="document_one_generated_per_meeting_and_kind",
            ),
            models.UniqueConstraint(
                fields=["partnership", "report_year"],
                condition=Q(generated="annual_report"),
                name="document_one_annual_report_per_year",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "document_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.legal_basis_id is not None

    @property
    def owner(self) -> models.Model | Partnership:
        for name in OWNER_FIELDS:
            value = getattr(self, name)
            if value is not None:
                return value  # type: ignore[no-any-return]
        return self.partnership


class DocumentFile(models.Model):
    """One stored file of a document: a version in a variant. Rows are never changed, except
    for the extracted text, which arrives after commit."""

    class Variant(models.TextChoices):
        MAIN = "main", _("main file")
        PUBLIC = "public", _("public variant")

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("waiting")
        DONE = "done", _("extracted")
        FAILED = "failed", _("failed")
        NONE = "none", _("no text to extract")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices)
    kind = models.CharField(_("file type"), max_length=10, choices=KIND_CHOICES)
    content_type = models.CharField(_("content type"), max_length=100)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    pdfa = models.BooleanField(_("PDF/A"), default=False)
    source_fingerprint = models.CharField(
        _("source fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("For a generated file: a hash of the records it was rendered from."),
    )
    text = models.TextField(_("extracted text"), blank=True)
    text_status = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
    )
    text_error = models.TextField(_("extraction error"), blank=True)
    text_extracted_at = models.DateTimeField(_("text extracted at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document", "-version", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version", "variant"], name="document_file_unique_variant"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_file_version"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_file_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} (v{self.version}, {self.get_variant_display()})"

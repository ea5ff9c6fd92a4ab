"""What an upload may say about itself: whose it is (``owner_fields``) and its metadata, checked
before anything is written (L8: an exemption needs an active legal basis for documents)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from partnerskap.agreements.models import AgreementPart, AgreementVersion, Partnership
from partnerskap.committees.models import Committee
from partnerskap.core.errors import DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting

Owner = AgendaItem | Meeting | Proposal | Committee | AgreementVersion


def owner_fields(
    owner: Owner, partnership: Partnership | None
) -> tuple[dict[str, Any], Partnership]:
    """The document's owner field and its partnership; a version of a general part shared by
    several partnerships needs ``partnership``."""
    if isinstance(owner, AgendaItem):
        return {"item": owner}, owner.partnership
    if isinstance(owner, Meeting):
        return {"meeting": owner}, owner.partnership
    if isinstance(owner, Proposal):
        return {"proposal": owner}, owner.partnership
    if isinstance(owner, Committee):
        return {"committee": owner}, owner.partnership
    part = owner.part
    if part.kind == AgreementPart.Kind.SPECIAL:
        derived = Partnership.objects.filter(agreement__special_part=part).first()
        if derived is not None and (partnership is None or partnership == derived):
            return {"agreement_version": owner}, derived
    elif (
        partnership is not None
        and Partnership.objects.filter(pk=partnership.pk, agreement__general_part=part).exists()
    ):
        return {"agreement_version": owner}, partnership
    raise DomainError(
        "documents.owner.partnership",
        _("Say which partnership's agreement the version belongs to."),
        field="agreement_version",
    )


def check_metadata(
    *,
    title: str,
    document_type: str,
    legal_basis: LegalBasis | None,
    public_title: str,
) -> None:
    if not title.strip():
        raise DomainError(
            "documents.title_required", _("Give the document a title."), field="title"
        )
    if document_type not in Document.Type.values:
        raise DomainError(
            "documents.type_unknown", _("Choose a document type."), field="document_type"
        )
    if legal_basis is not None and (
        legal_basis.applies_to != LegalBasis.AppliesTo.DOCUMENT or not legal_basis.active
    ):
        raise DomainError(
            "documents.legal_basis_kind",
            _(
                "«%(basis)s» is not an active legal basis for exempting documents; choose one "
                "from offentleglova."
            )
            % {"basis": legal_basis},
            field="legal_basis",
        )
    if public_title.strip() and legal_basis is None:
        raise DomainError(
            "documents.public_title_without_basis",
            _(
                "A neutral public title is only for an exempt document; choose the legal basis "
                "for the exemption, or leave the public title empty."
            ),
            field="public_title",
        )


def refuse_public_variant_unless_exempt(*, exempt: bool) -> None:
    if not exempt:
        raise DomainError(
            "documents.public_variant_without_basis",
            _(
                "Only an exempt document has a public (redacted) variant; without a legal basis "
                "the document itself is public."
            ),
            field="public_file",
        )


def refuse_generated(document: Document) -> None:
    if document.generated:
        raise DomainError(
            "documents.generated",
            _(
                "A generated document changes only when it is generated again from the "
                "meeting's records."
            ),
        )

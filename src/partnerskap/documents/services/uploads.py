"""Uploading documents and their versions, editing their metadata, exempting them (L8).

Every upload is checked completely (``validation.inspect_upload``) before anything is written;
then the blobs are stored and the rows written in one transaction. If the transaction fails the
blobs it created are removed again, so a refused or failed upload leaves nothing behind; a blob
a committed row refers to is never removed. Text extraction is a job queued in the same
transaction (the ``documents.text_pending`` event) and never blocks or fails the upload.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partnerskap.agreements.models import AgreementPart, AgreementVersion, Partnership
from partnerskap.committees.models import Committee
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.documents import storage
from partnerskap.documents.extraction import clean_text, has_text
from partnerskap.documents.filenames import sanitise_filename
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services.common import changed
from partnerskap.documents.validation import (
    FileType,
    UploadError,
    check_size,
    inspect_upload,
    max_upload_bytes,
)
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting

Owner = AgendaItem | Meeting | Proposal | Committee | AgreementVersion
Content = bytes | File  # type: ignore[type-arg]
Variant = DocumentFile.Variant


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check: its bytes, type and sanitised name."""

    data: bytes
    type: FileType
    filename: str


def _read(content: Content) -> bytes:
    """The upload's bytes; an oversized file is refused before (or while) it is read."""
    if isinstance(content, bytes):
        return content
    size = getattr(content, "size", None)
    if isinstance(size, int):
        check_size(size)
    content.seek(0)
    chunks: list[bytes] = []
    read = 0
    for chunk in content.chunks():
        read += len(chunk)
        if read > max_upload_bytes():
            check_size(read)
        chunks.append(bytes(chunk))
    return b"".join(chunks)


def check_upload(content: Content, filename: str = "") -> Checked:
    """Read and check an upload; raises ``UploadError`` (nothing is stored either way)."""
    data = _read(content)
    file_type = inspect_upload(data)
    name = filename or getattr(content, "name", "") or ""
    return Checked(data, file_type, sanitise_filename(str(name), extension=file_type.extension))


# ---------------------------------------------------------------- owners and metadata


def _owner(owner: Owner, partnership: Partnership | None) -> tuple[dict[str, Any], Partnership]:
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


def _check_metadata(
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


def _refuse_public_variant_unless_exempt(document: Document) -> None:
    if not document.is_exempt:
        raise DomainError(
            "documents.public_variant_without_basis",
            _(
                "Only an exempt document has a public (redacted) variant; without a legal basis "
                "the document itself is public."
            ),
            field="public_file",
        )


def _refuse_generated(document: Document) -> None:
    if document.generated:
        raise DomainError(
            "documents.generated",
            _(
                "A generated document changes only when it is generated again from the "
                "meeting's records."
            ),
        )


# ---------------------------------------------------------------- rows


def file_row(
    *,
    document: Document,
    version: int,
    variant: str,
    checked: Checked,
    actor: Actor,
    pdfa: bool = False,
    source_fingerprint: str = "",
    text: str | None = None,
) -> DocumentFile:
    """Write one file row for a blob already stored, and queue its text extraction in the same
    transaction; a generated file comes with its ``text`` and needs none."""
    row = DocumentFile(
        document=document,
        version=version,
        variant=variant,
        kind=checked.type.kind,
        content_type=checked.type.content_type,
        filename=checked.filename,
        size=len(checked.data),
        sha256=storage.digest(checked.data),
        pdfa=pdfa,
        source_fingerprint=source_fingerprint,
        text_status=(
            DocumentFile.TextStatus.PENDING
            if has_text(checked.type.kind)
            else DocumentFile.TextStatus.NONE
        ),
        created_by=audit.user_of(actor),
    )
    if text is not None:
        row.text = clean_text(text)
        row.text_status = DocumentFile.TextStatus.DONE
        row.text_extracted_at = time.now()
    row.full_clean()
    row.save()
    if row.text_status == DocumentFile.TextStatus.PENDING:
        events.announce("documents.text_pending", file_id=row.pk)
    return row


def _next_version(document: Document) -> int:
    return int(document.files.aggregate(v=Max("version"))["v"] or 0) + 1


# ---------------------------------------------------------------- services


def document_upload(
    *,
    owner: Owner,
    title: str,
    document_type: str,
    document_date: dt.date,
    content: Content,
    filename: str = "",
    legal_basis: LegalBasis | None = None,
    public_title: str = "",
    public_content: Content | None = None,
    public_filename: str = "",
    archive_reference: str = "",
    partnership: Partnership | None = None,
    actor: Actor,
) -> Document:
    """A new document with its first version (and, for an exempt document, optionally its
    public redacted variant). ``partnership`` is needed only for a version of a general part
    shared by several partnerships."""
    fields, owner_partnership = _owner(owner, partnership)
    _check_metadata(
        title=title, document_type=document_type, legal_basis=legal_basis, public_title=public_title
    )
    if public_content is not None and legal_basis is None:
        raise DomainError(
            "documents.public_variant_without_basis",
            _(
                "Only an exempt document has a public (redacted) variant; without a legal basis "
                "the document itself is public."
            ),
            field="public_file",
        )
    main = check_upload(content, filename)
    public = check_upload(public_content, public_filename) if public_content is not None else None
    blobs = [main.data] + ([public.data] if public else [])
    with storage.staged(*blobs), transaction.atomic():
        document = Document(
            partnership=owner_partnership,
            title=title.strip(),
            document_type=document_type,
            document_date=document_date,
            legal_basis=legal_basis,
            public_title=public_title.strip(),
            archive_reference=archive_reference.strip(),
            created_by=audit.user_of(actor),
            **fields,
        )
        document.full_clean()
        document.save()
        file_row(document=document, version=1, variant=Variant.MAIN, checked=main, actor=actor)
        if public is not None:
            file_row(
                document=document, version=1, variant=Variant.PUBLIC, checked=public, actor=actor
            )
        audit.record(
            "documents.document.uploaded",
            actor=actor,
            target=document,
            data={
                "type": main.type.kind,
                "size": len(main.data),
                "exempt": legal_basis.code if legal_basis else "",
                "public_variant": public is not None,
            },
        )
        changed(document)
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    title: str,
    document_type: str,
    document_date: dt.date,
    legal_basis: LegalBasis | None,
    public_title: str = "",
    archive_reference: str = "",
    actor: Actor,
) -> Document:
    """Change a document's metadata, including exempting it or lifting the exemption."""
    _refuse_generated(document)
    _check_metadata(
        title=title, document_type=document_type, legal_basis=legal_basis, public_title=public_title
    )
    before = {"title": document.title, "exempt": document.legal_basis_id}
    document.title = title.strip()
    document.document_type = document_type
    document.document_date = document_date
    document.legal_basis = legal_basis
    document.public_title = public_title.strip()
    document.archive_reference = archive_reference.strip()
    document.full_clean()
    document.save()
    audit.record(
        "documents.document.updated",
        actor=actor,
        target=document,
        data={"before": before, "exempt": legal_basis.code if legal_basis else ""},
    )
    changed(document)
    return document


def document_version_add(
    *,
    document: Document,
    content: Content,
    filename: str = "",
    public_content: Content | None = None,
    public_filename: str = "",
    actor: Actor,
) -> DocumentFile:
    """A new version of an uploaded document (the earlier ones are kept)."""
    _refuse_generated(document)
    if public_content is not None:
        _refuse_public_variant_unless_exempt(document)
    main = check_upload(content, filename)
    public = check_upload(public_content, public_filename) if public_content is not None else None
    blobs = [main.data] + ([public.data] if public else [])
    with storage.staged(*blobs), transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        version = _next_version(document)
        row = file_row(
            document=document, version=version, variant=Variant.MAIN, checked=main, actor=actor
        )
        if public is not None:
            file_row(
                document=document,
                version=version,
                variant=Variant.PUBLIC,
                checked=public,
                actor=actor,
            )
        audit.record(
            "documents.document.version_added",
            actor=actor,
            target=document,
            data={"version": version, "type": main.type.kind, "public_variant": bool(public)},
        )
        changed(document)
    return row


def document_public_variant_set(
    *, document: Document, content: Content | None, filename: str = "", actor: Actor
) -> DocumentFile | None:
    """Upload (or replace, or with ``content=None`` withdraw) the public redacted variant of an
    exempt document's latest version."""
    _refuse_generated(document)
    _refuse_public_variant_unless_exempt(document)
    checked = check_upload(content, filename) if content is not None else None
    blobs = [checked.data] if checked else []
    with storage.staged(*blobs), transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        version = _next_version(document) - 1
        if version < 1:
            raise DomainError("documents.no_version", _("Upload the document itself first."))
        document.files.filter(version=version, variant=Variant.PUBLIC).delete()
        row = None
        if checked is not None:
            row = file_row(
                document=document,
                version=version,
                variant=Variant.PUBLIC,
                checked=checked,
                actor=actor,
            )
        audit.record(
            "documents.document.public_variant_set"
            if row
            else "documents.document.public_variant_withdrawn",
            actor=actor,
            target=document,
            data={"version": version},
        )
        changed(document)
    return row


__all__ = [
    "Checked",
    "Owner",
    "UploadError",
    "check_upload",
    "document_public_variant_set",
    "document_update",
    "document_upload",
    "document_version_add",
    "file_row",
]

"""Uploading documents and their versions, editing their metadata, exempting them (L8).

Every upload is checked completely (``validation.inspect_upload``) before anything is written;
then the blobs are stored and the rows written in one transaction. If the transaction fails the
blobs it created are removed again, so a refused or failed upload leaves nothing behind; a blob
a committed row refers to is never removed. Text extraction is a job queued in the same
transaction (the ``documents.text_pending`` event) and never blocks or fails the upload.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.documents import storage
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services.common import changed
from partnerskap.documents.services.files import (
    Checked,
    Content,
    check_upload,
    file_row,
    next_version,
)
from partnerskap.documents.services.metadata import (
    Owner,
    check_metadata,
    owner_fields,
    refuse_generated,
    refuse_public_variant_unless_exempt,
)
from partnerskap.documents.validation import UploadError

Variant = DocumentFile.Variant


def _version_rows(
    *, document: Document, version: int, main: Checked, public: Checked | None, actor: Actor
) -> DocumentFile:
    """The file rows of one version: the main file and, if given, its public variant."""
    row = file_row(
        document=document, version=version, variant=Variant.MAIN, checked=main, actor=actor
    )
    if public is not None:
        file_row(
            document=document, version=version, variant=Variant.PUBLIC, checked=public, actor=actor
        )
    return row


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
    fields, owner_partnership = owner_fields(owner, partnership)
    check_metadata(
        title=title, document_type=document_type, legal_basis=legal_basis, public_title=public_title
    )
    if public_content is not None:
        refuse_public_variant_unless_exempt(exempt=legal_basis is not None)
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
        _version_rows(document=document, version=1, main=main, public=public, actor=actor)
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
    refuse_generated(document)
    check_metadata(
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
    refuse_generated(document)
    if public_content is not None:
        refuse_public_variant_unless_exempt(exempt=document.is_exempt)
    main = check_upload(content, filename)
    public = check_upload(public_content, public_filename) if public_content is not None else None
    blobs = [main.data] + ([public.data] if public else [])
    with storage.staged(*blobs), transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        version = next_version(document)
        row = _version_rows(
            document=document, version=version, main=main, public=public, actor=actor
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
    refuse_generated(document)
    refuse_public_variant_unless_exempt(exempt=document.is_exempt)
    checked = check_upload(content, filename) if content is not None else None
    blobs = [checked.data] if checked else []
    with storage.staged(*blobs), transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        version = next_version(document) - 1
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

"""Text extraction for search, in a job (``documents.tasks.extract_text``): the result or the
failure is stored on the file and shown to the secretariat in the admin; an upload never waits
for it or fails by it."""

from __future__ import annotations

import logging

from django.db import transaction

from partnerskap.core import audit, events, time
from partnerskap.documents import storage
from partnerskap.documents.extraction import extract_text, has_text
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.services.common import changed

logger = logging.getLogger(__name__)
Status = DocumentFile.TextStatus
MAX_ERROR = 1000


def document_file_extract_text(file_id: int) -> str | None:
    """Extract and store the text of one file. Idempotent: only a file whose extraction is
    pending is touched. Returns the new status, or None if nothing ran."""
    file = (
        DocumentFile.objects.select_related("document")
        .defer("text")
        .filter(pk=file_id, text_status=Status.PENDING)
        .first()
    )
    if file is None:
        return None
    if not has_text(file.kind):
        DocumentFile.objects.filter(pk=file.pk).update(text_status=Status.NONE)
        return str(Status.NONE)
    try:
        text, status, error = extract_text(file.kind, storage.read(file.sha256)), Status.DONE, ""
    except Exception as exc:
        logger.warning("Text extraction failed for document file %s", file.pk, exc_info=True)
        text, status = "", Status.FAILED
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    with transaction.atomic():
        updated = DocumentFile.objects.filter(pk=file.pk, text_status=Status.PENDING).update(
            text=text, text_status=status, text_error=error, text_extracted_at=time.now()
        )
        if not updated:
            return None
        audit.record(
            f"documents.file.text_{'extracted' if status == Status.DONE else 'failed'}",
            actor=None,
            target=file.document,
            data={"file": file.pk, "chars": len(text), "error": error[:200]},
        )
        changed(file.document)
    return str(status)


@transaction.atomic
def document_file_retry_extraction(*, file: DocumentFile, actor: audit.Actor) -> None:
    """The secretariat asks for another try at a failed extraction (a job, as always)."""
    if not DocumentFile.objects.filter(pk=file.pk, text_status=Status.FAILED).update(
        text_status=Status.PENDING, text_error=""
    ):
        return
    audit.record(
        "documents.file.text_retry", actor=actor, target=file.document, data={"file": file.pk}
    )
    events.announce("documents.text_pending", file_id=file.pk)

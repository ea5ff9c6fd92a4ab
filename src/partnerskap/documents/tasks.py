"""Document jobs: text extraction and the generated PDFs, run by ``partnerskap worker``.

Each is idempotent: extraction touches only a file still pending, and a PDF is stored only
when what it shows (its ``source_fingerprint``) differs from the latest stored version, so a
job run twice (a retry, a worker killed mid-render) leaves one PDF.
"""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.documents.services import generated, text


@job()
def extract_text(file_id: int) -> str | None:
    return text.document_file_extract_text(file_id)


@job()
def render_notice(meeting_id: int) -> int | None:
    document = generated.notice_pdf_store(meeting_id)
    return None if document is None else document.pk


@job()
def render_minutes(minutes_id: int) -> int | None:
    document = generated.minutes_pdf_store(minutes_id)
    return None if document is None else document.pk

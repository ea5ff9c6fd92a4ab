"""The files of a document: an upload read and checked completely before anything is written
(``check_upload``), and the file row for a blob already stored (``file_row``), shared by the
uploads and the generated PDFs."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files import File
from django.db.models import Max

from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.documents import storage
from partnerskap.documents.extraction import clean_text, has_text
from partnerskap.documents.filenames import sanitise_filename
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.validation import FileType, check_size, inspect_upload, max_upload_bytes

Content = bytes | File  # type: ignore[type-arg]


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


def next_version(document: Document) -> int:
    """The number the document's next version gets."""
    return int(document.files.aggregate(v=Max("version"))["v"] or 0) + 1

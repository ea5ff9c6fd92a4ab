"""What an upload is, decided by its content alone: magic bytes, then the format's structure.

The name a file arrives with and the type the browser claims are never consulted; a file is
stored and served as the type found here. Accepted: PDF, DOCX, XLSX, ODT, PNG and JPEG.
Everything else is refused with a ``UploadError`` naming what is wrong and what to do, before
anything is written:

* empty or larger than ``PARTNERSKAP_UPLOAD_MAX_BYTES``;
* no known signature (an HTML page named ``.pdf``, an executable, an old ``.doc``);
* a polyglot: HTML markup inside the file, a second format's signature (a ZIP directory at
  the end of a PDF or image, a PDF header inside a ZIP), or data after the format's end;
* ZIP-based documents that expand beyond ``MAX_EXPANDED_BYTES`` or ``MAX_RATIO`` (zip bombs),
  have too many entries, encrypted entries, unsafe names, DTDs in their XML, or macros;
* PDFs that are encrypted, that pypdf cannot read, or that carry JavaScript or launch actions;
* images whose structure is broken (chunk checksums, missing end) or whose pixel count is
  absurd (a decompression bomb for whoever opens it).
"""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from partnerskap.documents.validation.common import (
    DOCX,
    JPEG,
    KIND_CHOICES,
    MARKUP,
    ODT,
    PDF,
    PNG,
    TYPES,
    XLSX,
    FileType,
    UploadError,
    max_upload_bytes,
)
from partnerskap.documents.validation.images import check_jpeg, check_png
from partnerskap.documents.validation.office import check_zip_document
from partnerskap.documents.validation.pdf import check_pdf


def check_size(size: int) -> None:
    """Refuse an empty file or one over ``PARTNERSKAP_UPLOAD_MAX_BYTES`` (before reading it)."""
    if size <= 0:
        raise UploadError("empty", _("The file is empty. Choose the file again."))
    limit = max_upload_bytes()
    if size > limit:
        raise UploadError(
            "too_large",
            _("The file is %(size)s; files of at most %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def inspect_upload(data: bytes) -> FileType:
    """The type of ``data``, or ``UploadError``."""
    check_size(len(data))
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        check_png(data)
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        check_jpeg(data)
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return check_zip_document(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UploadError(
            "legacy_or_encrypted_office",
            _(
                "The file is an old Office format (.doc, .xls) or a password-protected Office "
                "file. Save it as PDF, DOCX or XLSX without a password and upload that."
            ),
        )
    if MARKUP.search(data, 0, 1024):
        raise UploadError(
            "html",
            _(
                "The file is a web page (HTML), whatever its name says. Upload the document "
                "itself as PDF, DOCX, ODT, XLSX, PNG or JPEG."
            ),
        )
    raise UploadError(
        "unsupported",
        _(
            "The file's content is not PDF, DOCX, ODT, XLSX, PNG or JPEG (whatever its name "
            "says). Save it in one of these formats and upload it again."
        ),
    )


__all__ = [
    "DOCX",
    "JPEG",
    "KIND_CHOICES",
    "ODT",
    "PDF",
    "PNG",
    "TYPES",
    "XLSX",
    "FileType",
    "UploadError",
    "check_size",
    "inspect_upload",
    "max_upload_bytes",
]

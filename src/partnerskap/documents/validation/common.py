"""What every check shares: the accepted types, the limits, the refusal and its wordings."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerskap.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: A ZIP-based document may expand to at most this many bytes in total ...
MAX_EXPANDED_BYTES = 250 * 1024 * 1024
#: ... and no entry larger than ``RATIO_FLOOR`` may expand more than this many times.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_PDF_PAGES = 10_000
MAX_PDF_OBJECTS = 500_000
MAX_IMAGE_PIXELS = 150_000_000


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    label: str
    inline: bool  # shown in the browser (PDF, images) rather than downloaded


PDF = FileType("pdf", "application/pdf", "pdf", "PDF", inline=True)
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    "Word (DOCX)",
    inline=False,
)
XLSX = FileType(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    "Excel (XLSX)",
    inline=False,
)
ODT = FileType(
    "odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument (ODT)", inline=False
)
PNG = FileType("png", "image/png", "png", "PNG", inline=True)
JPEG = FileType("jpeg", "image/jpeg", "jpg", "JPEG", inline=True)
TYPES = {t.kind: t for t in (PDF, DOCX, XLSX, ODT, PNG, JPEG)}
KIND_CHOICES = [(t.kind, t.label) for t in TYPES.values()]


class UploadError(DomainError):
    """The upload is not accepted; nothing has been stored."""

    def __init__(self, reason: str, message: StrOrPromise) -> None:
        super().__init__(f"documents.upload.{reason}", message, field="file")
        self.reason = reason


def max_upload_bytes() -> int:
    return int(getattr(settings, "PARTNERSKAP_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


#: Markup a browser would render: found inside a PDF or an image, it makes a polyglot.
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>]"
    rb"|object[\s>]|embed[\s>]|meta\s+http-equiv)",
    re.IGNORECASE,
)
ZIP_END = b"PK\x05\x06"


def polyglot(what: StrOrPromise) -> UploadError:
    return UploadError(
        "polyglot",
        _(
            "The file is not a clean %(type)s: it also contains another format (a polyglot). "
            "Export or scan the document again and upload the new file."
        )
        % {"type": what},
    )


def check_no_second_format(data: bytes, label: str) -> None:
    """HTML anywhere, or a ZIP directory that a ZIP reader would find at the end."""
    if MARKUP.search(data):
        raise polyglot(label)
    tail_start = max(0, len(data) - 65_557)
    position = data.rfind(ZIP_END, tail_start)
    if position >= 0 and position + 22 <= len(data):
        (comment_length,) = struct.unpack("<H", data[position + 20 : position + 22])
        if position + 22 + comment_length == len(data):
            raise polyglot(label)


def corrupt(label: str) -> UploadError:
    return UploadError(
        "corrupt",
        _(
            "The %(type)s file is damaged or incomplete and cannot be read. Export or save it "
            "again and upload the new file."
        )
        % {"type": label},
    )

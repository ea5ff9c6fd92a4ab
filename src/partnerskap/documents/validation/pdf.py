"""PDF: a header at the very start, nothing after the last ``%%EOF``, readable by pypdf, not
encrypted, no JavaScript or launch actions anywhere in the object graph."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from partnerskap.documents.validation.common import (
    MAX_PDF_OBJECTS,
    MAX_PDF_PAGES,
    UploadError,
    check_no_second_format,
    corrupt,
    polyglot,
)

_PDF_HEADER = re.compile(rb"%PDF-(?:1\.[0-7]|2\.0)\s")
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch"}


def check_pdf(data: bytes) -> None:
    if not _PDF_HEADER.match(data):
        raise corrupt("PDF")
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise corrupt("PDF")
    if data[end + 5 :].strip(b"\r\n\t\f\x00 "):
        raise polyglot("PDF")
    check_no_second_format(data, "PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise corrupt("PDF") from exc
    if encrypted:
        raise UploadError(
            "encrypted",
            _(
                "The PDF is encrypted or password-protected, so it cannot be archived or read "
                "by everyone. Save a copy without a password and upload that."
            ),
        )
    try:
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PDF_PAGES:
            raise corrupt("PDF")
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touching every page proves the page tree is sound
        active = _pdf_has_active_content(reader)
    except UploadError:
        raise
    except Exception as exc:
        raise corrupt("PDF") from exc
    if active:
        raise UploadError(
            "active_content",
            _(
                "The PDF contains JavaScript or actions that start programs. Print it to a new "
                "PDF (or export it again without scripts) and upload that."
            ),
        )


def _pdf_has_active_content(reader: PdfReader) -> bool:
    """Walk every object reachable from the trailer looking for script or launch actions."""
    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise corrupt("PDF")
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):
            if "/JS" in node or "/JavaScript" in node:
                return True
            action = node.get("/S")
            if isinstance(action, NameObject) and action in _ACTIVE_ACTIONS:
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False

"""Reading generated PDFs back."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from partnerskap.documents import storage
from partnerskap.documents.models import DocumentFile


def reader(file: DocumentFile) -> PdfReader:
    return PdfReader(io.BytesIO(storage.read(file.sha256)))


def pages_text(pdf: PdfReader) -> list[str]:
    """Each page's text with runs of (non-breaking) spaces made single spaces."""
    return [re.sub(r"[\s\u00a0]+", " ", page.extract_text() or "") for page in pdf.pages]


def text(file: DocumentFile) -> str:
    return "\n".join(pages_text(reader(file)))


def xmp(pdf: PdfReader) -> str:
    return pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def embedded_fonts(pdf: PdfReader) -> list[bool]:
    """For every font on every page: whether its program is embedded."""
    found = []
    for page in pdf.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            if descendants:
                font = descendants[0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            found.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return found


def written_in(world: object, form: str) -> None:
    """Give the world's partnership the written form ``form`` (its documents' language)."""
    partnership = world.partnership  # type: ignore[attr-defined]
    partnership.written_form = form
    partnership.save(update_fields=["written_form"])

"""Text for search, from PDF (pypdf), DOCX (python-docx), ODT (odfpy) and XLSX (openpyxl).

Pure functions of the file's bytes: ``services.document_file_extract_text`` runs them after
commit and stores the result (or the failure) on the file. Images have no text (there is no
OCR); the text is capped so one huge spreadsheet cannot fill the index.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

MAX_CHARS = 2_000_000
MAX_CELLS = 1_000_000
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


def clean_text(text: str) -> str:
    """NFC, without control characters (PostgreSQL cannot store NUL), tidy blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _UNWANTED.sub("", text)
    text = _TRAILING.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _collect(parts: Iterable[str]) -> str:
    out: list[str] = []
    total = 0
    for part in parts:
        if not part:
            continue
        out.append(part)
        total += len(part) + 1
        if total >= MAX_CHARS:
            break
    return clean_text("\n".join(out))[:MAX_CHARS]


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 - keep imports of heavy parsers local

    reader = PdfReader(io.BytesIO(data))
    return _collect(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    import docx  # noqa: PLC0415

    document = docx.Document(io.BytesIO(data))

    def parts() -> Iterator[str]:
        for section in document.sections:
            for paragraph in section.header.paragraphs:
                yield paragraph.text
        for paragraph in document.paragraphs:
            yield paragraph.text
        for table in document.tables:
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cells[-1] != cell.text:  # merged cells repeat
                        cells.append(cell.text)
                yield "\t".join(cells)

    return _collect(parts())


def _odt(data: bytes) -> str:
    from odf import opendocument, teletype  # noqa: PLC0415
    from odf.namespaces import TEXTNS  # noqa: PLC0415

    document = opendocument.load(io.BytesIO(data))
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}

    def walk(node: object) -> Iterator[str]:
        for child in getattr(node, "childNodes", []):
            if getattr(child, "qname", None) in blocks:
                yield teletype.extractText(child)
            else:
                yield from walk(child)

    return _collect(walk(document.text))


def _xlsx(data: bytes) -> str:
    import openpyxl  # noqa: PLC0415

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:

        def parts() -> Iterator[str]:
            cells = 0
            for sheet in workbook.worksheets:
                yield sheet.title
                for row in sheet.iter_rows(values_only=True):
                    values = [str(v) for v in row if v is not None and str(v).strip()]
                    cells += len(row)
                    if values:
                        yield "\t".join(values)
                    if cells > MAX_CELLS:
                        return

        return _collect(parts())
    finally:
        workbook.close()


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odt,
    "xlsx": _xlsx,
}


def has_text(kind: str) -> bool:
    return kind in EXTRACTORS


def extract_text(kind: str, data: bytes) -> str:
    """The text of a file of ``kind``; raises whatever the library raises on a broken file."""
    return EXTRACTORS[kind](data)

"""Small real files of every accepted type, and hostile ones, made in the tests."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from odf import text as odf_text
from odf.opendocument import OpenDocumentText
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

#: A 4 × 3 JPEG (made once with an image library and kept as bytes).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYW"
    "ICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAADAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDgKKKK+eP2E//Z"
)


def pdf(
    text: str = "Saksframlegg om innfartsparkering",
    *,
    encrypt: str | None = None,
    javascript: bool = False,
) -> bytes:
    """A one-page PDF whose text pypdf reads back (WinAnsi, so æøå work)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    escaped = (
        text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 72 770 Td (" + escaped + b") Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    if javascript:
        # Hidden in a link annotation's action, not at the document's top.
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): writer._add_object(action),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    if encrypt is not None:
        writer.encrypt(user_password=encrypt, owner_password="eier", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file(text: str = "Saksframlegg i Word") -> bytes:
    document = docx.Document()
    document.add_heading("Overskrift", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Celle A"
    table.rows[0].cells[1].text = "Celle B"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file(text: str = "Budsjett for samarbeidet") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Budsjett"
    sheet["A1"] = text
    sheet["B2"] = 12345
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_file(text: str = "Notat i OpenDocument") -> bytes:
    document = OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="Overskrift"))
    document.text.addElement(odf_text.P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 2, height: int = 2) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def rezip(
    data: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    first: dict[str, bytes] | None = None,
) -> bytes:
    """The archive ``data`` with entries added (at the end, or ``first``) or replaced."""
    add, replace = add or {}, replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name, body in (first or {}).items():
            target.writestr(name, body, compress_type=zipfile.ZIP_STORED)
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info.filename))
            target.writestr(info, body, compress_type=info.compress_type)
        for name, body in add.items():
            target.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------- hostile

HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bomb(kind: str) -> bytes:
    """A real document of ``kind`` with one extra entry: 20 MB of zeros in ~20 KB."""
    base = {"docx": docx_file, "xlsx": xlsx_file, "odt": odt_file}[kind]()
    return rezip(base, add={"customXml/item9.xml": b"<a>" + b" " * 20_000_000 + b"</a>"})

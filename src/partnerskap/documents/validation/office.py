"""DOCX, XLSX and ODT: ZIP archives checked before anything opens them as documents.

The archive must start at byte 0 and end with its directory (no data before or after: a
polyglot), its entries must be few, unencrypted, safely named and stored or deflated, and it
must not expand beyond ``MAX_EXPANDED_BYTES`` or ``MAX_RATIO`` (a zip bomb) — checked from the
headers first, then again while actually decompressing every entry, since headers can lie. XML
parts must be well formed and carry no DTD (entity expansion, external entities). The type comes
from ``[Content_Types].xml`` (OOXML) or the ``mimetype`` entry (ODF); macros are refused.
"""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

from partnerskap.documents.validation.common import (
    DOCX,
    MARKUP,
    MAX_EXPANDED_BYTES,
    MAX_RATIO,
    MAX_ZIP_ENTRIES,
    ODT,
    RATIO_FLOOR,
    XLSX,
    ZIP_END,
    FileType,
    UploadError,
    corrupt,
    polyglot,
)

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_OOXML_MACROS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: expat's ``isfinal`` argument (positional only).
_MORE, _LAST = False, True
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _bomb() -> UploadError:
    return UploadError(
        "zip_bomb",
        _(
            "The document expands to far more data than its size suggests (a «zip bomb») and "
            "is refused. Save it again from the program it was written in and upload the new "
            "file."
        ),
    )


def check_zip_document(data: bytes) -> FileType:
    label = "DOCX/XLSX/ODT"
    if b"%PDF-" in data[:1024] or MARKUP.search(data, 0, 1024):
        raise polyglot(label)
    end = data.rfind(ZIP_END, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise corrupt(label)
    (comment_length,) = struct.unpack("<H", data[end + 20 : end + 22])
    if end + 22 + comment_length != len(data):
        raise polyglot(label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise corrupt(label) from exc
    if not entries:
        raise corrupt(label)
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _bomb()
    if min(e.header_offset for e in entries) != 0:
        raise polyglot(label)
    _check_entries(entries)
    kind = _zip_kind(archive)
    _expand_all(archive, entries)
    return kind


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    names: set[str] = set()
    for entry in entries:
        name = entry.filename
        unsafe = name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/")
        if unsafe or name in names or "\x00" in name:
            raise corrupt("DOCX/XLSX/ODT")
        names.add(name)
        if entry.flag_bits & 0x1:
            raise _encrypted_office()
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise corrupt("DOCX/XLSX/ODT")
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise _bomb()
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries)
    if total > MAX_EXPANDED_BYTES or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        raise _bomb()


def _encrypted_office() -> UploadError:
    return UploadError(
        "encrypted",
        _(
            "The document is encrypted or password-protected. Save a copy without a password "
            "and upload that."
        ),
    )


def _macros() -> UploadError:
    return UploadError(
        "macros",
        _(
            "The document contains macros, which are not accepted. Save it as an ordinary "
            "document (DOCX or XLSX) and upload that."
        ),
    )


def _zip_kind(archive: zipfile.ZipFile) -> FileType:
    names = set(archive.namelist())
    first = archive.infolist()[0]
    if first.filename == "mimetype":
        return _odf_kind(archive, names, first)
    if "[Content_Types].xml" not in names:
        raise _unsupported_zip()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _macros()
    content_types = _read_small(archive, "[Content_Types].xml")
    try:
        _xml_parser("DOCX/XLSX").Parse(content_types, _LAST)
        root = ET.fromstring(content_types)  # noqa: S314 - checked above: no DTD, well formed
    except (expat.ExpatError, ET.ParseError) as exc:
        raise corrupt("DOCX/XLSX") from exc
    kind: FileType | None = None
    for override in root.iter(f"{_CONTENT_TYPES_NS}Override"):
        content_type = override.get("ContentType", "")
        if content_type in _OOXML_MACROS:
            raise _macros()
        if content_type in _OOXML_MAIN:
            part = override.get("PartName", "").lstrip("/")
            if part not in names or kind is not None:
                raise corrupt("DOCX/XLSX")
            kind = _OOXML_MAIN[content_type]
    if kind is None:
        raise _unsupported_zip()
    return kind


def _odf_kind(archive: zipfile.ZipFile, names: set[str], first: zipfile.ZipInfo) -> FileType:
    if _read_small(archive, "mimetype") != _ODT_MIMETYPE:
        raise _unsupported_zip()
    if first.compress_type != zipfile.ZIP_STORED or "content.xml" not in names:
        raise corrupt("ODT")
    manifest = b""
    if "META-INF/manifest.xml" in names:
        manifest = _read_small(archive, "META-INF/manifest.xml")
    if b"encryption-data" in manifest:
        raise _encrypted_office()
    if any(n.lower().startswith(("basic/", "scripts/")) for n in names):
        raise _macros()
    return ODT


def _unsupported_zip() -> UploadError:
    return UploadError(
        "unsupported",
        _(
            "The file is a ZIP archive but not a Word (DOCX), Excel (XLSX) or OpenDocument "
            "text (ODT) document. Upload the documents themselves, one at a time."
        ),
    )


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 1024 * 1024) -> bytes:
    try:
        with archive.open(name) as handle:
            content = handle.read(limit + 1)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error) as exc:
        raise corrupt("DOCX/XLSX/ODT") from exc
    if len(content) > limit:
        raise _bomb()
    return content


def _dtd_refused(label: str) -> UploadError:
    """OOXML and ODF never use DTDs; one in a part is an entity-expansion or XXE attempt."""
    return UploadError(
        "xml_dtd",
        _(
            "The %(type)s document contains XML declarations that ordinary documents never "
            "have (a DTD). Save it again from the program it was written in."
        )
        % {"type": label},
    )


def _xml_parser(label: str) -> expat.XMLParserType:
    """An expat parser that refuses any DTD or entity declaration."""
    parser = expat.ParserCreate()

    def refuse(*_args: object) -> None:
        raise _dtd_refused(label)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _expand_all(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Decompress every entry with a running cap (sizes in headers may lie), checking CRCs,
    and that the XML parts are well formed and free of DTDs."""
    budget = MAX_EXPANDED_BYTES
    for entry in entries:
        is_xml = entry.filename.lower().endswith((".xml", ".rels"))
        parser = _xml_parser("DOCX/XLSX/ODT") if is_xml else None
        written = 0
        try:
            with archive.open(entry) as handle:
                while chunk := handle.read(256 * 1024):
                    written += len(chunk)
                    budget -= len(chunk)
                    if budget < 0 or written > entry.file_size:
                        raise _bomb()
                    if parser is not None:
                        parser.Parse(chunk, _MORE)
            if parser is not None:
                parser.Parse(b"", _LAST)
        except UploadError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, expat.ExpatError) as exc:
            raise corrupt("DOCX/XLSX/ODT") from exc
        except RuntimeError as exc:  # zipfile: «File … is encrypted, password required»
            raise _encrypted_office() from exc

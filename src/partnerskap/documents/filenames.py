"""File names as people see them: sanitised for storage in the database and for the
``Content-Disposition`` header. Names never reach the file system (blobs are stored under their
SHA-256), but they do reach browsers, archives and other people's disks."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 150
_PATH_SEPARATORS = re.compile(r"[\\/]")
# Control characters, bidirectional overrides and isolates (the «fdp.exe» trick), zero-width
# characters, and what Windows forbids in names.
_UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:\"|?*]")
_SPACE = re.compile(r"\s+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def sanitise_filename(name: str, *, extension: str, fallback: str = "dokument") -> str:
    """``name`` without any path, control or look-alike characters, ending in ``extension``
    (the extension of the type found in the content, replacing whatever the name claimed)."""
    name = unicodedata.normalize("NFC", name or "")
    name = _PATH_SEPARATORS.split(name)[-1]
    name = _UNWANTED.sub("", name)
    name = _SPACE.sub(" ", name).strip()
    name = _EXTENSION.sub("", name)
    name = name.strip(" .")
    if _WINDOWS_RESERVED.match(name):
        name = f"_{name}"
    if not name:
        name = fallback
    stem = name[: MAX_NAME - len(extension) - 1].rstrip(" .")
    return f"{stem}.{extension}"


def _ascii(name: str) -> str:
    """An ASCII stand-in for old clients: æøå become ae, o, a; others are dropped."""
    name = name.replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " ._-()"))
    return plain.strip() or "dokument"


def content_disposition(name: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the exact ``filename*`` (RFC 8187)."""
    kind = "inline" if inline else "attachment"
    fallback = _ascii(name).replace("\\", "").replace('"', "")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"

"""Content-addressed storage for document files, outside the web root.

A blob is stored once under its SHA-256 (``ab/cd/abcdef…``), written to a temporary file in the
same directory and renamed into place, so a reader never sees half a file and two uploads of the
same content share one blob. The directory is ``PARTNERSKAP_FILES_DIR`` (default
``<VAR_DIR>/files``); nothing serves it directly, every download goes through the access check
in ``documents.views``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError

from partnerskap.documents.models import DocumentFile

_HEX = frozenset("0123456789abcdef")


def root() -> Path:
    configured = getattr(settings, "PARTNERSKAP_FILES_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "files"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_of(sha256: str) -> Path:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        msg = f"Not a SHA-256 hex digest: {sha256!r}"
        raise ValueError(msg)
    return root() / sha256[:2] / sha256[2:4] / sha256


def exists(sha256: str) -> bool:
    return path_of(sha256).is_file()


def put(data: bytes) -> tuple[str, bool]:
    """Store ``data``; return its digest and whether this call created the blob."""
    sha256 = digest(data)
    target = path_of(sha256)
    if target.is_file():
        return sha256, False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(0o640)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256, True


def read(sha256: str) -> bytes:
    return path_of(sha256).read_bytes()


def open_blob(sha256: str) -> BinaryIO:
    return path_of(sha256).open("rb")


def discard(sha256: str) -> None:
    path_of(sha256).unlink(missing_ok=True)


def _referenced(digests: list[str]) -> set[str]:
    """The digests some file row refers to (all of them when the database cannot say)."""
    try:
        return set(DocumentFile.objects.filter(sha256__in=digests).values_list("sha256", flat=True))
    except DatabaseError:
        return set(digests)


@contextmanager
def staged(*blobs: bytes) -> Iterator[list[str]]:
    """Store ``blobs`` for the rows written inside the block; if the block fails, remove the
    blobs this call created (a blob that existed before belongs to other rows). A blob that a
    row refers to is never removed, even when the failure came after the commit: stored data
    is never deleted because a later step failed (``documents-process --sweep`` removes what
    no row refers to)."""
    created: list[str] = []
    digests: list[str] = []
    try:
        for data in blobs:
            sha256, new = put(data)
            digests.append(sha256)
            if new:
                created.append(sha256)
        yield digests
    except BaseException:
        kept = _referenced(created) if created else set()
        for sha256 in created:
            if sha256 not in kept:
                discard(sha256)
        raise


def all_blobs() -> Iterator[tuple[str, float]]:
    """Every stored blob with its modification time (for sweeping orphans)."""
    base = root()
    if not base.is_dir():
        return
    for path in base.glob("??/??/*"):
        if path.is_file() and not path.name.startswith("."):
            yield path.name, path.stat().st_mtime

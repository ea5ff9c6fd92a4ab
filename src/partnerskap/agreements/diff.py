"""A readable word-level diff between two versions of a text (A10)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffChunk:
    op: str  # "equal", "delete" or "insert"
    text: str


def text_diff(old: str, new: str) -> list[DiffChunk]:
    """Chunks that rebuild ``old`` (equal + delete) and ``new`` (equal + insert)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    chunks: list[DiffChunk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            chunks.append(DiffChunk("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            chunks.append(DiffChunk("delete", "".join(a[i1:i2])))
        if j2 > j1:
            chunks.append(DiffChunk("insert", "".join(b[j1:j2])))
    return chunks

"""A readable word-level diff between two versions of a text (A10), paragraph by paragraph.

Texts are Markdown as the agreement is written: a paragraph is one line (the agreement's lines
are not wrapped), and a point of a list is one line too, so «paragraph» here means a line that
is not blank (a blank line before it starts a new block, which the new text keeps). The
paragraphs of the old and the new text are lined up first (``difflib`` on whole paragraphs,
then, where a run of them changed, each old paragraph paired with the most similar new one);
a paired paragraph is compared word by word. Unchanged paragraphs are not repeated: a run of
them is one ``ParagraphDiff`` that says how many there are.

Only words count: a change of spacing or line breaks alone changes nothing (a browser's form
sends ``\\r\\n``, the stored text has ``\\n``), so there is never an empty «deleted» or
«inserted» mark. The new text is kept exactly: the unchanged and inserted pieces, in order,
are the new text (``rebuild_new``); the unchanged and deleted pieces are the old text's words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["equal", "delete", "insert"]
_WORD = re.compile(r"\S+")
#: Two paragraphs with at least this share of words in common are the same paragraph edited.
SIMILAR = 0.5
#: Above this many paragraph pairs in one changed run, pair them in order (no quadratic search).
PAIRING_LIMIT = 400


@dataclass(frozen=True)
class DiffChunk:
    op: Op  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class Line:
    """A paragraph (one line that is not blank): its text without the indentation, the
    indentation, and whether a blank line comes before it."""

    text: str
    indent: str = ""
    gap: bool = False


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph that changed (its chunks, and ``line``: the new line it became, if any),
    or a run of unchanged ones (their new lines)."""

    chunks: tuple[DiffChunk, ...] = ()
    unchanged: tuple[Line, ...] = field(default=())
    line: Line | None = None

    @property
    def changed(self) -> bool:
        return bool(self.chunks)

    @property
    def unchanged_count(self) -> int:
        return len(self.unchanged)

    @property
    def inserted(self) -> bool:
        """A new paragraph: every chunk is an insertion."""
        return bool(self.chunks) and all(c.op == "insert" for c in self.chunks)

    @property
    def deleted(self) -> bool:
        """A removed paragraph: every chunk is a deletion."""
        return bool(self.chunks) and all(c.op == "delete" for c in self.chunks)


def lines(text: str) -> list[Line]:
    """The text's paragraphs (lines that are not blank), line endings made ``\\n``."""
    out: list[Line] = []
    gap = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            gap = bool(out)
            continue
        out.append(Line(stripped, raw[: len(raw) - len(raw.lstrip())], gap))
        gap = False
    return out


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, without indentation."""
    return [line.text for line in lines(text)]


def _join(parts: list[Line]) -> str:
    return "".join(
        ("" if i == 0 else "\n\n" if p.gap else "\n") + p.indent + p.text
        for i, p in enumerate(parts)
    )


def normalised(text: str) -> str:
    """The text as the diff sees it: line endings ``\\n``, no trailing spaces, at most one
    blank line between paragraphs, none at the start or the end."""
    return _join(lines(text))


def _words(paragraph: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(paragraph))


def _span(text: str, words: list[re.Match[str]], i: int, j: int) -> str:
    """Words ``i`` to ``j`` (exclusive) of ``text`` with the spacing after each, but the last
    piece of the text ends where the text ends."""
    start = words[i].start()
    end = words[j].start() if j < len(words) else len(text)
    return text[start:end]


def word_diff(old: str, new: str) -> tuple[DiffChunk, ...]:
    """The chunks of one paragraph: unchanged and inserted pieces rebuild ``new`` exactly."""
    a, b = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(
        a=[m.group() for m in a], b=[m.group() for m in b], autojunk=False
    )
    chunks: list[DiffChunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(DiffChunk("equal", _span(new, b, j1, j2)))
            continue
        if i2 > i1:
            chunks.append(DiffChunk("delete", _span(old, a, i1, i2).rstrip()))
        if j2 > j1:
            inserted = _span(new, b, j1, j2)
            chunks.append(DiffChunk("insert", inserted.rstrip()))
            if inserted != inserted.rstrip():  # the spacing after it is not marked
                chunks.append(DiffChunk("equal", inserted[len(inserted.rstrip()) :]))
    return tuple(chunks)


def _similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio()


def _pairs(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Line up a changed run: each old paragraph with at most one new one, in order, pairing
    similar paragraphs (the best total similarity, by dynamic programming); the rest stand
    alone as removed (``(i, None)``) or added (``(None, j)``)."""
    n, m = len(old), len(new)
    if n * m > PAIRING_LIMIT:
        paired = [(i, i) for i in range(min(n, m))]
        return [*paired, *((i, None) for i in range(m, n)), *((None, j) for j in range(n, m))]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    sim = [[_similarity(o, w) for w in new] for o in old]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sim[i][j] >= SIMILAR:
                best = max(best, sim[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    result: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= SIMILAR and score[i][j] == sim[i][j] + score[i + 1][j + 1]:
            result.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            result.append((i, None))
            i += 1
        else:
            result.append((None, j))
            j += 1
    result += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return result


def _changed_run(old: list[Line], new: list[Line]) -> list[ParagraphDiff]:
    out: list[ParagraphDiff] = []
    for i, j in _pairs([o.text for o in old], [n.text for n in new]):
        if i is not None and j is not None:
            chunks = word_diff(old[i].text, new[j].text)
            if all(c.op == "equal" for c in chunks):
                out.append(ParagraphDiff(unchanged=(new[j],)))  # only the spacing changed
            else:
                out.append(ParagraphDiff(chunks=chunks, line=new[j]))
        elif i is not None:
            out.append(ParagraphDiff(chunks=(DiffChunk("delete", old[i].text),)))
        elif j is not None:
            out.append(ParagraphDiff(chunks=(DiffChunk("insert", new[j].text),), line=new[j]))
    return out


def _collapse(blocks: list[ParagraphDiff]) -> list[ParagraphDiff]:
    """Runs of unchanged paragraphs merged into one block each."""
    out: list[ParagraphDiff] = []
    for block in blocks:
        if not block.changed and out and not out[-1].changed:
            out[-1] = ParagraphDiff(unchanged=out[-1].unchanged + block.unchanged)
        else:
            out.append(block)
    return out


def text_diff(old: str, new: str) -> list[ParagraphDiff]:
    """The paragraphs of ``new`` against those of ``old``: changed ones word by word, each run
    of unchanged ones as one block."""
    a, b = lines(old), lines(new)
    key_a = [" ".join(p.text.split()) for p in a]
    key_b = [" ".join(p.text.split()) for p in b]
    blocks: list[ParagraphDiff] = []
    matcher = difflib.SequenceMatcher(a=key_a, b=key_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.extend(ParagraphDiff(unchanged=(p,)) for p in b[j1:j2])
        else:
            blocks.extend(_changed_run(a[i1:i2], b[j1:j2]))
    return _collapse(blocks)


def has_changes(diff: list[ParagraphDiff]) -> bool:
    return any(block.changed for block in diff)


def rebuild_new(diff: list[ParagraphDiff]) -> str:
    """The new text from the diff: unchanged and inserted pieces (``normalised(new)``)."""
    out: list[Line] = []
    for block in diff:
        if block.line is not None:
            text = "".join(c.text for c in block.chunks if c.op != "delete")
            out.append(Line(text, block.line.indent, block.line.gap))
        else:
            out.extend(block.unchanged)
    return _join(out)


def old_words(diff: list[ParagraphDiff]) -> list[str]:
    """The old text's words from the diff: unchanged and deleted pieces."""
    words: list[str] = []
    for block in diff:
        if block.changed:
            for chunk in block.chunks:
                if chunk.op != "insert":
                    words.extend(chunk.text.split())
        else:
            for line in block.unchanged:
                words.extend(line.text.split())
    return words


def changed_chunks(diff: list[ParagraphDiff]) -> list[DiffChunk]:
    """Every chunk of the changed paragraphs, in order (for a plain-text rendering)."""
    return [chunk for block in diff if block.changed for chunk in block.chunks]

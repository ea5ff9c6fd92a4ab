"""Text handling shared by both back ends: tokens, Norwegian stems, the query language and
highlighting.

PostgreSQL stems with its ``norwegian`` text search configuration; SQLite's FTS5 has no
Norwegian stemmer, so the SQLite back end indexes and queries the stems made here with
snowballstemmer's Norwegian stemmer (the same Snowball algorithm PostgreSQL uses).

The query language is deliberately small: words are ANDed, ``"…"`` (or «…», “…”) is a phrase.
Nothing a user types is ever passed on as query syntax: PostgreSQL gets each word and phrase
through ``plainto_tsquery``/``phraseto_tsquery``, FTS5 gets quoted tokens that this module made,
so no input can raise a syntax error.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

#: PostgreSQL's ``norwegian`` stop words (tsearch_data/norwegian.stop, the Snowball list). A
#: word on its own that is a stop word is dropped from the query on both back ends, as
#: PostgreSQL would drop it.
_STOP_WORDS = """
og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett
har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor
eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville
dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse
uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis
både bare enn fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires deim
di då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis
korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre
sia sidan so somt somme um upp vere vore verte vort varte vart
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

#: Limits on what one query may ask for, so a pasted essay costs no more than a short query.
MAX_QUERY_CHARS = 256
MAX_GROUPS = 8
MAX_PHRASE_TOKENS = 12

#: A token is a run of letters and digits (underscore and punctuation separate tokens, as in
#: FTS5's unicode61 tokenizer).
TOKEN = re.compile(r"[^\W_]+")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"'})
_PHRASE = re.compile(r'"([^"]*)"')
_SPACE = re.compile(r"\s+")
# Control characters (NUL cannot even be stored in PostgreSQL text) and the private-use area.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")

_stemmer = snowballstemmer.stemmer("norwegian")


def clean(text: str) -> str:
    """Text as it is stored in the index: NFC, without control characters."""
    return _UNWANTED.sub(" ", unicodedata.normalize("NFC", text))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Norwegian Snowball stem of a lower-case word."""
    return str(_stemmer.stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-case tokens of ``text``, in order."""
    return TOKEN.findall(clean(text).lower())


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def stemmed_text(text: str) -> str:
    """What the SQLite back end stores in FTS5: the stems, stop words kept (for phrases)."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class Group:
    """One condition of a query: a word, or a phrase, that must occur.

    ``raw`` is the user's text for PostgreSQL (which parses and stems it itself); ``stems``
    are this module's stems for FTS5 and highlighting; a phrase needs its stems in order."""

    raw: str
    stems: tuple[str, ...]
    phrase: bool

    @property
    def content_stems(self) -> tuple[str, ...]:
        return tuple(s for s in self.stems if s not in STOP_WORDS)


@dataclass(frozen=True)
class Query:
    groups: tuple[Group, ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def highlight_stems(self) -> frozenset[str]:
        return frozenset(s for g in self.groups for s in g.content_stems)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: one quoted phrase per group, implicitly ANDed. Every
        token comes from ``TOKEN``, so it contains no quote and no operator can slip in."""
        return " ".join('"' + " ".join(g.stems) + '"' for g in self.groups)


def _group(raw: str, *, phrase: bool) -> Group | None:
    words = tokens(raw)[:MAX_PHRASE_TOKENS]
    # Stop words are dropped the way PostgreSQL drops them: a lone stop word is no condition.
    if not words or all(w in STOP_WORDS for w in words):
        return None
    return Group(raw=raw.strip(), stems=tuple(stem(w) for w in words), phrase=phrase)


def parse_query(text: str) -> Query:
    """Words (ANDed) and quoted phrases. Never raises; unbalanced quotes are ignored."""
    text = clean(text[:MAX_QUERY_CHARS]).translate(_QUOTES)
    groups: list[Group] = []
    for phrase in _PHRASE.findall(text):
        group = _group(phrase, phrase=True)
        if group is not None:
            groups.append(group)
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    for word in rest.split():
        # A word with inner punctuation (Asker-Bærum, 7/2023) is a phrase of its tokens.
        group = _group(word, phrase=False)
        if group is not None:
            groups.append(group)
    unique = {(g.stems, g.phrase): g for g in reversed(groups)}
    return Query(groups=tuple(reversed(unique.values()))[:MAX_GROUPS])


# ---------------------------------------------------------------- highlighting

SNIPPET_BEFORE = 8
SNIPPET_TOKENS = 32
#: How far into a long text a snippet looks for a match before it shows the beginning.
MAX_SCAN_TOKENS = 5000


def _matches(word: str, wanted: frozenset[str]) -> bool:
    # Snowball's Norwegian stems are prefixes of the word, so most words are rejected without
    # running the stemmer.
    return any(word.startswith(s) for s in wanted) and stem(word) in wanted


def _marked(
    text: str, spans: Iterable[re.Match[str]], wanted: frozenset[str], start: int = 0, end: int = -1
) -> str:
    """``text[start:end]`` escaped, with wanted tokens among ``spans`` marked."""
    stop = len(text) if end < 0 else end
    out: list[str] = []
    at = start
    for match in spans:
        if _matches(match.group().lower(), wanted):
            out.append(html.escape(text[at : match.start()]))
            out.append(f"<mark>{html.escape(match.group())}</mark>")
            at = match.end()
    out.append(html.escape(text[at:stop]))
    return "".join(out)


def highlight(text: str, wanted: frozenset[str]) -> SafeString:
    """All of ``text``, escaped, with the words whose stem is wanted in ``<mark>``."""
    return mark_safe(_marked(text, TOKEN.finditer(text), wanted))  # noqa: S308 - escaped above


def snippet(text: str, wanted: frozenset[str]) -> SafeString:
    """A window of ``text`` around the first wanted word (or its beginning), escaped, with
    wanted words in ``<mark>`` and «…» where text was cut."""
    spans: list[re.Match[str]] = []
    first: int | None = None
    for index, match in enumerate(TOKEN.finditer(text)):
        spans.append(match)
        if first is None and _matches(match.group().lower(), wanted):
            first = index
        if index >= (MAX_SCAN_TOKENS if first is None else first + SNIPPET_TOKENS):
            break
    if not spans:
        return mark_safe(html.escape(text.strip()))  # noqa: S308 - escaped
    start_token = 0 if first is None else max(0, first - SNIPPET_BEFORE)
    window = spans[start_token : start_token + SNIPPET_TOKENS]
    has_more = TOKEN.search(text, window[-1].end()) is not None
    start = window[0].start() if start_token else 0
    end = window[-1].end() if has_more else len(text)
    prefix = "… " if start_token else ""
    suffix = " …" if has_more else ""
    body = _SPACE.sub(" ", _marked(text, window, wanted, start, end)).strip()
    return mark_safe(prefix + body + suffix)  # noqa: S308 - escaped in _marked

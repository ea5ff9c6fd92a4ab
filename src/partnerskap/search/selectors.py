"""One search over the public agenda items, proposals, minutes and (later) documents.

``search`` costs one SQL statement per page, whatever the data size (none for an empty query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import SafeString

from partnerskap.agreements.models import CooperationArea, Partnership, Party
from partnerskap.search import backends
from partnerskap.search.models import SearchEntry
from partnerskap.search.text import Query, highlight, parse_query, snippet

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchResult:
    kind: str
    object_id: int
    title: str
    #: The title, escaped, with the matched words in ``<mark>``.
    title_html: SafeString
    #: A window of the text around the first match, escaped, matched words in ``<mark>``.
    snippet: SafeString
    url: str
    date: dt.date
    partnership_name: str
    partnership_slug: str

    @property
    def kind_label(self) -> str:
        return str(SearchEntry.Kind(self.kind).label)


@dataclass(frozen=True)
class SearchPage:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    #: Matches found, counted up to ``CANDIDATE_LIMIT``; see ``total_is_exact``.
    total: int = 0
    #: False when there may be more matches than were counted (more than ``CANDIDATE_LIMIT``,
    #: or a phrase checked only in the first ``PHRASE_SCAN_LIMIT`` entries with its words):
    #: show «more than {total}» (or «none found among the first …»).
    total_is_exact: bool = True
    page: int = 1
    per_page: int = 20

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        """The 1-based position of the first result on this page (0 when there is none)."""
        return (self.page - 1) * self.per_page + 1 if self.results else 0


def _id(value: Model | int | None) -> int | None:
    if value is None:
        return None
    return int(value.pk if isinstance(value, Model) else value)


def _ids(value: CooperationArea | int | Iterable[int] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, CooperationArea | int):
        return (int(_id(value) or 0),)
    return tuple(int(v) for v in value)


def _localised(url: str) -> str:
    """Stored paths are in the default language; under /en/ a result links to /en/…."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _ranked_page(
    parsed: Query, filters: backends.Filters, *, page: int, per_page: int
) -> tuple[list[tuple[Any, ...]], int, bool]:
    """The page's rows (within the first ``CANDIDATE_LIMIT`` matches), how many matched, and
    whether more than the candidates matched."""
    offset = (page - 1) * per_page
    limit = max(0, min(per_page, backends.CANDIDATE_LIMIT - offset))
    sql, params = backends.page_sql(parsed, filters, limit=limit, offset=offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = int(rows[0][0]) if rows else 0
    overflow = bool(rows[0][1]) if rows else False
    return rows, found, overflow


def _results(rows: list[tuple[Any, ...]], wanted: frozenset[str]) -> list[SearchResult]:
    """The page's rows as results, the query's words highlighted in the title and snippet.
    (Every row carries the totals; a page past the matches is one row of totals only.)"""
    return [
        SearchResult(
            kind=kind,
            object_id=int(object_id),
            title=title,
            title_html=highlight(title, wanted),
            snippet=snippet(body, wanted),
            url=_localised(url),
            date=_date(day),
            partnership_name=name,
            partnership_slug=slug,
        )
        for _total, _overflow, entry_id, kind, object_id, title, body, url, day, name, slug in rows
        if entry_id is not None
    ]


def search(
    *,
    query: str,
    partnership: Partnership | int | None = None,
    kind: str | None = None,
    year: int | None = None,
    area: CooperationArea | int | Iterable[int] | None = None,
    party: Party | int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Public entries matching every word and phrase of ``query``, best first.

    Words are ANDed and stemmed (Norwegian), ``"…"`` is a phrase; anything else the user types
    is text, never syntax, so no query raises. An empty query finds nothing. Filters narrow the
    search to a partnership, a kind (``SearchEntry.Kind``), a year, a cooperation area (or any
    of several area ids) or a party (proposals sent to that party's bodies). Only the first
    ``CANDIDATE_LIMIT`` matches are ranked and paged (see ``total_is_exact``)."""
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    empty = SearchPage(query=query, page=page, per_page=per_page)
    parsed = parse_query(query)
    if not parsed or (kind is not None and kind not in SearchEntry.Kind.values):
        return empty
    filters = backends.Filters(
        partnership_id=_id(partnership),
        kind=kind,
        year=year,
        area_ids=_ids(area),
        party_id=_id(party),
    )
    cap = backends.CANDIDATE_LIMIT
    rows, found, overflow = _ranked_page(parsed, filters, page=page, per_page=per_page)
    return SearchPage(
        query=query,
        results=_results(rows, parsed.highlight_stems),
        total=min(found, cap),
        total_is_exact=found <= cap and not overflow,
        page=page,
        per_page=per_page,
    )

"""The full-text back ends: PostgreSQL (tsvector + GIN) and SQLite (FTS5 over Python stems).

Both answer one SQL statement per page: the matching candidates (bounded by
``CANDIDATE_LIMIT``, ranked), the total among them, and the page's rows with what a result
shows. Everything the user typed reaches the database as a bound parameter; the SQL text is
built from this module's constants and model metadata only (hence the ``noqa: S608``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.db import connection

from partnerskap.agreements.models import Partnership
from partnerskap.search.models import SearchEntry, SearchEntryArea, SearchEntryParty
from partnerskap.search.text import Query, stemmed_text

#: Only this many matches are ranked (docs/design.md, «Search ranking»); a query with more
#: matches reports ``CANDIDATE_LIMIT`` as a lower bound of its total.
CANDIDATE_LIMIT = 1000
#: PostgreSQL looks for a phrase among the first this many entries having all its words.
PHRASE_SCAN_LIMIT = 1000

#: A word search within one partnership and year walks the filter's b-tree when at least one
#: in ``WALK_RATIO`` of the first ``WALK_SAMPLE`` entries there matches (docs/design.md).
WALK_SAMPLE = 300
WALK_RATIO = 7

ENTRY = SearchEntry._meta.db_table
PARTNERSHIP = Partnership._meta.db_table
FTS = f"{ENTRY}_fts"
AREAS = (SearchEntryArea._meta.db_table, "entry_id", "area_id")
PARTIES = (SearchEntryParty._meta.db_table, "entry_id", "party_id")


#: Bound parameters: user text (str) and ids, years and limits (int).
Params = list[str | int]


@dataclass(frozen=True)
class Filters:
    partnership_id: int | None = None
    kind: str | None = None
    year: int | None = None
    #: Any of these areas (an empty tuple: no filter).
    area_ids: tuple[int, ...] = ()
    party_id: int | None = None

    def sql(self) -> tuple[str, Params]:
        """``AND …`` conditions on the entry ``e``."""
        where: list[str] = []
        params: Params = []
        for column, value in (
            ("partnership_id", self.partnership_id),
            ("kind", self.kind),
            ("year", self.year),
        ):
            if value is not None:
                where.append(f"e.{column} = %s")
                params.append(value)
        party_ids = () if self.party_id is None else (self.party_id,)
        relations = ((AREAS, self.area_ids), (PARTIES, party_ids))
        for (table, entry, target), ids in relations:
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                where.append(
                    f"EXISTS (SELECT 1 FROM {table} m "  # noqa: S608 - names from model meta
                    f"WHERE m.{entry} = e.id AND m.{target} IN ({marks}))"
                )
                params.extend(ids)
        return "".join(f" AND {w}" for w in where), params


@dataclass(frozen=True)
class Candidates:
    """Common table expressions ending in ``c`` (id, date, score; higher is better) with at most
    ``CANDIDATE_LIMIT + 1`` rows, and an SQL expression that is 1 when matches may have been
    left unexamined (so the total is only a lower bound)."""

    ctes: str
    params: Params
    overflow: str = "0"
    overflow_params: Params = field(default_factory=list)


class Backend(Protocol):
    def candidates(self, query: Query, filters: Filters) -> Candidates: ...

    def write(self, entries: Sequence[SearchEntry]) -> None:
        """Bring the full-text data of these (saved) entries up to date."""


class PostgresBackend:
    CONFIG = "'norwegian'::regconfig"

    def tsquery(self, query: Query, *, positions: bool = True) -> tuple[str, Params]:
        """The query as a tsquery; without ``positions`` a phrase is just all its words."""
        parts = []
        for group in query.groups:
            phrase = group.phrase and positions
            function = "phraseto_tsquery" if phrase else "plainto_tsquery"
            parts.append(f"{function}({self.CONFIG}, %s)")
        return "(" + " && ".join(parts) + ")", [g.raw for g in query.groups]

    def candidates(self, query: Query, filters: Filters) -> Candidates:
        tsquery, query_params = self.tsquery(query)
        where, where_params = filters.sql()
        limit = CANDIDATE_LIMIT + 1
        if not any(g.phrase and len(g.stems) > 1 for g in query.groups):
            if filters.partnership_id is not None and filters.year is not None:
                return self.walk_or_bitmap(tsquery, query_params, where, where_params)
            sql = (
                f"c AS (SELECT e.id, e.date, ts_rank(e.document, {tsquery}) AS score "  # noqa: S608
                f"FROM {ENTRY} e WHERE e.document @@ {tsquery}{where} LIMIT %s)"
            )
            return Candidates(sql, [*query_params, *query_params, *where_params, limit])
        # A phrase: the GIN index of ``document`` knows words, not positions, and PostgreSQL
        # estimates a phrase like its words together; when the words are common but the phrase
        # is rare it would check positions row by row through the whole table (~1 s at 1M
        # rows). So candidates (``w``) must also hold every pair of adjacent words of the
        # phrases (``word_pairs``, its own GIN index: one lookup for a rare pair of common
        # words), and positions are checked in the first PHRASE_SCAN_LIMIT of them. A phrase
        # without adjacent words (``plan for regionen``: a stop word between) has no pairs;
        # the condition is then constant true, which PostgreSQL folds away when planning.
        words, words_params = self.tsquery(query, positions=False)
        pairs, pairs_params = self.phrase_pairs(query)
        sql = (
            f"w AS (SELECT e.id, e.date, e.document FROM {ENTRY} e "  # noqa: S608
            f"WHERE e.document @@ {words} "
            f"AND (cardinality({pairs}) = 0 OR e.word_pairs @> {pairs}){where} LIMIT %s), "
            f"c AS (SELECT w.id, w.date, ts_rank(w.document, {tsquery}) AS score FROM w "
            f"WHERE w.document @@ {tsquery} LIMIT %s)"
        )
        params: Params = [
            *words_params,
            *pairs_params,
            *pairs_params,
            *where_params,
            PHRASE_SCAN_LIMIT,
        ]
        return Candidates(
            sql,
            [*params, *query_params, *query_params, limit],
            overflow="CASE WHEN (SELECT count(*) FROM w) >= %s THEN 1 ELSE 0 END",
            overflow_params=[PHRASE_SCAN_LIMIT],
        )

    def walk_or_bitmap(
        self, tsquery: str, query_params: Params, where: str, where_params: Params
    ) -> Candidates:
        """Words within one partnership and year: walk that b-tree when the words are common
        there, else intersect the GIN bitmap with it (what PostgreSQL would choose).

        For a word in a third of the entries the planner intersects the GIN bitmap of all its
        matches (340k at 1M rows) with the filter's, although checking the filter's entries
        one by one finds the first candidates after some 3,000. ``g`` decides from a sample:
        the first ``WALK_SAMPLE`` entries of the filter, walked if at least one in
        ``WALK_RATIO`` matches (or the filter has fewer entries than the sample). Only one
        branch of ``c`` runs (the other's one-time filter is false). ``ts_match_vq`` is
        ``@@`` as a function, which no index serves, so the walk cannot become the bitmap
        plan. Both plans read the entries in physical order (the b-tree keeps equal keys in
        heap order), so both give the same candidates."""
        limit = CANDIDATE_LIMIT + 1
        select = f"SELECT e.id, e.date, ts_rank(e.document, {tsquery}) AS score FROM {ENTRY} e"  # noqa: S608
        sql = (
            f"g AS (SELECT count(*) < %s "  # noqa: S608
            f"OR count(*) FILTER (WHERE ts_match_vq(s.document, {tsquery})) * %s >= count(*) "
            f"AS walk FROM (SELECT e.document FROM {ENTRY} e WHERE true{where} LIMIT %s) s), "
            f"c AS (({select} WHERE (SELECT walk FROM g) "
            f"AND ts_match_vq(e.document, {tsquery}){where} LIMIT %s) "
            f"UNION ALL ({select} WHERE NOT (SELECT walk FROM g) "
            f"AND e.document @@ {tsquery}{where} LIMIT %s))"
        )
        params: Params = [WALK_SAMPLE, *query_params, WALK_RATIO, *where_params, WALK_SAMPLE]
        for _branch in range(2):
            params += [*query_params, *query_params, *where_params, limit]
        return Candidates(sql, params)

    def phrase_pairs(self, query: Query) -> tuple[str, Params]:
        """The hashed adjacent word pairs of the query's phrases (an ``integer[]``), made
        from the same parse as ``document`` (migration ``0003_word_pairs``)."""
        phrases = [g.raw for g in query.groups if g.phrase and len(g.stems) > 1]
        parts = [f"search_word_pairs(to_tsvector({self.CONFIG}, %s))" for _ in phrases]
        return "(" + " || ".join(parts) + ")", list(phrases)

    def write(self, entries: Sequence[SearchEntry]) -> None:
        """Nothing to do: ``document`` is a generated column."""


class SqliteBackend:
    #: bm25 weights of the FTS5 columns (title, body), like PostgreSQL's A and B weights.
    WEIGHTS = "10.0, 1.0"

    def candidates(self, query: Query, filters: Filters) -> Candidates:
        """FTS5 keeps positions in its index, so phrases need no special care."""
        where, where_params = filters.sql()
        sql = (
            f"c AS (SELECT e.id, e.date, -bm25({FTS}, {self.WEIGHTS}) AS score "  # noqa: S608
            f"FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid "
            f"WHERE {FTS} MATCH %s{where} LIMIT %s)"
        )
        return Candidates(sql, [query.fts5(), *where_params, CANDIDATE_LIMIT + 1])

    def write(self, entries: Sequence[SearchEntry]) -> None:
        if not entries:
            return
        with connection.cursor() as cursor:
            ids = [e.pk for e in entries]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [(e.pk, stemmed_text(e.title), stemmed_text(e.body)) for e in entries],
            )


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    msg = f"Search supports PostgreSQL and SQLite, not {connection.vendor}."
    raise NotImplementedError(msg)


def page_sql(query: Query, filters: Filters, *, limit: int, offset: int) -> tuple[str, Params]:
    """One statement: the candidates' total, whether matches were left unexamined, and the
    page's rows, best first. The first row is there even when the page is past the end (every
    column but ``total`` and ``overflow`` is then NULL)."""
    found = backend().candidates(query, filters)
    sql = (
        f"WITH {found.ctes}, "  # noqa: S608 - our SQL; user text is bound
        "pg AS (SELECT id, date, score FROM c ORDER BY score DESC, date DESC, id DESC "
        "LIMIT %s OFFSET %s) "
        "SELECT t.total, t.overflow, e.id, e.kind, e.object_id, e.title, e.body, e.url, e.date, "
        "pp.name, pp.slug "
        f"FROM (SELECT (SELECT count(*) FROM c) AS total, {found.overflow} AS overflow) t "
        "LEFT JOIN pg ON 1 = 1 "
        f"LEFT JOIN {ENTRY} e ON e.id = pg.id "
        f"LEFT JOIN {PARTNERSHIP} pp ON pp.id = e.partnership_id "
        "ORDER BY pg.score DESC, pg.date DESC, pg.id DESC"
    )
    return sql, [*found.params, limit, offset, *found.overflow_params]

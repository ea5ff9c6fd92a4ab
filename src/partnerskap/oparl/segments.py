"""The parts an OParl list is made of (see ``sources``): a scope and its segments."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.prepared import Condition, Prepared, prepare

OParlObject = schema.Common | schema.Tombstone
Render = Callable[[list[Any]], list[OParlObject]]


@dataclass(frozen=True)
class Scope:
    """One body (a public partnership) as seen from one request's host. ``memo`` keeps what
    one request reads once and uses in several queries (the body's parties, committees …)."""

    partnership: Partnership
    urls: Urls
    memo: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def pk(self) -> int:
        return self.partnership.pk


@dataclass(frozen=True)
class Segment:
    """Rows of one table in a stable order (primary key), annotated with the ``oparl_created``
    and ``oparl_modified`` their objects show, and how to render a page of them in a fixed
    number of queries. The queryset is built only when the segment is used."""

    oparl_type: str
    kind: str
    make: Callable[[], QuerySet[Any]]
    render: Render
    deleted: bool = False  # rows are deleted objects: listed only with modified_since
    #: Set when ``make`` depends on nothing but this key (primary keys, constants; never on
    #: data read from the database): the queryset is then built once per process, and its
    #: SQL compiled once (``prepared``).
    template: Hashable | None = None

    @functools.cached_property
    def queryset(self) -> QuerySet[Any]:
        if self.template is None:
            return self.make()
        return template(self.template_key, self.make)

    @property
    def template_key(self) -> Hashable:
        """Where the queryset is kept: the function that makes it (two segments of one type
        and kind, as the withdrawn items and the tombstones of agenda items, have different
        ones) and the segment's key."""
        made_by = (self.make.__module__, self.make.__qualname__)
        return ("segment", *made_by, self.oparl_type, self.kind, self.deleted, self.template)

    @property
    def prepared(self) -> Prepared | None:
        """The queryset's SQL compiled once per process, with its key as ``oparl_pk``; None
        for a segment without a template (its queryset is built for each request)."""
        if self.template is None:
            return None

        def build() -> QuerySet[Any]:
            queryset = self.make()
            if tuple(queryset.query.order_by) != ("pk",):  # pages are cut by the key
                msg = f"{self.oparl_type} rows must be ordered by their key"
                raise ValueError(msg)
            return cast(QuerySet[Any], queryset.annotate(oparl_pk=F("pk")))

        return prepare(("prepared", self.template_key), build)

    def keys(self, conditions: Sequence[Condition]) -> Prepared | None:
        """What a page or a count chooses its rows from: without conditions, only the key
        column (``oparl_pk``) of the queryset's rows, with no subqueries to plan."""
        if self.template is None:
            return None
        if conditions:
            return self.prepared

        def build() -> QuerySet[Any]:
            keyed = cast(QuerySet[Any], self.make().annotate(oparl_pk=F("pk")))
            return keyed.values_list("oparl_pk")

        return prepare(("keys", self.template_key), build)

    def narrowed(self, conditions: Sequence[Condition]) -> QuerySet[Any]:
        """The queryset with the list filters' ``conditions`` (an ORM lookup each)."""
        lookups = {f"{column}__{_LOOKUP[op]}": value for column, op, value in conditions}
        return self.queryset.filter(**lookups)

    def rows(self, conditions: Sequence[Condition], low: int, high: int) -> list[Any]:
        """Rows ``low`` to ``high`` (exclusive) of those meeting ``conditions``."""
        prepared = self.prepared
        if prepared is None:
            return list(self.narrowed(conditions)[low:high])
        return prepared.page("oparl_pk", conditions, low, high, keys=self.keys(conditions))


_LOOKUP: Final = {">=": "gte", "<=": "lte"}


#: How many query templates a process keeps (a few per list and body).
MAX_TEMPLATES: Final = 512
_templates: dict[Hashable, QuerySet[Any]] = {}
_templates_lock = threading.Lock()


def template(key: Hashable, build: Callable[[], QuerySet[Any]]) -> QuerySet[Any]:
    """A fresh copy of the queryset ``build`` makes, built once per process under ``key``.

    Building a Django queryset with subqueries (filters resolved into joins, expressions
    resolved and relabelled) costs milliseconds, more than running it; a list's querysets
    are the same for every request to a body. ``build`` must depend on nothing but ``key``
    (primary keys and constants, never rows read from the database). The kept queryset is
    never evaluated: callers get a clone (``all()``), so results are never shared."""
    found = _templates.get(key)
    if found is None:
        built = build()
        with _templates_lock:
            if len(_templates) >= MAX_TEMPLATES:
                _templates.clear()
            found = _templates.setdefault(key, built)
    return found.all()


_compiled: dict[Hashable, tuple[str, tuple[Any, ...]]] = {}


def compiled(key: Hashable, build: Callable[[], QuerySet[Any]]) -> tuple[str, tuple[Any, ...]]:
    """The SQL of ``build()``, compiled once per process under ``key`` (the rules of
    ``template`` apply)."""
    compiled_key = (key, connection.vendor)
    compiled = _compiled.get(compiled_key)
    if compiled is None:
        queryset = build()
        compiled = queryset.query.get_compiler(using=queryset.db).as_sql()
        with _templates_lock:
            if len(_compiled) >= MAX_TEMPLATES:
                _compiled.clear()
            _compiled[compiled_key] = compiled
    return compiled


def primary_keys(
    sets: Mapping[str, tuple[Hashable, Callable[[], QuerySet[Any]]]],
) -> dict[str, list[int]]:
    """For each name, the first column (primary keys) of the rows of its ``build()``, all in
    one query, with each SQL compiled once per process under its key: for the small sets a
    request reads before its lists (a body's parties, seats, committees), whose querysets
    cost more to compile, and to send one by one, than to run."""
    if not sets:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    for index, (key, build) in enumerate(sets.values()):
        sql, part_params = compiled(key, build)
        # Only SQL Django compiled, with its parameters bound by the driver.
        parts.append(f"SELECT {index}, oparl_set.* FROM ({sql}) oparl_set")  # noqa: S608
        params.extend(part_params)
    found: dict[str, list[int]] = {name: [] for name in sets}
    names = list(sets)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for index, pk in cursor.fetchall():
            found[names[index]].append(pk)
    return found


def counts(segments: Sequence[Segment], conditions: Sequence[Condition]) -> list[int]:
    """How many rows of each segment meet ``conditions``, in one query (a list made of several
    tables counts each; every query is a round trip to the database)."""
    parts: list[str] = []
    params: list[Any] = []
    for segment in segments:
        keys = segment.keys(conditions)
        if keys is not None:
            part, part_params = keys.count_sql(conditions)
            parts.append(part)
            params.extend(part_params)
            continue
        lean = segment.narrowed(conditions).values("pk").order_by()
        try:
            sql, lean_params = lean.query.get_compiler(using=lean.db).as_sql()
        except EmptyResultSet:  # a filter no row can match (``pk__in=[]``)
            parts.append("0")
            continue
        # Only SQL Django compiled, with its parameters bound by the driver.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) oparl_count)")  # noqa: S608
        params.extend(lean_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [int(n) for n in row]

"""Querysets compiled to SQL once per process and run inside larger SQL.

Compiling a list's querysets (their annotations are correlated subqueries) cost 0.5–2 ms of
CPU on every page, more than PostgreSQL took to run them; they depend only on a body's key,
so their SQL does not change between requests. ``prepare`` compiles a queryset once (under a
key, as ``segments.template`` keeps querysets) and a request runs that SQL as a derived table
with what varies added around it: the list filters, the page, the keys of a page's meetings.

The rows come back as the queryset would have given them: Django's converters applied (SQLite
returns dates as text), model instances made as ``ModelIterable`` makes them (``select_related``
objects and annotations included, prefetches done with ``prefetch_related_objects``) or tuples
for a ``values_list``. ``tests/oparl/test_prepared.py`` proves it for every segment.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import DateTimeField, Model, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

#: How many prepared queries a process keeps (a few per list and body).
MAX_PREPARED: Final = 1024

#: A condition on a stamp column of the derived table: (column, operator, value), e.g.
#: ``("oparl_modified", ">=", moment)`` for ``modified_since``.
Condition = tuple[str, str, dt.datetime]
OPERATORS: Final = frozenset({">=", "<="})

_STAMP = DateTimeField()


@dataclass(frozen=True)
class Prepared:
    """A queryset's SQL (without ordering) and what turns its raw rows into its results.
    ``sql`` is ``None`` when the queryset can match no row (``pk__in=[]``)."""

    sql: str | None
    params: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    make: Callable[[list[Any]], list[Any]] | None  # raw rows → instances (model querysets)
    prefetch: tuple[Any, ...]

    def run(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """Run ``sql`` (which selects every column of this query, in order) and return the
        rows as the queryset would: instances, or tuples for a values_list."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[Any] = cursor.fetchall()
        if self.converters:
            rows = [self._convert(row) for row in rows]
        if self.make is None:
            return [tuple(row) for row in rows]
        objects = self.make(rows)
        if self.prefetch and objects:
            prefetch_related_objects(objects, *self.prefetch)
        return objects

    def _convert(self, row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for position, functions, expression in self.converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        return values

    def where_in(
        self, columns: str | Sequence[str], keys: Iterable[Any], *, order: Sequence[str] = ()
    ) -> list[Any]:
        """The rows whose ``columns`` (one, or any of several) hold one of ``keys``, ordered
        by the ``order`` columns (by the database, in its collation), else in no order."""
        found = list(keys)
        if self.sql is None or not found:
            return []
        names = [columns] if isinstance(columns, str) else list(columns)
        marks = ", ".join(["%s"] * len(found))
        where = " OR ".join(f"s.{_name(name)} IN ({marks})" for name in names)
        sql = f"SELECT s.* FROM ({self.sql}) s WHERE {where}"  # noqa: S608
        if order:
            sql += " ORDER BY " + ", ".join(f"s.{_name(name)}" for name in order)
        return self.run(sql, [*self.params, *(found * len(names))])

    def count_sql(self, conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
        """A scalar subquery counting the rows that meet ``conditions``."""
        if self.sql is None:
            return "0", []
        where, params = _where("c", conditions)
        sql = f"(SELECT COUNT(*) FROM ({_fenced(self.sql, conditions)}) c{where})"  # noqa: S608
        return sql, [*self.params, *params]

    def page(
        self,
        key: str,
        conditions: Sequence[Condition],
        low: int,
        high: int,
        *,
        keys: Prepared | None = None,
    ) -> list[Any]:
        """Rows ``low`` to ``high`` (exclusive), in the order of column ``key``, of those that
        meet ``conditions``. Past the first page, the page's keys are chosen first, from
        ``keys`` (the same rows, only their ``key`` column: no subqueries to plan) when
        given, so that the stamps' subqueries run for the page's rows only, not for every
        row skipped; the database leaves out the columns that choosing does not use."""
        chooser = keys or self
        if self.sql is None or chooser.sql is None or high <= low:
            return []
        pk = _name(key)
        where, params = _where("t", conditions)
        if low == 0:
            table = _fenced(self.sql, conditions)
            sql = f"SELECT t.* FROM ({table}) t{where} ORDER BY t.{pk} LIMIT %s"  # noqa: S608
            return self.run(sql, [*self.params, *params, high])
        table = _fenced(chooser.sql, conditions)
        sql = (
            f"SELECT s.* FROM ({self.sql}) s WHERE s.{pk} IN ("  # noqa: S608
            f"SELECT t.{pk} FROM ({table}) t{where} ORDER BY t.{pk} LIMIT %s OFFSET %s"
            f") ORDER BY s.{pk}"
        )
        return self.run(sql, [*self.params, *chooser.params, *params, high - low, low])


def _name(column: str) -> str:
    return str(connection.ops.quote_name(column))


def _fenced(sql: str, conditions: Sequence[Condition]) -> str:
    """``sql`` as a derived table that conditions on its stamps are applied *to*, not pushed
    into: PostgreSQL would push ``oparl_modified >= …`` into the query and, unable to
    estimate the stamp's subqueries, plan the whole query around it (a page of papers with
    ``modified_since`` took 13 ms instead of 1). An ``OFFSET 0`` keeps the query as planned
    without conditions (SQLite needs a ``LIMIT`` before it)."""
    if not conditions:
        return sql
    no_limit = connection.ops.no_limit_value()
    limit = "" if no_limit is None else f"LIMIT {no_limit} "
    return f"{sql} {limit}OFFSET 0"


def _where(alias: str, conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
    """``WHERE`` over stamp columns, with the values adapted as Django adapts them for a
    ``DateTimeField`` lookup (so that SQLite compares the same text)."""
    if not conditions:
        return "", []
    parts, params = [], []
    for column, operator, value in conditions:
        if operator not in OPERATORS:
            msg = f"unknown operator {operator!r}"
            raise ValueError(msg)
        parts.append(f"{alias}.{_name(column)} {operator} %s")
        params.append(_STAMP.get_db_prep_value(value, connection, prepared=False))
    return " WHERE " + " AND ".join(parts), params


_prepared: dict[Hashable, Prepared] = {}
_lock = threading.Lock()


def prepare(key: Hashable, build: Callable[[], QuerySet[Any]]) -> Prepared:
    """``build()`` compiled once per process and database vendor under ``key``. ``build``
    must depend on nothing but ``key`` (primary keys and constants, never rows read from the
    database: the rule of ``segments.template``)."""
    full_key = (key, connection.vendor)
    found = _prepared.get(full_key)
    if found is None:
        found = _compile(build().order_by())
        with _lock:
            if len(_prepared) >= MAX_PREPARED:
                _prepared.clear()
            _prepared[full_key] = found
    return found


def _compile(queryset: QuerySet[Any]) -> Prepared:
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    if sql is None:
        return Prepared(None, (), (), None, ())
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = tuple(
        (position, tuple(functions), expression)
        for position, (functions, expression) in compiler.get_converters(fields).items()
    )
    make = None
    iterable = queryset._iterable_class
    if issubclass(iterable, ModelIterable):
        make = _instance_maker(compiler, queryset.db)
    elif iterable is not ValuesListIterable:  # rows come back as tuples
        msg = f"prepare takes querysets of instances or of tuples, not {iterable.__name__}"
        raise TypeError(msg)
    return Prepared(
        sql=sql,
        params=tuple(params),
        converters=converters,
        make=make,
        prefetch=tuple(queryset._prefetch_related_lookups),  # type: ignore[attr-defined]
    )


def _instance_maker(compiler: Any, db: str) -> Callable[[list[Any]], list[Any]]:
    """What ``ModelIterable`` does with each row, set up once."""
    select, klass_info = compiler.select, compiler.klass_info
    annotations = tuple(compiler.annotation_col_map.items())
    model: type[Model] = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    # Django 5.2's signature (the stubs follow 6.0, which adds ``fetch_mode``).
    related = get_related_populators(klass_info, select, db)  # type: ignore[call-arg]

    def make(rows: list[Any]) -> list[Any]:
        objects = []
        for row in rows:
            obj = model.from_db(db, names, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    return make

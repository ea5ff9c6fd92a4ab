"""Sortable list tables: ``?sorter=<column>`` or ``?sorter=-<column>`` (descending).

A list declares its columns once: the query parameter's value, the header's label and the
fields it orders by. ``Sorting`` reads the request, gives ``order_by`` (always ending in the
primary key, so pages never shuffle rows between them) and the headers for the template,
each a link that keeps the list's filters, goes back to page one and says its current
direction with ``aria-sort`` (WCAG 1.3.1: the order is announced, not only drawn)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from django.db.models import F, Model, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from django.utils.functional import Promise

M = TypeVar("M", bound=Model)

PARAM = "sorter"
PAGE_PARAM = "side"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    fields: tuple[str, ...] = ()

    @property
    def sortable(self) -> bool:
        return bool(self.fields)


@dataclass(frozen=True)
class Header:
    label: str | Promise
    url: str
    #: ``ascending``, ``descending`` or ``""`` (not the sorted column; no ``aria-sort``).
    aria_sort: str


class Sorting:
    def __init__(self, request: HttpRequest, columns: list[Column], default: str) -> None:
        self.columns = {c.key: c for c in columns}
        self._order = columns
        wanted = request.GET.get(PARAM, "")
        key = wanted.removeprefix("-")
        if key not in self.columns or not self.columns[key].sortable:
            wanted, key = default, default.removeprefix("-")
        self.key = key
        self.descending = wanted.startswith("-")
        self._query = {k: v for k, v in request.GET.items() if k not in (PARAM, PAGE_PARAM)}

    @property
    def value(self) -> str:
        """The current ``sorter`` value."""
        return f"-{self.key}" if self.descending else self.key

    def order_by(self) -> list[OrderBy]:
        fields = (*self.columns[self.key].fields, "pk")
        return [
            F(f).desc(nulls_last=True) if self.descending else F(f).asc(nulls_last=True)
            for f in fields
        ]

    def apply(self, queryset: QuerySet[M]) -> QuerySet[M]:
        return queryset.order_by(*self.order_by())

    def headers(self) -> list[Header]:
        headers = []
        for column in self._order:
            if not column.sortable:
                headers.append(Header(column.label, "", ""))
                continue
            current = column.key == self.key
            # A click on the sorted column turns it; on another, sorts by it ascending.
            target = column.key if not current or self.descending else f"-{column.key}"
            url = "?" + urlencode({**self._query, PARAM: target})
            direction = ("descending" if self.descending else "ascending") if current else ""
            headers.append(Header(column.label, url, direction))
        return headers

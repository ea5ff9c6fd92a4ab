"""List pages (spec 2.5): filters, pages and their links.

* Every list is paginated: ``data``, ``pagination`` and ``links``; ``links.next`` on every page
  but the last, and ``first``, ``prev``, ``self`` and ``last`` as well.
* The order is stable: segment by segment (see ``sources``), each by primary key.
* ``created_since``, ``created_until``, ``modified_since`` and ``modified_until`` take a full
  date-time (spec 2.4) and are carried into every link, in one canonical spelling (ISO 8601
  with the client's own offset, «Z» as «+00:00») and order.
* With ``modified_since``, deleted objects are listed as well, after the live ones (spec 2.8);
  without it they are left out.
* ``elementsPerPage`` may ask for smaller pages (at most ``MAX_PER_PAGE``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict

from partnerskap.oparl import schema
from partnerskap.oparl.segments import Segment

DEFAULT_PER_PAGE: Final = 50
MAX_PER_PAGE: Final = 100
FILTERS: Final = ("created_since", "created_until", "modified_since", "modified_until")
_LOOKUPS: Final = {
    "created_since": "oparl_created__gte",
    "created_until": "oparl_created__lte",
    "modified_since": "oparl_modified__gte",
    "modified_until": "oparl_modified__lte",
}


class BadRequestError(ValueError):
    """A malformed query parameter; answered with 400."""


class PageNotFoundError(LookupError):
    """A page past the last; answered with 404."""


def parse_date_time(name: str, raw: str) -> dt.datetime:
    """A full date-time with its offset. A «+» that arrived unencoded (as a space) is read as
    the «+» it was meant to be; «Z» is accepted."""
    text = raw.strip().replace(" ", "+")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        msg = f"{name} needs a full date-time with its offset, e.g. 2024-01-01T00:00:00+01:00"
        raise BadRequestError(msg)
    return value


def _positive(name: str, raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        msg = f"{name} must be a positive whole number"
        raise BadRequestError(msg)
    return int(raw)


@dataclass(frozen=True)
class Query:
    """A list request: its filters, its page and the page size."""

    filters: dict[str, dt.datetime]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_params(cls, params: QueryDict) -> Query:
        raw = {name: str(params.get(name, "")) for name in (*FILTERS, "page", "elementsPerPage")}
        filters = {name: parse_date_time(name, raw[name]) for name in FILTERS if raw[name]}
        page = _positive("page", raw["page"]) if raw["page"] else 1
        per_page = DEFAULT_PER_PAGE
        if raw["elementsPerPage"]:
            per_page = min(_positive("elementsPerPage", raw["elementsPerPage"]), MAX_PER_PAGE)
        return cls(filters=filters, page=page, per_page=per_page)

    def url(self, base: str, page: int) -> str:
        """The canonical URL of a page: filters in a fixed order, then size, then page."""
        params: list[tuple[str, str]] = [
            (name, self.filters[name].isoformat()) for name in FILTERS if name in self.filters
        ]
        if self.per_page != DEFAULT_PER_PAGE:
            params.append(("elementsPerPage", str(self.per_page)))
        if page > 1:
            params.append(("page", str(page)))
        return f"{base}?{urlencode(params)}" if params else base

    def includes_deleted(self) -> bool:
        return "modified_since" in self.filters

    def narrow(self, segment: Segment) -> QuerySet[Any]:
        lookups = {_LOOKUPS[name]: value for name, value in self.filters.items()}
        return segment.queryset.filter(**lookups)


def page(segments: list[Segment], query: Query, base: str) -> dict[str, Any]:
    """One page of the list made of ``segments``, as JSON-ready data. Counting takes one query
    per segment, and a page reads only the segments it overlaps."""
    chosen = [s for s in segments if query.includes_deleted() or not s.deleted]
    querysets = [query.narrow(s) for s in chosen]
    counts = [qs.count() for qs in querysets]
    total = sum(counts)
    pages = max(1, math.ceil(total / query.per_page))
    if query.page > pages:
        msg = f"page {query.page} of {pages}"
        raise PageNotFoundError(msg)
    start = (query.page - 1) * query.per_page
    end = start + query.per_page
    data: list[dict[str, Any]] = []
    offset = 0
    for segment, queryset, count in zip(chosen, querysets, counts, strict=True):
        low, high = max(start - offset, 0), min(end - offset, count)
        offset += count
        if low >= high:
            continue
        rows = list(queryset[low:high])
        data.extend(dump(obj) for obj in segment.render(rows))
    links = {"first": query.url(base, 1), "self": query.url(base, query.page)}
    if query.page > 1:
        links["prev"] = query.url(base, query.page - 1)
    if query.page < pages:
        links["next"] = query.url(base, query.page + 1)
    links["last"] = query.url(base, pages)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": query.per_page,
            "currentPage": query.page,
            "totalPages": pages,
        },
        "links": links,
    }


_FIRST: Final = ("id", "type")
_LAST: Final = ("keyword", "license", "web", "created", "modified", "deleted")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """``id`` and ``type`` first and the common properties last, as in the specification's
    examples, embedded objects included (order carries no meaning, but people read this)."""
    out: dict[str, Any] = {key: data[key] for key in _FIRST if key in data}
    for key, value in data.items():
        if key in _FIRST or key in _LAST:
            continue
        if isinstance(value, dict) and "type" in value:
            out[key] = _ordered(value)
        elif isinstance(value, list):
            out[key] = [_ordered(v) if isinstance(v, dict) and "type" in v else v for v in value]
        else:
            out[key] = value
    out.update((key, data[key]) for key in _LAST if key in data)
    return out


def dump(obj: schema.OParlModel) -> dict[str, Any]:
    """The JSON form: the specification's names, empty properties left out."""
    return _ordered(obj.model_dump(mode="json", by_alias=True, exclude_none=True))

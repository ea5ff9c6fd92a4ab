"""List pages (spec 2.5): filters, pages and their links.

* Every list is paginated: ``data``, ``pagination`` and ``links``; ``links.next`` on every page
  but the last, and ``first``, ``prev``, ``self`` and ``last`` as well.
* The order is stable: segment by segment (see ``sources``), each by primary key.
* ``created_since``, ``created_until``, ``modified_since`` and ``modified_until`` take a full
  date-time (spec 2.4) and are carried into every link, in one canonical spelling (ISO 8601
  with the client's own offset, «Z» as «+00:00») and order.
* With ``modified_since``, deleted objects are listed as well, after the live ones (spec 2.8);
  without it they are left out.
* Pages hold ``DEFAULT_PER_PAGE`` objects, fewer for the types in ``PER_PAGE``;
  ``elementsPerPage`` asks for other sizes (at most ``MAX_PER_PAGE``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from django.http import QueryDict
from pydantic_core import to_json

from partnerskap.core.params import parse_int
from partnerskap.oparl import schema
from partnerskap.oparl.prepared import Condition
from partnerskap.oparl.segments import Segment, counts

DEFAULT_PER_PAGE: Final = 50
#: Smaller pages for the types that embed many objects: a meeting embeds its agenda (10–20
#: items in a municipal council), a paper its consultations (one per party's body) and files.
#: A page then holds some 100–200 OParl objects, embedded ones included, whatever the list,
#: and costs about the same to make (docs/performance.md, «OParl»). Pagination is the
#: server's choice (spec 2.5); ``elementsPerPage`` asks for other sizes.
PER_PAGE: Final = {"Meeting": 10, "Paper": 20}
MAX_PER_PAGE: Final = 100
FILTERS: Final = ("created_since", "created_until", "modified_since", "modified_until")
#: Each filter's condition on a segment's stamps (column, operator).
_CONDITIONS: Final = {
    "created_since": ("oparl_created", ">="),
    "created_until": ("oparl_created", "<="),
    "modified_since": ("oparl_modified", ">="),
    "modified_until": ("oparl_modified", "<="),
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
    value = parse_int(raw)
    if value is None:
        msg = f"{name} must be a positive whole number"
        raise BadRequestError(msg)
    return value


@dataclass(frozen=True)
class Query:
    """A list request: its filters, its page and the page size."""

    filters: dict[str, dt.datetime]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    default_per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_params(cls, params: QueryDict, oparl_type: str = "") -> Query:
        raw = {name: str(params.get(name, "")) for name in (*FILTERS, "page", "elementsPerPage")}
        filters = {name: parse_date_time(name, raw[name]) for name in FILTERS if raw[name]}
        page = _positive("page", raw["page"]) if raw["page"] else 1
        default = PER_PAGE.get(oparl_type, DEFAULT_PER_PAGE)
        per_page = default
        if raw["elementsPerPage"]:
            per_page = min(_positive("elementsPerPage", raw["elementsPerPage"]), MAX_PER_PAGE)
        return cls(filters=filters, page=page, per_page=per_page, default_per_page=default)

    def url(self, base: str, page: int) -> str:
        """The canonical URL of a page: filters in a fixed order, then size, then page."""
        params: list[tuple[str, str]] = [
            (name, self.filters[name].isoformat()) for name in FILTERS if name in self.filters
        ]
        if self.per_page != self.default_per_page:
            params.append(("elementsPerPage", str(self.per_page)))
        if page > 1:
            params.append(("page", str(page)))
        return f"{base}?{urlencode(params)}" if params else base

    def includes_deleted(self) -> bool:
        return "modified_since" in self.filters

    def conditions(self) -> list[Condition]:
        return [(*_CONDITIONS[name], value) for name, value in self.filters.items()]


def page(
    segments: list[Segment],
    query: Query,
    base: str,
    objects: list[tuple[str, bytes]] | None = None,
) -> bytes:
    """One page of the list made of ``segments``, as JSON. Counting takes one query, and a
    page reads only the segments it overlaps. Each live object on the page is appended to
    ``objects`` as its ``id`` and its JSON, the bytes its own URL serves (``find`` renders it
    with the same segment); tombstones are not (a live object of the same id wins there)."""
    chosen = [s for s in segments if query.includes_deleted() or not s.deleted]
    conditions = query.conditions()
    sizes = counts(chosen, conditions)
    total = sum(sizes)
    pages = max(1, math.ceil(total / query.per_page))
    if query.page > pages:
        msg = f"page {query.page} of {pages}"
        raise PageNotFoundError(msg)
    start = (query.page - 1) * query.per_page
    end = start + query.per_page
    data: list[bytes] = []
    offset = 0
    for segment, count in zip(chosen, sizes, strict=True):
        low, high = max(start - offset, 0), min(end - offset, count)
        offset += count
        if low >= high:
            continue
        rows = segment.rows(conditions, low, high)
        for obj in segment.render(rows):
            content = encode(obj)
            data.append(content)
            if objects is not None and not segment.deleted:
                objects.append((obj.id, content))
    links = {"first": query.url(base, 1), "self": query.url(base, query.page)}
    if query.page > 1:
        links["prev"] = query.url(base, query.page - 1)
    if query.page < pages:
        links["next"] = query.url(base, query.page + 1)
    links["last"] = query.url(base, pages)
    rest = {
        "pagination": {
            "totalElements": total,
            "elementsPerPage": query.per_page,
            "currentPage": query.page,
            "totalPages": pages,
        },
        "links": links,
    }
    tail = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    return b'{"data":[' + b",".join(data) + b"]," + tail[1:].encode()


def encode(obj: schema.OParlModel) -> bytes:
    """The JSON form of an object: the specification's names, empty properties left out,
    UTF-8 without escapes (spec 2.5). Serialised by pydantic's core, several times faster
    than building dicts for ``json.dumps``; ``id`` and ``type`` come first (``schema``)."""
    return to_json(obj, by_alias=True, exclude_none=True)


def dump(obj: schema.OParlModel) -> dict[str, Any]:
    """The object as ``encode`` writes it, as a dict (for tests and comparisons)."""
    return obj.model_dump(mode="json", by_alias=True, exclude_none=True)

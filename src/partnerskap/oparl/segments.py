"""The parts an OParl list is made of (see ``sources``): a scope and its segments."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls

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

    @functools.cached_property
    def queryset(self) -> QuerySet[Any]:
        return self.make()

"""The ``oparl_created``/``oparl_modified`` annotations segments carry, and reading them back."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db.models import DateTimeField, F, Model, OuterRef, QuerySet, Subquery
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest

from partnerskap.oparl.models import Tombstone
from partnerskap.oparl.segments import Scope


def latest(queryset: QuerySet[Any], field: str = "modified") -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def newest(own: str, *later: Combinable) -> Combinable:
    """The latest of ``own`` and the (possibly empty) subqueries."""
    if not later:
        return F(own)
    out = DateTimeField()
    return Greatest(
        F(own), *(Coalesce(e, F(own), output_field=out) for e in later), output_field=out
    )


def stamped(queryset: QuerySet[Any], *later: Combinable) -> QuerySet[Any]:
    stamped = queryset.annotate(
        oparl_created=F("created"), oparl_modified=newest("modified", *later)
    )
    return cast(QuerySet[Any], stamped.order_by("pk"))


def deleted_children(scope: Scope, parent_type: str) -> Subquery:
    return latest(
        Tombstone.objects.filter(body=scope.pk, parent_type=parent_type, parent_pk=OuterRef("pk")),
        "deleted_at",
    )


def deleted_of_type(scope: Scope, oparl_type: str) -> Subquery:
    return latest(Tombstone.objects.filter(body=scope.pk, oparl_type=oparl_type), "deleted_at")


def created(row: Model) -> dt.datetime:
    """The ``oparl_created`` a segment's queryset annotated ``row`` with."""
    return cast(dt.datetime, row.__dict__["oparl_created"])


def modified(row: Model) -> dt.datetime:
    """The ``oparl_modified`` a segment's queryset annotated ``row`` with."""
    return cast(dt.datetime, row.__dict__["oparl_modified"])


def prefetched(row: Model, name: str) -> list[Any]:
    """What a ``Prefetch(..., to_attr=name)`` put on ``row``."""
    return cast(list[Any], row.__dict__[name])

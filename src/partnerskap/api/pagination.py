"""Keyset (cursor) pagination: every list has a fixed order ending in ``id``, and the cursor
holds the last row's values of that order. The next page is «rows after these values», an
indexed range scan however deep the client reads, and stable while rows are added.

The cursor is opaque to clients (base64url JSON of the ordering and the values); a cursor from
another list, or one that was edited, is refused with 400.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from partnerskap.core.params import parse_int

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 512

PARAMETERS = [
    OpenApiParameter(
        "cursor",
        {"type": "string", "minLength": 1, "maxLength": MAX_CURSOR_LENGTH},
        description="Opaque position from the `next` link of the previous page.",
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        description=f"Rows per page, 1–{MAX_LIMIT} (default {DEFAULT_LIMIT}).",
    ),
]


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    next: str | None


def _invalid(param: str, message: str) -> ValidationError:
    return ValidationError({param: [message]}, code="invalid")


def _limit(request: Request) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    limit = parse_int(raw, minimum=1, maximum=MAX_LIMIT)
    if limit is None:
        raise _invalid("limit", _("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
    return limit


class Keyset:
    """The fixed order of one list, e.g. ``Keyset("-sent_on", "-id")``; ``id`` comes last so
    that the order is total."""

    def __init__(self, *ordering: str) -> None:
        assert ordering[-1].lstrip("-") == "id", "a keyset ends with id"
        self.ordering = ordering
        self.fingerprint = ",".join(ordering)

    def paginate(self, queryset: QuerySet[M], request: Request) -> Page[M]:
        limit = _limit(request)
        rows = queryset.order_by(*self.ordering)
        cursor = request.query_params.get("cursor")
        if cursor is not None:
            rows = rows.filter(self._after(self._decode(cursor, queryset.model)))
        page = list(rows[: limit + 1])
        if len(page) <= limit:
            return Page(rows=page, next=None)
        page = page[:limit]
        url = request.build_absolute_uri()
        url = replace_query_param(url, "cursor", self._encode(page[-1]))
        return Page(rows=page, next=url)

    def _fields(self) -> list[tuple[str, bool]]:
        return [(name.lstrip("-"), name.startswith("-")) for name in self.ordering]

    def _after(self, values: list[Any]) -> Q:
        """Rows after ``values`` in this order: (a > x) or (a = x and b > y) or …"""
        alternatives = []
        fields = self._fields()
        for i, (name, descending) in enumerate(fields):
            equal = {fields[j][0]: values[j] for j in range(i)}
            lookup = f"{name}__lt" if descending else f"{name}__gt"
            alternatives.append(Q(**equal, **{lookup: values[i]}))
        return reduce(operator.or_, alternatives)

    def _encode(self, row: Model) -> str:
        values = []
        for name, _descending in self._fields():
            value = getattr(row, name)
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        raw = json.dumps({"o": self.fingerprint, "k": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _decode(self, cursor: str, model: type[Model]) -> list[Any]:
        refused = _invalid("cursor", _("This cursor is not valid here; start from the first page."))
        if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
            raise refused
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            data = json.loads(raw)
        except (binascii.Error, ValueError):
            raise refused from None
        fields = self._fields()
        if (
            not isinstance(data, dict)
            or data.get("o") != self.fingerprint
            or not isinstance(data.get("k"), list)
            or len(data["k"]) != len(fields)
        ):
            raise refused
        values = []
        for (name, _descending), value in zip(fields, data["k"], strict=True):
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise refused
            try:
                field = model._meta.get_field(name)
                assert isinstance(field, models.Field)
                values.append(field.to_python(value))
            except (DjangoValidationError, FieldDoesNotExist, OverflowError, ValueError):
                raise refused from None
            if isinstance(values[-1], int) and not 0 <= values[-1] < 2**63:
                raise refused
            if isinstance(values[-1], dt.datetime) and values[-1].tzinfo is None:
                raise refused
        return values

"""Whole numbers from the outside: path segments and query parameters.

A number a client typed is text until it is checked here: ASCII digits only (``"²".isdigit()``
is true, ``int("²")`` fails), and within bounds the database and the calendar can hold, so an
absurd value is «not found» or «not a valid value», never an overflow deep in a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

#: The largest id a 64-bit signed primary key can hold (PostgreSQL bigint, SQLite INTEGER).
MAX_ID: Final = 2**63 - 1
#: Years the system reasons about (the API's filters use the same range).
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2999
#: The deepest page number a paged list or search accepts (past the last page shows the last).
MAX_PAGE: Final = 100_000
_MAX_DIGITS: Final = len(str(MAX_ID))


def parse_int(raw: object, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``raw`` as a whole number in ``minimum..maximum``, or None when it is anything else
    (absent, empty, signed, not ASCII digits, out of range)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and 0 < len(raw) <= _MAX_DIGITS and raw.isascii() and raw.isdigit():
        value = int(raw)
    else:
        return None
    return value if minimum <= value <= maximum else None


def int_param(
    params: Mapping[str, object], name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """The query parameter ``name`` as a whole number in bounds, or None (see ``parse_int``)."""
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)


def year_param(params: Mapping[str, object], name: str) -> int | None:
    """The query parameter ``name`` as a year the system can hold, or None."""
    return int_param(params, name, minimum=MIN_YEAR, maximum=MAX_YEAR)


class IdConverter:
    """``<id:pk>``: a database id in a path. Digits beyond a 64-bit id do not match the route,
    so they are a 404 (Django's ``<id:>`` passes any length on to the database)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_int(value, minimum=0)
        if number is None:
            raise ValueError(value)  # no match: the resolver answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter(IdConverter):
    """``<year:year>``: a year in a path, four digits."""

    regex = "[0-9]{4}"


def register() -> None:
    """Make ``<id:…>`` and ``<year:…>`` available to every URL conf (once)."""
    from django.urls.converters import get_converters, register_converter  # noqa: PLC0415

    for name, converter in (("id", IdConverter), ("year", YearConverter)):
        if name not in get_converters():
            register_converter(converter, name)

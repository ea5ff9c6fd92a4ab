from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from partnerskap.core.operators import is_operator
from partnerskap.people import policy

register = template.Library()


@register.filter
def cell(row: dict[str, Any], key: str) -> Any:
    """A row's value under ``key`` (the export's rows are dicts)."""
    return row.get(key, "")


@register.filter
def readable(value: Any) -> Any:
    """An export's ISO time as the page shows times (7.12.2026 11:38); anything else as is."""
    if isinstance(value, str) and len(value) >= 16 and value[10:11] == "T":
        try:
            return dt.datetime.fromisoformat(value).strftime("%-d.%-m.%Y %H:%M")
        except ValueError:
            return value
    return value


@register.filter
def period_of(periods: dict[str, Any], kind: str) -> Any:
    return periods.get(kind)


@register.filter
def can_manage_personal_data(user: Any) -> bool:
    """Whether to show the «Personal data» link: operators, and anyone who is a secretariat
    today (read from the grants the page has already read, so no extra query)."""
    if is_operator(user) or getattr(user, "is_superuser", False):
        return True
    return any(g.role in policy.EDITING_ROLES for g in policy.grants(user))

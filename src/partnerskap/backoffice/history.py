"""History panels: the audit entries of one or more objects, newest first, with the fields
each change touched (``data["before"]``/``data["after"]`` where the service recorded them).
Every back-office detail page shows one; the full filterable log is the admin's audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q

from partnerskap.core.models import AuditEntry

LIMIT = 20


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Event:
    entry: AuditEntry
    changes: tuple[Change, ...]
    details: tuple[tuple[str, Any], ...]


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _event(entry: AuditEntry) -> Event:
    data: dict[str, Any] = entry.data if isinstance(entry.data, dict) else {}
    before = _mapping(data.get("before"))
    after = _mapping(data.get("after"))
    changes = tuple(
        Change(field, before.get(field), after.get(field))
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    )
    details = tuple(
        (key, value) for key, value in sorted(data.items()) if key not in {"before", "after"}
    )
    return Event(entry, changes, details)


def history_for(*targets: Model, limit: int = LIMIT) -> list[Event]:
    """The latest ``limit`` audit events of ``targets`` (one query)."""
    scope = Q(pk__in=[])
    for target in targets:
        scope |= Q(target_type=target._meta.label_lower, target_id=str(target.pk))
    entries = AuditEntry.objects.filter(scope).select_related("actor")[:limit]
    return [_event(e) for e in entries]

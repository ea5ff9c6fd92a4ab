"""History panels: the audit entries of one or more objects, newest first, each in words
(``core.actions``: a sentence, the fields it changed with labels and human values before →
after, and its details). Every back-office detail page shows one; the full filterable log is
the admin's audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q

from partnerskap.core import actions
from partnerskap.core.actions import Change
from partnerskap.core.models import AuditEntry

LIMIT = 20


@dataclass(frozen=True)
class Event:
    entry: AuditEntry
    sentence: str
    changes: tuple[Change, ...]
    details: tuple[tuple[str, str], ...]


def history_for(*targets: Model, limit: int = LIMIT) -> list[Event]:
    """The latest ``limit`` audit events of ``targets`` in words (one query for the entries,
    one per kind of name they refer to)."""
    scope = Q(pk__in=[])
    for target in targets:
        scope |= Q(target_type=target._meta.label_lower, target_id=str(target.pk))
    entries = list(AuditEntry.objects.filter(scope).select_related("actor")[:limit])
    return [
        Event(entry, d.sentence, d.changes, d.details)
        for entry, d in zip(entries, actions.describe(entries), strict=True)
    ]

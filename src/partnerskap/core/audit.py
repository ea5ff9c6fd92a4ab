"""The audit log: services call ``record`` inside their transaction, after the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from partnerskap.core.models import AuditEntry

Actor = User | AnonymousUser | None


def record(
    action: str,
    *,
    actor: Actor,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry: ``action`` is a dotted code such as ``agreements.version.imported``."""
    user = actor if isinstance(actor, User) else None
    entry = AuditEntry(action=action, actor=user, data=data or {})
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:300]
    entry.save()
    return entry


def user_of(actor: Actor) -> User | None:
    """The logged-in user behind an actor, or None for the system and anonymous visitors."""
    return actor if isinstance(actor, User) else None

"""The exempt access log: who opened a closed item or an exempt document, and where (L3, L8).

Surfaces that show exempt content on the strength of ``people.policy.can_read_exempt`` call
``exempt_access_record`` when they do: the item's back-office page, a file download that only
exempt access allows, an API answer with a closed item's content. Nothing is logged for a user
who saw only the public form (the neutral title). There is no way to change or delete an entry
(``core.models.ExemptAccess``).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from partnerskap.core.models import ExemptAccess

Surface = ExemptAccess.Surface


def exempt_access_record(
    *,
    user: User | AnonymousUser,
    target: models.Model,
    surface: str,
    label: str = "",
    partnership_id: int | None = None,
    path: str = "",
) -> ExemptAccess | None:
    """Append one entry for ``user`` opening ``target`` through ``surface``. ``label`` is a
    neutral name (a case number, a file's id and variant), never the content's title."""
    if not isinstance(user, User):
        return None  # only a signed-in user can be granted exempt access
    entry = ExemptAccess(
        user=user,
        username=user.get_username(),
        surface=surface,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=label[:200],
        partnership_id=partnership_id,
        path=path[:500],
    )
    entry.full_clean()
    entry.save()
    return entry

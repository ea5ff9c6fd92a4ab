"""What a backup holds of the database, in which order, and how a value is written.

Every table of an installed model is in a backup (auto-created many-to-many tables too, as
tables of their own), except the ones ``EXCLUDED`` names with the reason. Rows are written
with their primary keys, so no foreign key needs translating on restore; the tables that
``migrate`` fills by itself (``REPLACED``) are emptied on restore and filled with the backup's
rows, so the restored database has the same ids and the same corrections an operator made to
reference data (a legal basis's wording) as the one backed up.

A value is written as JSON in a form that both SQLite and PostgreSQL give back the same:
date-times in ISO 8601 with microseconds and offset, decimals as strings with their scale,
UUIDs as strings, binary data as base64, durations as Django writes them, JSON values as
themselves with sorted keys. The same rows therefore give the same bytes (and checksum) on
either database; Django's own serializers would cut date-times to milliseconds.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.duration import duration_string

Model = type[models.Model]

#: Tables left out, with the reason (also written into every manifest and docs/operations.md).
EXCLUDED: dict[str, str] = {
    "sessions.session": (
        "sign-in sessions: short-lived credentials; after a restore everyone signs in again"
    ),
}

#: Tables that ``migrate`` fills (post-migrate signals and data migrations): on restore their
#: rows are replaced by the backup's.
REPLACED: tuple[str, ...] = (
    "contenttypes.contenttype",
    "auth.permission",
    "core.legalbasis",
    "agreements.sustainabledevelopmentgoal",
    "privacy.retentionperiod",
)


def label(model: Model) -> str:
    return model._meta.label_lower


def fields(model: Model) -> list[models.Field[Any, Any]]:
    """The columns of the model's own table that the application writes."""
    return [f for f in model._meta.local_concrete_fields if not f.generated]


def _candidates() -> list[Model]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.append(model)
    return sorted(found, key=label)


def _dependencies(model: Model, known: set[str]) -> set[str]:
    """The tables this table's rows point at (through a parent link or a foreign key)."""
    needed: set[str] = set()
    for field in fields(model):
        if field.remote_field is not None and field.concrete:
            target = field.remote_field.model
            if isinstance(target, type) and label(target) in known:
                needed.add(label(target))
    needed.discard(label(model))
    return needed


def _ordered(candidates: Iterable[Model]) -> list[Model]:
    """Dependencies first (the order of a restore that checked foreign keys row by row),
    alphabetical among equals; a circle is broken at its alphabetically first table (a
    restore runs in one transaction and both databases check foreign keys at its end)."""
    by_label = {label(m): m for m in candidates}
    waiting = {name: _dependencies(model, set(by_label)) for name, model in by_label.items()}
    ordered: list[Model] = []
    while waiting:
        ready = sorted(name for name, needs in waiting.items() if not needs)
        if not ready:
            ready = [min(waiting)]
        for name in ready:
            ordered.append(by_label[name])
            del waiting[name]
        for needs in waiting.values():
            needs.difference_update(ready)
    return ordered


def backed_up() -> list[Model]:
    """The tables a backup holds, in the order they are written and restored."""
    return _ordered(m for m in _candidates() if label(m) not in EXCLUDED)


def excluded() -> list[Model]:
    return [m for m in _candidates() if label(m) in EXCLUDED]


# ---------------------------------------------------------------- values


def encode(value: Any) -> Any:
    """A column's value (as the ORM reads it) as JSON, the same from either database."""
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    msg = f"No backup format for a value of type {type(value).__name__}."
    raise TypeError(msg)


def decoder(field: models.Field[Any, Any]) -> Any:
    """A function from the JSON form back to the value the ORM writes."""
    if isinstance(field, models.JSONField):
        return lambda value: value
    if isinstance(field, models.ForeignKey):
        field = field.target_field

    def decode(value: Any) -> Any:
        return None if value is None else field.to_python(value)

    return decode

"""The seam before a delete: another app may keep a trace of a row that goes (OParl leaves a
tombstone for a row it showed, spec 2.8), and it must write that trace while the row still
exists, in the deleting transaction. The app registers a recorder for its models in its own
``AppConfig.ready()``; whoever deletes deletes through ``delete(obj)`` (or calls ``record(obj)``
first, in the same transaction), and the admin's deletes do so too
(``core.admin_actions.RecordDeletionMixin``). ``core`` and the domain import none of the
recorders, as with the after-commit events (``core.events``).

This is not a Django signal: the project keeps row-creating side effects out of signals, and a
recorder runs only where a delete is asked for by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Model

Recorder = Callable[[Model], object]

_recorders: dict[type[Model], list[Recorder]] = {}


def register(model: type[Model], recorder: Recorder) -> None:
    """Call ``recorder(obj)`` before every ``obj`` of ``model`` is deleted (from ``ready()``).
    Registering the same recorder twice keeps one."""
    recorders = _recorders.setdefault(model, [])
    if recorder not in recorders:
        recorders.append(recorder)


def recorders(model: type[Model]) -> list[Recorder]:
    return list(_recorders.get(model, ()))


def record(obj: Model) -> None:
    """Let every recorder of ``obj``'s model write its trace; call inside the deleting
    transaction, before the delete. A model nobody records is a no-op."""
    for recorder in _recorders.get(type(obj), ()):
        recorder(obj)


def delete(obj: Model) -> None:
    """Record, then delete ``obj``, in one transaction."""
    with transaction.atomic():
        record(obj)
        obj.delete()


def delete_all(objects: Iterable[Model]) -> None:
    """``delete`` for each object, in one transaction: all are recorded before any goes (a
    recorder sees the others still there, as a queryset's delete would leave them)."""
    rows = list(objects)
    with transaction.atomic():
        for obj in rows:
            record(obj)
        for obj in rows:
            obj.delete()

"""The one seam after a change: a service announces what it changed (an event name and ids),
and the apps that derive something from it (search, documents, e-mail) subscribe a job to the
event in their own ``AppConfig.ready()``. The domain imports none of them.

``announce`` is called inside the service's transaction and enqueues one job per subscriber
(``core.jobs``): the job row is written by that same transaction, so a change and the work it
causes commit together or not at all, and a process that dies after the commit loses nothing;
``partnerskap worker`` runs the jobs. ``suppressed()`` is the one switch that silences every
event while loading history (the demo); rebuild what was skipped afterwards (``reindex``,
``documents-process``).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from partnerskap.core import jobs

#: Every event, with the ids it carries. Announcing or subscribing to another name is an error.
EVENTS: dict[str, tuple[str, ...]] = {
    "meetings.meeting_changed": ("meeting_id",),
    "meetings.notice_published": ("meeting_id", "notice_id"),
    "meetings.meeting_cancelled": ("meeting_id",),
    "meetings.minutes_approved": ("meeting_id", "minutes_id"),
    "meetings.request_created": ("request_id",),
    "meetings.guest_invited": ("meeting_id", "invitation_id"),
    "meetings.substitute_asked": ("meeting_id", "request_id"),
    "meetings.substitute_accepted": ("meeting_id", "request_id"),
    "meetings.substitute_called_in": ("meeting_id", "attendance_id"),
    "meetings.substitutes_used_up": ("meeting_id", "absence_id"),
    "followup.proposal_changed": ("proposal_id",),
    "documents.document_changed": ("document_id", "partnership_id", "meeting_id"),
    "documents.text_pending": ("file_id",),
    "archive.export_requested": ("export_id",),
}

Id = int | str | None


@dataclass(frozen=True)
class Subscription:
    job: jobs.Job
    takes: frozenset[str]


_subscribers: dict[str, list[Subscription]] = {}
_suppressed: ContextVar[bool] = ContextVar("partnerskap_events_suppressed", default=False)


class UnknownEventError(ValueError):
    pass


def _check(event: str) -> tuple[str, ...]:
    try:
        return EVENTS[event]
    except KeyError:
        msg = f"Unknown event {event!r}; add it to core.events.EVENTS"
        raise UnknownEventError(msg) from None


def subscribe(event: str, job: jobs.Job) -> None:
    """Run ``job`` for every announcement of ``event`` (call from ``AppConfig.ready()``).
    The job receives the event's ids its function takes as keyword arguments."""
    carried = _check(event)
    parameters = inspect.signature(job.func).parameters
    takes = frozenset(name for name in carried if name in parameters)
    subscribers = _subscribers.setdefault(event, [])
    if all(s.job.module_path != job.module_path for s in subscribers):
        subscribers.append(Subscription(job=job, takes=takes))


def subscribers(event: str) -> list[jobs.Job]:
    _check(event)
    return [s.job for s in _subscribers.get(event, [])]


def announce(event: str, **ids: Id) -> None:
    """Say that a change was made. Call inside the service's transaction."""
    carried = _check(event)
    if set(ids) != set(carried):
        msg = f"Event {event!r} carries {', '.join(carried)}; got {', '.join(sorted(ids))}"
        raise TypeError(msg)
    if _suppressed.get():
        return
    calls: list[tuple[jobs.Job, dict[str, Any]]] = [
        (s.job, {k: v for k, v in ids.items() if k in s.takes}) for s in _subscribers.get(event, [])
    ]
    jobs.enqueue_all(calls)


def is_suppressed() -> bool:
    return _suppressed.get()


@contextmanager
def suppressed() -> Iterator[None]:
    """Announce nothing inside the block: no indexing, no PDFs, no e-mail (loading history)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)

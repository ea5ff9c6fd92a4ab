"""Work that must not hold a web request: text extraction and PDF rendering.

``after_commit(job, *args)`` runs ``job(*args)`` once the current transaction commits (never if
it rolls back), in the way ``PARTNERSKAP_DOCUMENTS_BACKGROUND`` says:

* ``thread`` (default): on one background worker thread of the process, so the request that
  caused the work returns at once;
* ``inline``: at once, in the committing thread (tests, management commands);
* ``command``: not at all; ``partnerskap documents-process`` (cron or a timer) picks the work
  up from the database.

Every job is idempotent and finds its work in the database, so a job lost with its process
(a restart between commit and render) is done by the next ``documents-process`` run.

The hooks other apps call live here, with light imports, so that importing this module from a
service costs nothing: ``schedule_notice_pdf``, ``schedule_minutes_pdf``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

MODES = ("thread", "inline", "command")
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_suppressed = threading.local()


def mode() -> str:
    value = str(getattr(settings, "PARTNERSKAP_DOCUMENTS_BACKGROUND", "thread"))
    if value not in MODES:
        msg = f"PARTNERSKAP_DOCUMENTS_BACKGROUND must be one of {', '.join(MODES)}, not {value!r}"
        raise ValueError(msg)
    return value


def _pool() -> ThreadPoolExecutor:
    global _executor  # noqa: PLW0603 - one lazily created pool per process
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        return _executor


def _run(job: Callable[..., Any], args: tuple[Any, ...], *, own_connection: bool) -> None:
    try:
        if own_connection:
            close_old_connections()
        job(*args)
    except Exception:
        # A failed job leaves its work pending in the database; documents-process retries it.
        logger.exception("Document job %s%r failed", getattr(job, "__name__", job), args)
    finally:
        if own_connection:
            connections.close_all()


def run(job: Callable[..., Any], *args: Any) -> None:
    """Run ``job`` now, in the configured way (no transaction involved)."""
    current = mode()
    if current == "inline":
        _run(job, args, own_connection=False)
    elif current == "thread":
        _pool().submit(_run, job, args, own_connection=True)


def after_commit(job: Callable[..., Any], *args: Any) -> None:
    """Run ``job(*args)`` after the current transaction commits (unless suppressed)."""
    if getattr(_suppressed, "active", False):
        return
    transaction.on_commit(lambda: run(job, *args))


@contextmanager
def suppressed() -> Iterator[None]:
    """Schedule no document work inside the block (e.g. while the demo loads years of
    history); ``documents-process`` does it later, since every job finds its work in the
    database."""
    before = getattr(_suppressed, "active", False)
    _suppressed.active = True
    try:
        yield
    finally:
        _suppressed.active = before


# ---------------------------------------------------------------- hooks for other apps


def schedule_notice_pdf(*, meeting_id: int) -> None:
    """Call inside ``meeting_publish_notice``'s transaction: renders and stores the notice
    (public and internal variant) after commit."""
    from partnerskap.documents.services.generated import notice_pdf_store  # noqa: PLC0415

    after_commit(notice_pdf_store, meeting_id)


def schedule_minutes_pdf(*, minutes_id: int) -> None:
    """Call inside ``minutes_approve``'s transaction: renders and stores the approved minutes
    (public and internal variant) after commit."""
    from partnerskap.documents.services.generated import minutes_pdf_store  # noqa: PLC0415

    after_commit(minutes_pdf_store, minutes_id)


def schedule_annual_report_pdf(*, partnership_id: int, year: int) -> None:
    from partnerskap.documents.services.generated import annual_report_pdf_store  # noqa: PLC0415

    after_commit(annual_report_pdf_store, partnership_id, year)

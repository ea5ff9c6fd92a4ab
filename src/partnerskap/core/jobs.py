"""Durable background jobs: Django's tasks API (the ``django-tasks`` backport, the same API as
Django 6's ``django.tasks``) with its database backend (``django-tasks-db``).

A job is a module-level function decorated with ``@job()``; ``enqueue`` writes its row through
the caller's database connection, so inside a service's transaction the row commits (or rolls
back) with the change. ``partnerskap worker`` (``core.worker``) claims rows one at a time and
runs them. What django-tasks leaves to us is here and in the worker:

* **retries with backoff**: a job that raises is put back to wait ``backoff(attempt)`` and run
  again, up to its ``attempts``; then it stays FAILED with its error, visible in the admin
  (``core.admin_jobs``) with a retry action (``job_retry``);
* **abandoned jobs**: a job still RUNNING after ``PARTNERSKAP_JOB_TIMEOUT`` seconds belongs to a
  worker that died (``kill -9``, a lost machine); ``recover_abandoned`` puts it back, counting
  the attempt. Every job is therefore written to be idempotent: run twice, one result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

P = ParamSpec("P")
T = TypeVar("T")
Job = Task[Any, Any]
JobRow = DBTaskResult[Any, Any]

DEFAULT_ATTEMPTS = 5
BACKOFF_BASE = 10  # seconds before the second attempt; ×4 for each further one
BACKOFF_MAX = 60 * 60
_attempts: dict[str, int] = {}

Status = TaskResultStatus


def job(*, attempts: int = DEFAULT_ATTEMPTS) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make a module-level function a job that is tried up to ``attempts`` times."""

    def wrap(function: Callable[P, T]) -> Task[P, T]:
        made: Task[P, T] = task()(function)
        _attempts[made.module_path] = attempts
        return made

    return wrap


def registered() -> set[str]:
    """The module paths of every job defined with ``@job()`` (and imported)."""
    return set(_attempts)


def attempts_of(task_path: str) -> int:
    return _attempts.get(task_path, DEFAULT_ATTEMPTS)


def backoff(attempt: int) -> dt.timedelta:
    """How long to wait after the ``attempt``-th failed try (1 → 10 s, 2 → 40 s, … ≤ 1 h)."""
    return dt.timedelta(seconds=min(BACKOFF_BASE * 4 ** (max(attempt, 1) - 1), BACKOFF_MAX))


def timeout() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "PARTNERSKAP_JOB_TIMEOUT", 900)))


def enqueue(made: Job, **kwargs: Any) -> str:
    """Queue ``made(**kwargs)``; returns the job's id. Inside a transaction the row is part of
    it (nothing runs before the commit, and nothing is queued if it rolls back)."""
    return str(made.enqueue(**kwargs).id)


def enqueue_all(calls: list[tuple[Job, dict[str, Any]]]) -> None:
    """Queue several jobs with one INSERT (an event with several subscribers): the same rows
    ``DatabaseBackend.enqueue`` writes, and the same ``task_enqueued`` signal."""
    if not calls:
        return
    backend = calls[0][0].get_backend()
    if len(calls) == 1 or not isinstance(backend, DatabaseBackend):
        for made, kwargs in calls:
            enqueue(made, **kwargs)
        return
    rows = []
    for made, kwargs in calls:
        backend.validate_task(made)
        rows.append(
            DBTaskResult(
                id=backend._get_id(),
                args_kwargs=normalize_json({"args": [], "kwargs": kwargs}),
                priority=made.priority,
                task_path=made.module_path,
                queue_name=made.queue_name,
                run_after=made.run_after or get_date_max(),
                backend_name=backend.alias,
            )
        )
    for row in DBTaskResult.objects.bulk_create(rows):
        task_enqueued.send(type(backend), task_result=row.task_result)


# ---------------------------------------------------------------- operators


def job_retry(*, result: JobRow) -> bool:
    """Run a failed job again, with a fresh set of attempts (the admin's retry action).
    The last error stays on the row until the next run. It is due from now, so /readyz counts
    its wait from the retry, not from when it was first queued."""
    return bool(
        DBTaskResult.objects.filter(pk=result.pk, status=Status.FAILED).update(
            status=Status.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
        )
    )


def recover_abandoned(*, now: dt.datetime | None = None) -> int:
    """Put back jobs whose worker died while running them (RUNNING past the timeout); one past
    its last attempt becomes FAILED. Returns how many were recovered."""
    now = now or timezone.now()
    recovered = 0
    stale = DBTaskResult.objects.filter(status=Status.RUNNING, started_at__lt=now - timeout())
    for result in stale.only("id", "task_path", "worker_ids"):
        tries = len(result.worker_ids)
        note = (
            f"The worker stopped while running attempt {tries} (no result after "
            f"{int(timeout().total_seconds())} s)."
        )
        updates: dict[str, Any] = {
            "exception_class_path": "partnerskap.core.jobs.AbandonedJob",
            "traceback": note,
        }
        if tries >= attempts_of(result.task_path):
            updates |= {"status": Status.FAILED, "finished_at": now}
        else:
            updates |= {"status": Status.READY, "run_after": now}
        # The status condition makes two workers recovering at once count it once.
        recovered += DBTaskResult.objects.filter(pk=result.pk, status=Status.RUNNING).update(
            **updates
        )
    return recovered

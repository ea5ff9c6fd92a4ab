"""The job worker: django-tasks-db's ``db_worker`` loop with retries and recovery added.

How a job is claimed, so that several workers (on several machines) never run one twice: in a
short transaction the worker selects the next READY row and marks it RUNNING with its worker id.
On PostgreSQL the select is ``SELECT … FOR UPDATE SKIP LOCKED``: a row another worker is
claiming is skipped, not waited for. SQLite has no row locks; the claim runs in a
``BEGIN EXCLUSIVE`` transaction, so one claim at a time holds the database (the others wait for
the busy timeout, or retry on «database is locked»).
"""

from __future__ import annotations

import logging
import time
from traceback import format_exception
from typing import Any

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from partnerskap.core import jobs
from partnerskap.core.jobs import JobRow

logger = logging.getLogger(__name__)
RECOVER_EVERY = 60.0  # seconds between looks for abandoned jobs


class Worker(DBWorker):
    """``task_paths`` limits the worker to some jobs (tests, ``documents-process``);
    ``in_process`` leaves the database connection alone (inside a test's transaction)."""

    def __init__(
        self, *, task_paths: set[str] | None = None, in_process: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.task_paths = task_paths
        self.in_process = in_process
        self.ran = 0

    def _close_old_connections(self) -> None:
        if not self.in_process:
            close_old_connections()

    def _claim(self) -> tuple[JobRow | None, bool]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        if self.task_paths is not None:
            tasks = tasks.filter(task_path__in=self.task_paths)
        try:
            with exclusive_transaction(tasks.db):
                result = tasks.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return None, False
            raise
        return result, True

    def _recover(self) -> None:
        try:
            if recovered := jobs.recover_abandoned():
                logger.warning("Put back %d job(s) whose worker stopped", recovered)
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise

    def run(self) -> None:
        logger.info("Worker %s started", self.worker_id)
        self._recover()
        recovered_at = time.monotonic()
        while self.running:
            self._close_old_connections()
            if time.monotonic() - recovered_at > RECOVER_EVERY:
                self._recover()
                recovered_at = time.monotonic()
            result, retrieved = self._claim()
            if result is not None:
                self.run_task(result)
            if self.batch and retrieved and result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            self._close_old_connections()
            if self.running and result is None:
                time.sleep(self.interval)

    def run_task(self, db_task_result: JobRow) -> None:
        """Run one claimed job; on failure, retry later or give up (FAILED)."""
        self.running_task = True
        try:
            made = db_task_result.task
            result = db_task_result.task_result
            backend_type = type(made.get_backend())
            task_started.send(sender=backend_type, task_result=result)
            if made.takes_context:
                value = made.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = made.call(*result.args, **result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (KeyboardInterrupt, SystemExit):
            # Stopped by the operator mid-job: it waits for the next worker, attempt uncounted.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=jobs.Status.READY,
                run_after=timezone.now(),
                worker_ids=db_task_result.worker_ids[:-1],
            )
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of a job is recorded on it
            self._failed(db_task_result, exc)
        finally:
            self.running_task = False
            self._run_tasks += 1
            self.ran += 1

    def _failed(self, db_task_result: JobRow, exc: Exception) -> None:
        attempt = len(db_task_result.worker_ids)
        allowed = jobs.attempts_of(db_task_result.task_path)
        if attempt >= allowed:
            logger.error(
                "Job %s (%s) failed for good after %d attempts",
                db_task_result.pk,
                db_task_result.task_path,
                attempt,
                exc_info=exc,
            )
            db_task_result.set_failed(exc)
            return
        wait = jobs.backoff(attempt)
        logger.warning(
            "Job %s (%s) failed (attempt %d of %d); retrying in %s s",
            db_task_result.pk,
            db_task_result.task_path,
            attempt,
            allowed,
            int(wait.total_seconds()),
            exc_info=exc,
        )
        DBTaskResult.objects.filter(pk=db_task_result.pk).update(
            status=jobs.Status.READY,
            run_after=timezone.now() + wait,
            exception_class_path=f"{type(exc).__module__}.{type(exc).__qualname__}",
            traceback="".join(format_exception(exc)),
        )


def run_pending(
    *, task_paths: set[str] | None = None, in_process: bool = False, worker_id: str = "inline"
) -> int:
    """Run every job that is ready now, in this process (tests, ``documents-process``); returns
    how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
        task_paths=task_paths,
        in_process=in_process,
    )
    worker.run()
    return worker.ran

"""Health checks for load balancers and monitors (docs/operations.md, «Health checks»).

``/healthz`` answers while the process can answer at all: no database, no session, no cookie.
``/readyz`` answers 200 only when this process can do its work: the database answers, every
migration is applied, and no job has waited for a worker longer than
``PARTNERSKAP_READYZ_MAX_JOB_AGE`` seconds (0 turns that check off). Otherwise 503 with the
checks by name; the reason (which may name a host or a user) goes to the log, never the body.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

OK, FAIL, SKIPPED = "ok", "fail", "skipped"


@dataclass(frozen=True)
class JobBacklog:
    """Jobs waiting for a worker now (due), scheduled for later (e.g. a retry's back-off),
    and how long the oldest due one has waited, in seconds (0 when none waits)."""

    waiting: int
    scheduled: int
    oldest_waiting_seconds: float


def job_backlog(*, now: dt.datetime | None = None) -> JobBacklog:
    """One query over the waiting jobs (READY rows, which django-tasks-db indexes).

    A job without ``run_after`` has waited since it was enqueued; one with ``run_after`` since
    that moment, once it has passed (django-tasks-db stores «no run_after» as a far-future
    date)."""
    now = now or timezone.now()
    never = get_date_max()
    due_at_once = Q(run_after=never)
    due_later = Q(run_after__lte=now) & ~due_at_once
    row = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
        waiting=Count("pk", filter=due_at_once | due_later),
        scheduled=Count("pk", filter=~(due_at_once | due_later)),
        oldest_enqueued=Min("enqueued_at", filter=due_at_once),
        oldest_due=Min("run_after", filter=due_later),
    )
    since = [moment for moment in (row["oldest_enqueued"], row["oldest_due"]) if moment]
    oldest = max(0.0, (now - min(since)).total_seconds()) if since else 0.0
    return JobBacklog(
        waiting=row["waiting"], scheduled=row["scheduled"], oldest_waiting_seconds=oldest
    )


def _database_answers(connection: BaseDatabaseWrapper) -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Readiness: the database does not answer", exc_info=True)
        return False
    return True


def _migrations_applied(connection: BaseDatabaseWrapper) -> bool:
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.warning("Readiness: could not read the applied migrations", exc_info=True)
        return False
    if unapplied:
        logger.warning("Readiness: %d migration(s) not applied", len(unapplied))
        return False
    return True


def _jobs_fresh(limit: int) -> bool:
    try:
        backlog = job_backlog()
    except DatabaseError:
        logger.warning("Readiness: could not read the job queue", exc_info=True)
        return False
    if backlog.oldest_waiting_seconds > limit:
        logger.warning(
            "Readiness: the oldest waiting job has waited %d s (limit %d s); is a worker running?",
            backlog.oldest_waiting_seconds,
            limit,
        )
        return False
    return True


def readiness(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The checks by name, each ``ok``, ``fail`` or ``skipped`` (when an earlier one failed or
    the check is turned off). Reasons are logged at WARNING."""
    connection = connections[using]
    limit: int = settings.PARTNERSKAP_READYZ_MAX_JOB_AGE
    checks = {"database": SKIPPED, "migrations": SKIPPED, "jobs": SKIPPED}
    checks["database"] = OK if _database_answers(connection) else FAIL
    if checks["database"] == OK:
        checks["migrations"] = OK if _migrations_applied(connection) else FAIL
    if checks["migrations"] == OK and limit:
        checks["jobs"] = OK if _jobs_fresh(limit) else FAIL
    return checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 - a view's signature
    """The process is up and serving requests."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:  # noqa: ARG001 - a view's signature
    """200 when every check passes, else 503; the body names each check's result."""
    checks = readiness()
    ready = all(result != FAIL for result in checks.values())
    return JsonResponse(
        {"status": OK if ready else FAIL, "checks": checks}, status=200 if ready else 503
    )

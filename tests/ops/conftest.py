from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.ops.tasks import noop


@pytest.fixture
def job(db) -> Callable[..., DBTaskResult]:
    """A queued job; ``age`` backdates its enqueue time, ``run_after`` schedules it and
    ``status`` moves it on (as a worker would)."""

    def make(
        *,
        age: dt.timedelta = dt.timedelta(0),
        run_after: dt.datetime | None = None,
        status: str = TaskResultStatus.READY,
    ) -> DBTaskResult:
        queued = noop.using(run_after=run_after).enqueue() if run_after else noop.enqueue()
        DBTaskResult.objects.filter(pk=queued.id).update(
            enqueued_at=timezone.now() - age, status=status
        )
        return DBTaskResult.objects.get(pk=queued.id)

    return make


@pytest.fixture
def database_down(db) -> Iterator[None]:
    """Every query fails as it does when the database server is gone (until the test ends,
    so that the test's transaction can still be rolled back)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("connection to server at 10.9.8.7 failed: password for dbadmin")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refuse)
        yield

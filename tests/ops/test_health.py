"""/healthz and /readyz: what a load balancer or monitor sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks import TaskResultStatus

from partnerskap.core.health import job_backlog


def test_healthz_answers_ok_without_database_session_or_cookie(client):
    response = client.get("/healthz")  # without the db fixture, any query would raise
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings):
    """A load balancer probes the server itself over plain HTTP (SECURE_REDIRECT_EXEMPT)."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code in {200, 503}
    assert client.get("/metrics").status_code == 404  # off, but not redirected either
    assert client.get("/").status_code == 301  # the rest still is


def test_probes_answer_only_allowed_hosts(client, settings):
    """We do not bypass ALLOWED_HOSTS: a probe by IP address needs that address listed
    (or the probe sends an allowed Host header); docs/operations.md says so."""
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 400
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "10.0.0.5"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 200


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_ready_with_an_empty_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "jobs": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_ready_while_the_oldest_job_is_younger_than_the_limit(client, settings, job):
    settings.PARTNERSKAP_READYZ_MAX_JOB_AGE = 300
    job(age=dt.timedelta(seconds=290))
    assert client.get("/readyz").status_code == 200


def test_readyz_not_ready_when_a_job_waited_too_long(client, settings, job):
    settings.PARTNERSKAP_READYZ_MAX_JOB_AGE = 300
    job(age=dt.timedelta(seconds=10))
    job(age=dt.timedelta(seconds=301))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "migrations": "ok", "jobs": "fail"},
    }


def test_readyz_counts_a_scheduled_job_from_when_it_falls_due(client, settings, job):
    """A retry waiting out its back-off is not late; once due, it waits from then."""
    settings.PARTNERSKAP_READYZ_MAX_JOB_AGE = 300
    now = timezone.now()
    job(age=dt.timedelta(hours=2), run_after=now + dt.timedelta(minutes=5))
    job(age=dt.timedelta(hours=2), run_after=now - dt.timedelta(seconds=100))
    assert client.get("/readyz").status_code == 200
    job(age=dt.timedelta(hours=2), run_after=now - dt.timedelta(seconds=400))
    assert client.get("/readyz").status_code == 503


def test_readyz_ignores_old_jobs_that_are_not_waiting(client, settings, job):
    settings.PARTNERSKAP_READYZ_MAX_JOB_AGE = 300
    for status in (TaskResultStatus.RUNNING, TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        job(age=dt.timedelta(days=1), status=status)
    assert client.get("/readyz").status_code == 200


def test_readyz_job_check_can_be_turned_off(client, settings, job):
    settings.PARTNERSKAP_READYZ_MAX_JOB_AGE = 0
    job(age=dt.timedelta(days=1))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["jobs"] == "skipped"


def test_readyz_not_ready_when_the_database_is_down(client, database_down, caplog):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "fail", "migrations": "skipped", "jobs": "skipped"},
    }
    assert b"10.9.8.7" not in response.content  # the reason is logged, not shown
    assert b"dbadmin" not in response.content
    assert "does not answer" in caplog.text


@pytest.mark.django_db
def test_readyz_not_ready_with_an_unapplied_migration(client):
    leaf = max(MigrationLoader(connection).graph.leaf_nodes("core"))
    MigrationRecorder(connection).record_unapplied(*leaf)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "fail",
        "jobs": "skipped",
    }


def test_job_backlog_counts_due_and_scheduled_jobs(job):
    now = timezone.now()
    job(age=dt.timedelta(seconds=50))
    job(age=dt.timedelta(seconds=5))
    job(run_after=now + dt.timedelta(hours=1))
    job(age=dt.timedelta(days=3), status=TaskResultStatus.FAILED)
    backlog = job_backlog()
    assert (backlog.waiting, backlog.scheduled) == (2, 1)
    assert 50 <= backlog.oldest_waiting_seconds < 60


def test_job_backlog_of_an_empty_queue(db):
    backlog = job_backlog()
    assert (backlog.waiting, backlog.scheduled, backlog.oldest_waiting_seconds) == (0, 0, 0.0)

"""/metrics: off unless configured, closed to strangers, and right about the queue and mail."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from prometheus_client.parser import text_string_to_metric_families

from partnerskap.core.models import OutboundMessage

TOKEN = "t" * 40


def _samples(response) -> dict[str, float]:
    text = response.content.decode()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


@pytest.fixture
def with_token(settings):
    settings.PARTNERSKAP_METRICS_TOKEN = TOKEN
    settings.PARTNERSKAP_METRICS_ALLOWED_IPS = []


@pytest.fixture
def with_networks(settings):
    settings.PARTNERSKAP_METRICS_TOKEN = ""
    settings.PARTNERSKAP_METRICS_ALLOWED_IPS = [ipaddress.ip_network("10.0.0.0/8")]


def test_metrics_are_off_unless_configured(client, settings, db):
    settings.PARTNERSKAP_METRICS_TOKEN = ""
    settings.PARTNERSKAP_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}"],
)
def test_metrics_refuse_a_missing_or_wrong_token(client, with_token, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"partnerskap_" not in response.content


def test_metrics_ignore_a_signed_in_session(admin_client, with_token):
    """Not even an administrator's session opens /metrics: only the token does."""
    assert admin_client.get("/metrics").status_code == 401


def test_metrics_with_the_token(client, with_token, db):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    assert _samples(response)["partnerskap_database_up"] == 1


@pytest.mark.parametrize("address", ["192.168.1.10", "11.0.0.1", "::1", "not-an-address"])
def test_metrics_refuse_addresses_outside_the_list(client, with_networks, address):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 403


@pytest.mark.parametrize("address", ["10.1.2.3", "::ffff:10.1.2.3"])
def test_metrics_from_an_allowed_address(client, with_networks, address, db):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200


def test_metrics_need_both_when_both_are_set(client, settings, db):
    settings.PARTNERSKAP_METRICS_TOKEN = TOKEN
    settings.PARTNERSKAP_METRICS_ALLOWED_IPS = [ipaddress.ip_network("10.0.0.0/8")]
    bearer = f"Bearer {TOKEN}"
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.2").status_code == 401
    assert client.get("/metrics", REMOTE_ADDR="8.8.8.8", HTTP_AUTHORIZATION=bearer).status_code == (
        403
    )
    response = client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_AUTHORIZATION=bearer)
    assert response.status_code == 200


def test_metrics_count_jobs_and_mail(client, with_token, job):
    now = timezone.now()
    job(age=dt.timedelta(seconds=120))
    job(age=dt.timedelta(seconds=3))
    job(run_after=now + dt.timedelta(hours=1))
    job(status=TaskResultStatus.RUNNING)
    for _ in range(3):
        job(age=dt.timedelta(days=2), status=TaskResultStatus.FAILED)
    job(age=dt.timedelta(days=2), status=TaskResultStatus.SUCCESSFUL)
    for n, (sent, age) in enumerate(
        [(True, 0), (True, 600), (False, 600), (False, 5)]  # sent, sent, failed, being sent
    ):
        message = OutboundMessage.objects.create(
            key=f"k{n}", message_id=f"<{n}@x>", to=f"p{n}@example.no", subject="s"
        )
        OutboundMessage.objects.filter(pk=message.pk).update(
            created=now - dt.timedelta(seconds=age), sent_at=now if sent else None
        )

    samples = _samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))

    assert samples["partnerskap_database_up"] == 1
    assert samples["partnerskap_jobs_waiting"] == 2
    assert samples["partnerskap_jobs_scheduled"] == 1
    assert samples["partnerskap_jobs_running"] == 1
    assert samples["partnerskap_jobs_failed"] == 3
    assert 120 <= samples["partnerskap_jobs_oldest_waiting_age_seconds"] < 130
    assert samples["partnerskap_emails_sent_total"] == 2
    assert samples["partnerskap_emails_failed"] == 1


def test_metrics_include_request_latency_by_view(client, with_token, db):
    client.get("/healthz")
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    latency = families["django_http_requests_latency_seconds_by_view_method"]
    assert any(
        sample.labels.get("view") == "healthz" and sample.name.endswith("_count")
        for sample in latency.samples
    )
    assert "django_db_execute" in families  # query counters from the database wrapper


def test_metrics_say_when_the_database_is_down(client, with_token, database_down):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    samples = _samples(response)
    assert samples["partnerskap_database_up"] == 0
    assert "partnerskap_jobs_waiting" not in samples


def test_multiprocess_mode_adds_up_every_process(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (several gunicorn workers), a scrape answered by one
    process counts the requests every process served."""
    serve = (
        "import django; django.setup(); from django.test import Client; Client().get('/healthz')"
    )
    scrape = (
        "import django; django.setup(); from django.test import Client; "
        f"print(Client().get('/metrics', HTTP_AUTHORIZATION='Bearer {TOKEN}').content.decode())"
    )
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.test_settings",
        "ALLOWED_HOSTS": "testserver",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "PARTNERSKAP_METRICS_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: database_up 0
    }
    for script in (serve, serve):
        subprocess.run([sys.executable, "-c", script], env=environ, check=True)
    text = subprocess.run(
        [sys.executable, "-c", scrape], env=environ, capture_output=True, text=True, check=True
    ).stdout
    counts = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "django_http_requests_latency_seconds_by_view_method_count"
        and sample.labels.get("view") == "healthz"
    ]
    assert counts == [2]
    assert "partnerskap_database_up 0.0" in text

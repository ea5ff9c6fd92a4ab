"""The Prometheus endpoint ``/metrics`` (docs/operations.md, «Metrics»).

django-prometheus's middleware and database wrappers count requests (latency by view) and
queries in each process. Our own figures are read from the database at scrape time, so they
are the same whichever process answers: jobs waiting, scheduled, running and failed, the age of
the oldest waiting job, and e-mail sent and failed.

The endpoint is off (404) unless ``PARTNERSKAP_METRICS_TOKEN`` or
``PARTNERSKAP_METRICS_ALLOWED_IPS`` is set; when both are, a scrape must pass both.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import secrets
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from partnerskap.core.health import job_backlog
from partnerskap.core.models import OutboundMessage

logger = logging.getLogger(__name__)

#: An unsent e-mail younger than this is still being sent, not failed.
EMAIL_SENDING_GRACE = dt.timedelta(minutes=1)


class DatabaseCollector:
    """Figures read from the database when Prometheus scrapes; if the database does not
    answer, only ``partnerskap_database_up 0``."""

    def collect(self) -> Iterator[Metric]:
        metrics: list[Metric] = []
        try:
            metrics = list(self._from_database())
            up = 1
        except DatabaseError:
            logger.warning("Metrics: the database does not answer", exc_info=True)
            up = 0
        yield GaugeMetricFamily(
            "partnerskap_database_up",
            "1 if the database answered this scrape's queries, else 0.",
            value=up,
        )
        yield from metrics

    def _from_database(self) -> Iterator[Metric]:
        backlog = job_backlog()
        other = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED]
        ).aggregate(
            running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
            failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        )
        cutoff = timezone.now() - EMAIL_SENDING_GRACE
        mail = OutboundMessage.objects.aggregate(
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            failed=Count("pk", filter=Q(sent_at__isnull=True, created__lt=cutoff)),
        )
        yield GaugeMetricFamily(
            "partnerskap_jobs_waiting",
            "Jobs due to run and waiting for a worker.",
            value=backlog.waiting,
        )
        yield GaugeMetricFamily(
            "partnerskap_jobs_scheduled",
            "Jobs waiting for a later time (a retry's back-off or a scheduled run).",
            value=backlog.scheduled,
        )
        yield GaugeMetricFamily(
            "partnerskap_jobs_running", "Jobs a worker is running.", value=other["running"]
        )
        yield GaugeMetricFamily(
            "partnerskap_jobs_failed",
            "Jobs that failed and are kept for an operator to read and retry.",
            value=other["failed"],
        )
        yield GaugeMetricFamily(
            "partnerskap_jobs_oldest_waiting_age_seconds",
            "How long the oldest due job has waited for a worker (0 when none waits).",
            value=backlog.oldest_waiting_seconds,
        )
        yield CounterMetricFamily(
            "partnerskap_emails_sent",
            "E-mails sent (one per message and recipient; a retry is not counted twice).",
            value=mail["sent"],
        )
        yield GaugeMetricFamily(
            "partnerskap_emails_failed",
            "E-mails not sent a minute after they were due (the send failed; a retry sends "
            "them with the same Message-ID).",
            value=mail["failed"],
        )


class _Forward:
    """Hands one registry's metrics to another (the process's own, beside ours)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Metric]:
        yield from self.registry.collect()


def _peer_allowed(request: HttpRequest) -> bool:
    networks = settings.PARTNERSKAP_METRICS_ALLOWED_IPS
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _token_matches(request: HttpRequest) -> bool:
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    expected: str = settings.PARTNERSKAP_METRICS_TOKEN
    return scheme.lower() == "bearer" and secrets.compare_digest(
        presented.strip().encode(), expected.encode()
    )


def registry_for_scrape() -> CollectorRegistry:
    """This scrape's registry: every process's metrics in multiprocess mode
    (``PROMETHEUS_MULTIPROC_DIR``), else this process's, plus the database figures."""
    registry = CollectorRegistry()
    if settings.PROMETHEUS_MULTIPROC_DIR:
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Forward(REGISTRY))
    registry.register(DatabaseCollector())
    return registry


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus's text format, for a scraper that passes the configured
    checks: 404 when none is configured, 403 from an address outside the allow-list, 401
    without the right bearer token."""
    if not settings.PARTNERSKAP_METRICS_TOKEN and not settings.PARTNERSKAP_METRICS_ALLOWED_IPS:
        raise Http404
    if settings.PARTNERSKAP_METRICS_ALLOWED_IPS and not _peer_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    if settings.PARTNERSKAP_METRICS_TOKEN and not _token_matches(request):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry_for_scrape()), content_type=CONTENT_TYPE_LATEST)

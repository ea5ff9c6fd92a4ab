"""Page benchmark: server time per page (p50, p95), queries per page, conditional GETs, and
requests per second for the meeting page under concurrent load on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerskap_bench \\
        .venv/bin/python bench/pages_bench.py [--requests 50] [--no-load]

Run it against a database made by ``bench/generate.py``. Three parts, each bounded:

1. **In-process** (``django.test.Client``, settings ``partnerskap.config.test_settings``, host
   ``testserver``): every public portal page (home, partnership, meeting list with and without
   filters, meeting, item, guests, proposals, proposal, committees, committee, area, agreement,
   cycle, year (its figures cached, and recomputed after a write), search) as an anonymous
   visitor, and the back office (dashboard, meetings, meeting, follow-ups) signed in with
   ``force_login`` as the administrator (sees every partnership), the demo's
   ``sekretariat-radet`` and, when the generator made it, ``bench-sekretariat`` (a 20-year
   partnership). Per page: ``--warmup`` unmeasured requests,
   one request under ``CaptureQueriesContext`` (query count and SQL time), then ``--requests``
   timed requests (wall time around ``client.get``: URL resolution, middleware, view, SQL,
   template; the test client adds ~0.2 ms) and the Django thread's CPU time (``thread_time``,
   which leaves out PostgreSQL and waiting, so it moves less on a busy machine). Uncached:
   nothing caches pages on the server and the client sends no validators.
2. **Conditional GET**: the page's ``ETag`` sent back as ``If-None-Match``; the answer must be
   304; p50/p95 as above.
3. **Load** (skip with ``--no-load``): gunicorn (``--workers``) on 127.0.0.1 with
   ``DEBUG=false``, driven by ``wrk`` (``apt-get install wrk``) for ``--load-seconds`` per run at
   each of ``--connections``, uncached and conditional; without wrk a bounded Python load
   generator (threads, fixed request count, time limit) is used. The load tool shares the
   machine's cores with gunicorn and PostgreSQL.

4. **Warm page cache** (``--warm``): the shared page cache (core/page_cache.py) on, in
   ``--cache-url`` (default ``locmem://``; ``redis://127.0.0.1:6379/14`` for Redis): every
   public page but search (not shared) answered from the cache, and the first request after
   a write (no entry under the new key: render and store) for the busiest pages. The load
   part then also drives the meeting page with a gunicorn whose workers share
   ``--load-cache-url`` (a directory by default).

``--quiet-wait S`` waits up to S seconds before each part for the load average to fall below
``--quiet-load``; the load average is printed with each part (the figures rise with it).

Targets (issues 6 and 5): portal p95 < 30 ms uncached, conditional GET < 5 ms, back office
p95 < 50 ms on ten times the demo; (issue 21) from the warm page cache < 3 ms, the first
request after a write < 30 ms. ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from measure import (  # noqa: E402
    MIN_SAMPLES,
    Load,
    gunicorn_command,
    p95,
    percentile,
    print_machine,
    production_server_env,
    stop_server,
    verdict,
)

PORTAL_P95_MS = 30.0
CONDITIONAL_P95_MS = 5.0
BACKOFFICE_P95_MS = 50.0
#: Issue 21: a page from the shared cache, and the first request after a write (a new key).
WARM_P95_MS = 3.0
AFTER_WRITE_P95_MS = 30.0
#: The load average seen during the run (sampled after each page); a target is judged only
#: when it stayed quiet (bench/measure.py).
LOAD = Load()


@dataclass
class Result:
    group: str
    name: str
    url: str
    status: int
    queries: int
    sql_ms: float
    kb: float
    p50: float
    p95: float
    max: float
    cpu_p50: float
    cpu_p95: float
    n: int
    target: float
    verdict: str = ""
    attempts: int = 1

    @property
    def met(self) -> bool:
        return self.p95 < self.target


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import logging  # noqa: PLC0415

    import django  # noqa: PLC0415

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login otherwise


# ----------------------------------------------------------------------------- what to fetch


def targets() -> dict[str, Any]:
    """The heaviest realistic pages: the busiest partnership, its biggest meeting, …"""
    from django.db.models import Count, Q  # noqa: PLC0415

    from partnerskap.agreements.models import CooperationArea, Partnership  # noqa: PLC0415
    from partnerskap.committees.models import Committee  # noqa: PLC0415
    from partnerskap.core import time as ptime  # noqa: PLC0415
    from partnerskap.followup.models import Proposal  # noqa: PLC0415
    from partnerskap.meetings.models import AgendaItem, Meeting  # noqa: PLC0415

    partnership = (
        Partnership.objects.exclude(status="draft")
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
    )
    assert partnership is not None, "no partnership: run bench/generate.py first"
    meeting = (
        Meeting.objects.filter(partnership=partnership, status="minutes_approved")
        .annotate(n=Count("items"))
        .order_by("-n", "-starts_at")
        .first()
    )
    item = (
        AgendaItem.objects.filter(
            meeting=meeting, withdrawn=False, closed_session__isnull=True, proposal__isnull=False
        ).first()
        or AgendaItem.objects.filter(meeting=meeting, withdrawn=False).first()
    )
    proposal = (
        Proposal.objects.filter(partnership=partnership, item__closed_session__isnull=True)
        .annotate(n=Count("follow_ups"))
        .order_by("-n", "-sent_on")
        .first()
    )
    committee = (
        Committee.objects.filter(partnership=partnership)
        .annotate(n=Count("members"))
        .order_by("-n")
        .first()
    )
    area = (
        CooperationArea.objects.filter(part__agreement__partnership=partnership)
        .annotate(n=Count("agenda_items", filter=Q(agenda_items__withdrawn=False)))
        .order_by("-n")
        .first()
    )
    council = partnership.parties.order_by("partnershipparty__position").first()
    last_year = min(partnership.period_end.year, ptime.today().year)
    full_year = last_year - 1 if last_year > partnership.period_start.year else last_year
    meetings_count = Meeting.objects.filter(partnership=partnership).count()
    return {
        "partnership": partnership,
        "meeting": meeting,
        "item": item,
        "proposal": proposal,
        "committee": committee,
        "area": area,
        "council": council,
        "year": full_year,
        "last_page": max(1, (meetings_count + 24) // 25),
    }


def portal_pages(t: dict[str, Any]) -> list[tuple[str, str]]:
    from django.urls import reverse  # noqa: PLC0415

    p = t["partnership"].slug

    def url(name: str, **kwargs: Any) -> str:
        return reverse(f"portal:{name}", kwargs={"partnership": p, **kwargs})

    year = t["year"]
    area = t["area"].slug if t["area"] else ""
    pages = [
        ("home", reverse("portal:home")),
        ("home (en)", "/en/"),
        ("partnership", url("partnership")),
        ("meetings", url("meetings")),
        ("meetings ?ar", url("meetings") + f"?ar={year}"),
        ("meetings ?omrade", url("meetings") + f"?omrade={area}"),
        ("meetings ?mal", url("meetings") + "?mal=11"),
        ("meetings ?part", url("meetings") + f"?part={t['council'].slug}"),
        ("meetings ?ar&omrade&mal", url("meetings") + f"?ar={year}&omrade={area}&mal=11"),
        ("meetings last page", url("meetings") + f"?side={t['last_page']}"),
        ("meeting", url("meeting", pk=t["meeting"].pk)),
        ("item", url("item", pk=t["item"].pk)),
        ("guests", url("guests")),
        ("proposals", url("proposals")),
        ("proposals ?status=venter", url("proposals") + "?status=venter"),
        ("proposals page 10", url("proposals") + "?side=10"),
        ("proposal", url("proposal", pk=t["proposal"].pk)),
        ("committees", url("committees")),
        ("area", url("area", area=area)),
        ("area, items page 5", url("area", area=area) + "?side=5"),
        ("agreement", url("agreement")),
        ("agreement ?versjon=2", url("agreement") + "?versjon=2"),
        ("cycle", url("cycle", year=year)),
        ("year", url("year", year=year)),
        ("search rare", "/sok/?q=sykkelvegnett"),
        ("search common", "/sok/?q=partnerskapet"),
        ("search two words", "/sok/?q=felles+klimaindikatorer"),
        ("search phrase", "/sok/?q=%22felles+handlingsplan%22"),
        ("search + filters", f"/sok/?q=kollektivtrafikken&partnerskap={p}&ar={year}"),
    ]
    if t["committee"] is not None:
        pages.insert(18, ("committee", url("committee", pk=t["committee"].pk)))
    return pages


def backoffice_pages(t: dict[str, Any], meeting: Any) -> list[tuple[str, str]]:
    """The back office's lists and detail pages, the details taken from ``meeting``'s
    partnership (the one with the most agenda items the user can see)."""
    from django.urls import reverse  # noqa: PLC0415

    from partnerskap.agreements.models import AgreementVersion  # noqa: PLC0415
    from partnerskap.committees.models import Committee  # noqa: PLC0415
    from partnerskap.finance.models import CostEntry  # noqa: PLC0415
    from partnerskap.followup.models import Proposal  # noqa: PLC0415

    partnership = meeting.partnership
    pages = [
        ("dashboard", reverse("backoffice:dashboard")),
        ("meetings", reverse("backoffice:meetings")),
        ("meetings ?status", reverse("backoffice:meetings") + "?status=minutes_approved"),
        ("meetings ?ar", reverse("backoffice:meetings") + f"?ar={t['year']}"),
        ("meeting", reverse("backoffice:meeting", kwargs={"pk": meeting.pk})),
        ("follow-ups", reverse("backoffice:follow_ups")),
        ("annual cycles", reverse("backoffice:years")),
        (
            "annual cycle, year",
            reverse(
                "backoffice:year",
                kwargs={"slug": partnership.slug, "year": meeting.starts_at.year},
            ),
        ),
        ("committees", reverse("backoffice:committees")),
        ("costs", reverse("backoffice:finance")),
        ("agreement", reverse("backoffice:agreement")),
        ("amendments", reverse("backoffice:amendments")),
    ]
    item = meeting.items.order_by("position").first()
    details = [
        ("item", "backoffice:item", item),
        (
            "committee",
            "backoffice:committee",
            Committee.objects.filter(partnership=partnership).order_by("-starts_on").first(),
        ),
        (
            "cost",
            "backoffice:cost",
            CostEntry.objects.filter(partnership=partnership).order_by("-pk").first(),
        ),
        (
            "agreement version",
            "backoffice:agreement_version",
            AgreementVersion.objects.filter(part__agreement__partnership=partnership)
            .order_by("-pk")
            .first(),
        ),
        (
            "amendment",
            "backoffice:amendment",
            Proposal.objects.filter(partnership=partnership, kind=Proposal.Kind.AMENDMENT)
            .order_by("-pk")
            .first(),
        ),
    ]
    pages += [(name, reverse(view, kwargs={"pk": obj.pk})) for name, view, obj in details if obj]
    return pages


# ----------------------------------------------------------------------------- measuring


#: A page whose run the machine left unjudged (busy or slow around it) is measured again, up to
#: this many runs in all. Whether it is measured again depends on the machine only, never on
#: the figures; the last run is the one reported, with its number of runs.
JUDGE_ATTEMPTS = 3
#: Requests between two samples of the machine's load and speed while a page is timed.
SAMPLE_EVERY = 50


def measure(*args: Any, **kwargs: Any) -> Result:
    """``measure_once``, again while the machine was too busy or slow to judge the run
    (``JUDGE_ATTEMPTS``)."""
    for attempt in range(1, JUDGE_ATTEMPTS + 1):
        result = measure_once(*args, **kwargs)
        result.attempts = attempt
        if not result.verdict.startswith("not judged"):
            break
    return result


def measure_once(
    client: Any,
    group: str,
    name: str,
    url: str,
    *,
    n: int,
    warmup: int,
    target: float,
    headers: dict[str, str] | None = None,
    expect: int = 200,
    page_seconds: float = 20.0,
    before: Callable[[], object] | None = None,
) -> Result:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    headers = headers or {}
    for _ in range(warmup):
        client.get(url, headers=headers)
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    # Read now: the next request's request_started signal empties the query log.
    captured = list(ctx.captured_queries)
    sql_ms = sum(float(q["time"]) for q in captured) * 1000
    status = response.status_code
    size = len(response.content) / 1024
    times, cpu = [], []
    # This page is judged on the load and speed around its own requests (before, every
    # ``SAMPLE_EVERY`` requests, after): a host that slows for a minute leaves the other pages'
    # verdicts alone.
    around = Load()
    budget = time.monotonic() + page_seconds
    for i in range(n):
        if len(times) >= MIN_SAMPLES and time.monotonic() > budget:
            break  # a slow page: fewer requests (never fewer than a p95 needs), bounded time
        if i and i % SAMPLE_EVERY == 0:
            around.sample()
        if before is not None:
            before()  # outside the timing
        started, cpu_started = time.perf_counter(), time.thread_time()
        r = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - cpu_started) * 1000)
        if r.status_code != status:
            status = r.status_code
    if status != expect:
        print(f"  ! {group} {name}: HTTP {status} (expected {expect}) for {url}", flush=True)
    around.sample()
    LOAD.seen.extend(around.seen)
    LOAD.speeds.extend(around.speeds)
    p95_ms = round(p95(times), 2)
    return Result(
        group=group,
        name=name,
        url=url,
        status=status,
        queries=len(captured),
        sql_ms=round(sql_ms, 1),
        kb=round(size, 1),
        p50=round(percentile(times, 0.50), 2),
        p95=p95_ms,
        max=round(max(times), 2),
        cpu_p50=round(percentile(cpu, 0.50), 2),
        cpu_p95=round(p95(cpu), 2),
        n=len(times),
        target=target,
        verdict=verdict(p95_ms < target, around),
    )


def show(result: Result) -> None:
    mark = result.verdict.split(":")[0]
    print(
        f"  {result.name:28} {result.status:>3} {result.queries:>5} {result.sql_ms:>7.1f} "
        f"{result.kb:>7.1f} {result.p50:>8.2f} {result.p95:>8.2f} {result.max:>8.2f} "
        f"{result.cpu_p50:>7.2f} {result.cpu_p95:>7.2f}  "
        f"<{result.target:g} {mark}" + (f" (run {result.attempts})" if result.attempts > 1 else ""),
        flush=True,
    )


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def wait_quiet(threshold: float, seconds: float) -> None:
    """Wait (at most ``seconds``) for the 1-minute load average to fall below ``threshold``:
    the machine may be shared, and every figure here rises with the load."""
    if seconds <= 0:
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if float(Path("/proc/loadavg").read_text().split()[0]) < threshold:
                return
        except (OSError, ValueError):
            return
        time.sleep(5)
    print(f"  (load average still {loadavg()} after {seconds:g} s; measuring anyway)", flush=True)


def header(title: str) -> None:
    print(f"\n{title} [load average {loadavg()}]", flush=True)
    print(
        f"  {'page':28} {'St':>3} {'qry':>5} {'sql ms':>7} {'KB':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'max ms':>8} {'cpu p50':>7} {'cpu p95':>7}  target",
        flush=True,
    )


def selected(pages: list[tuple[str, str]], args: argparse.Namespace) -> list[tuple[str, str]]:
    """The pages whose name contains one of ``--only``'s words (all when none is given)."""
    if not args.only:
        return pages
    return [(name, url) for name, url in pages if any(word in name for word in args.only)]


def run_portal(t: dict[str, Any], args: argparse.Namespace) -> list[Result]:
    from django.test import Client  # noqa: PLC0415

    client = Client()
    results = []
    header(f"Portal, anonymous, uncached ({args.requests} requests a page)")
    for name, url in selected(portal_pages(t), args):
        results.append(
            measure(
                client,
                "portal",
                name,
                url,
                n=args.requests,
                warmup=args.warmup,
                target=PORTAL_P95_MS,
                page_seconds=args.page_seconds,
            )
        )
        show(results[-1])
    # The year page caches its figures under the data version; this is the request after a
    # write (the cache emptied before each one).
    from django.core.cache import cache  # noqa: PLC0415

    year_url = dict(portal_pages(t))["year"]
    if not selected([("year, figures recomputed", year_url)], args):
        return results
    results.append(
        measure(
            client,
            "portal",
            "year, figures recomputed",
            year_url,
            n=args.requests,
            warmup=args.warmup,
            target=PORTAL_P95_MS,
            page_seconds=args.page_seconds,
            before=cache.clear,
        )
    )
    show(results[-1])
    header("Portal, conditional GET (If-None-Match → 304)")
    for name, url in selected(portal_pages(t), args):
        if name not in ("home", "partnership", "meeting", "meetings", "proposal", "year"):
            continue
        etag = client.get(url).headers.get("ETag", "")
        results.append(
            measure(
                client,
                "conditional",
                name,
                url,
                n=args.requests,
                warmup=args.warmup,
                target=CONDITIONAL_P95_MS,
                headers={"If-None-Match": etag},
                expect=304,
                page_seconds=args.page_seconds,
            )
        )
        show(results[-1])
    return results


def run_warm(t: dict[str, Any], args: argparse.Namespace) -> list[Result]:
    """The shared page cache (core/page_cache.py) on, in ``--cache-url``: every portal page
    from the cache (each answer must say ``X-Page-Cache: hit``), then the first request after
    a write, which finds no entry under the new key (the cache emptied before each request:
    the same miss, render and store a write causes, without writing to the bench database)."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import override_settings  # noqa: PLC0415

    from partnerskap.config.env import Env  # noqa: PLC0415

    caches = {"default": Env({"CACHE_URL": args.cache_url}).cache("CACHE_URL", default="")}
    client = Client()
    results: list[Result] = []
    pages = [(n, u) for n, u in selected(portal_pages(t), args) if not n.startswith("search")]
    with override_settings(CACHES=caches, PARTNERSKAP_PAGE_CACHE_SECONDS=600):
        cache.clear()
        header(f"Portal, anonymous, warm page cache ({args.cache_url}; search is not shared)")
        for name, url in pages:
            client.get(url)
            if client.get(url).get("X-Page-Cache") != "hit":
                print(f"  ! {name}: not answered from the cache ({url})", flush=True)
                continue
            results.append(
                measure(
                    client,
                    "warm",
                    name,
                    url,
                    n=args.requests,
                    warmup=args.warmup,
                    target=WARM_P95_MS,
                    page_seconds=args.page_seconds,
                )
            )
            show(results[-1])
        header("Portal, the first request after a write (a new key: render and store)")
        for name, url in pages:
            if name not in AFTER_WRITE_PAGES:
                continue
            results.append(
                measure(
                    client,
                    "after write",
                    name,
                    url,
                    n=args.requests,
                    warmup=args.warmup,
                    target=AFTER_WRITE_P95_MS,
                    page_seconds=args.page_seconds,
                    before=cache.clear,
                )
            )
            show(results[-1])
        cache.clear()
    return results


#: The pages timed after a write: the busiest of each kind.
AFTER_WRITE_PAGES = ("home", "partnership", "meetings", "meeting", "item", "proposal", "area")


def signed_in(user: Any) -> Any:
    """A test client signed in as ``user`` past the second factor: the administrator and the
    secretariats must use two (``accounts.twofactor.is_required``), and a session without it
    is sent to the enrolment or code step, so every back-office page would be timed as a 302
    redirect. The second factor is ``county_view.both_factors``' (the bench user's own
    authenticator, made once)."""
    from county_view import both_factors  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client()
    client.force_login(user)
    both_factors(client, user)
    return client


def run_backoffice(t: dict[str, Any], args: argparse.Namespace) -> list[Result]:
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db.models import Count  # noqa: PLC0415

    from partnerskap.meetings.models import Meeting  # noqa: PLC0415
    from partnerskap.people import policy  # noqa: PLC0415

    users = get_user_model().objects.filter(username__in=args.users)
    results = []
    for user in sorted(users, key=lambda u: args.users.index(u.username)):
        visible = policy.partnerships_visible(user)
        meeting = (
            Meeting.objects.filter(partnership__in=visible)
            .annotate(n=Count("items"))
            .order_by("-n", "-starts_at")
            .first()
        )
        if meeting is None:
            continue
        client = signed_in(user)
        header(
            f"Back office as {user.username} ({visible.count()} partnerships, "
            f"{Meeting.objects.filter(partnership__in=visible).count()} meetings)"
        )
        for name, url in selected(backoffice_pages(t, meeting), args):
            results.append(
                measure(
                    client,
                    f"backoffice:{user.username}",
                    name,
                    url,
                    n=args.requests,
                    warmup=args.warmup,
                    target=BACKOFFICE_P95_MS,
                    page_seconds=args.page_seconds,
                )
            )
            show(results[-1])
    return results


# ----------------------------------------------------------------------------- load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    database_url: str, workers: int, static_root: str, cache_url: str = ""
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with the production settings; static files collected into ``static_root`` (a
    temporary directory) for whitenoise's manifest, as a deployment would. The shared page
    cache is off, or on in ``cache_url``."""
    port = free_port()
    env = production_server_env(
        database_url=database_url,
        static_root=static_root,
        cache_url=cache_url or "locmem://",
        cache_seconds=600 if cache_url else 0,
    )
    server = subprocess.Popen(gunicorn_command(port=port, workers=workers), env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/robots.txt", timeout=2):
                return server, base
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    msg = "gunicorn did not answer within 30 s"
    raise RuntimeError(msg)


def wrk(url: str, *, connections: int, seconds: int, etag: str = "") -> dict[str, Any]:
    threads = max(1, min(2, connections))
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    if etag:
        cmd += ["-H", f"If-None-Match: {etag}"]
    out = subprocess.run(
        [*cmd, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def ms(text: str) -> float:
        value, suffix = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
        return round(float(value) * unit[suffix], 2)

    latency = {q: ms(v) for q, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "tool": "wrk",
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": latency.get("50"),
        "p90": latency.get("90"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def python_load(
    url: str, *, connections: int, seconds: int, etag: str = "", max_requests: int = 20000
) -> dict[str, Any]:
    """A bounded load generator: ``connections`` threads with keep-alive, until ``seconds``
    have passed or ``max_requests`` were made."""
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    budget = [max_requests]

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        headers = {"If-None-Match": etag} if etag else {}
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            try:
                conn.request("GET", parts.path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 304)
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        conn.close()

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=seconds + 10)
    took = time.monotonic() - started
    return {
        "tool": "python",
        "requests": len(latencies),
        "rps": round(len(latencies) / took, 1),
        "p50": round(percentile(latencies, 0.5), 2),
        "p90": round(percentile(latencies, 0.9), 2),
        "p99": round(percentile(latencies, 0.99), 2),
        "errors": errors[0],
        "socket_errors": "",
    }


def run_load(
    t: dict[str, Any], args: argparse.Namespace, database_url: str
) -> list[dict[str, Any]]:
    from django.urls import reverse  # noqa: PLC0415

    path = reverse(
        "portal:meeting", kwargs={"partnership": t["partnership"].slug, "pk": t["meeting"].pk}
    )
    use_wrk = args.load_tool == "wrk" or (args.load_tool == "auto" and shutil.which("wrk"))
    tool: Callable[..., dict[str, Any]] = wrk if use_wrk else python_load
    print(
        f"\nLoad: meeting page {path}, gunicorn {args.workers} sync workers on 127.0.0.1, "
        f"{tool.__name__}, {args.load_seconds} s a run [load average {loadavg()}]",
        flush=True,
    )
    static_root = tempfile.mkdtemp(prefix="partnerskap-bench-static-")
    rows = []
    try:
        server, base = start_server(database_url, args.workers, static_root)
    except BaseException:
        shutil.rmtree(static_root, ignore_errors=True)
        raise
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            etag = response.headers.get("ETag", "")
        # Warm every worker (connections, templates, translations) before measuring.
        tool(base + path, connections=args.workers * 2, seconds=2)
        print(
            f"  {'run':24} {'conns':>5} {'requests':>9} {'req/s':>8} {'p50 ms':>8} "
            f"{'p90 ms':>8} {'p99 ms':>8} {'errors':>6}",
            flush=True,
        )
        for conditional in (False, True):
            for connections in args.connections:
                row = tool(
                    base + path,
                    connections=connections,
                    seconds=args.load_seconds,
                    etag=etag if conditional else "",
                )
                row.update(
                    conditional=conditional, connections=connections, workers=args.workers, url=path
                )
                rows.append(row)
                label = "conditional (304)" if conditional else "uncached (200)"
                print(
                    f"  {label:24} {connections:>5} {row['requests']:>9} {row['rps']:>8.1f} "
                    f"{row['p50']:>8} {row['p90']:>8} {row['p99']:>8} {row['errors']:>6}",
                    flush=True,
                )
    finally:
        stop_server(server)
    try:
        if args.warm:
            rows += _warm_load(path, tool, args, database_url, static_root)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return rows


def _warm_load(
    path: str,
    tool: Callable[..., dict[str, Any]],
    args: argparse.Namespace,
    database_url: str,
    static_root: str,
) -> list[dict[str, Any]]:
    """The meeting page from the shared page cache (``--load-cache-url``, which every worker
    shares), after one request has stored it."""
    rows = []
    server, base = start_server(database_url, args.workers, static_root, args.load_cache_url)
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            response.read()
        with urllib.request.urlopen(base + path, timeout=10) as response:
            state = response.headers.get("X-Page-Cache", "")
        print(f"  (page cache {args.load_cache_url}: second request {state or 'not kept'})")
        tool(base + path, connections=args.workers * 2, seconds=2)
        for connections in args.connections:
            row = tool(base + path, connections=connections, seconds=args.load_seconds)
            row.update(
                conditional=False,
                warm=True,
                connections=connections,
                workers=args.workers,
                url=path,
                cache=args.load_cache_url,
            )
            rows.append(row)
            print(
                f"  {'warm page cache (200)':24} {connections:>5} {row['requests']:>9} "
                f"{row['rps']:>8.1f} {row['p50']:>8} {row['p90']:>8} {row['p99']:>8} "
                f"{row['errors']:>6}",
                flush=True,
            )
    finally:
        stop_server(server)
    return rows


# ----------------------------------------------------------------------------- main


def dataset() -> dict[str, int]:
    from partnerskap.agreements.models import Partnership  # noqa: PLC0415
    from partnerskap.followup.models import FollowUp, Proposal  # noqa: PLC0415
    from partnerskap.meetings.models import AgendaItem, Meeting, Minutes  # noqa: PLC0415
    from partnerskap.search.models import SearchEntry  # noqa: PLC0415

    return {
        "partnerships": Partnership.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "proposals": Proposal.objects.count(),
        "follow-ups": FollowUp.objects.count(),
        "minutes": Minutes.objects.count(),
        "search entries": SearchEntry.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests",
        type=int,
        default=MIN_SAMPLES,
        help=f"timed requests a page (at least {MIN_SAMPLES}, the fewest a p95 is taken from)",
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=20.0,
        help=f"stop timing a page after this long (but never before {MIN_SAMPLES} requests)",
    )
    parser.add_argument(
        "--users", nargs="*", default=["admin", "sekretariat-radet", "bench-sekretariat"]
    )
    parser.add_argument("--no-portal", action="store_true")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="also the shared page cache: every page warm, and the first request after a write",
    )
    parser.add_argument(
        "--cache-url",
        default="locmem://",
        help="the page cache for --warm (CACHE_URL: locmem://, file:///dir, redis://host/db)",
    )
    parser.add_argument(
        "--load-cache-url",
        default=f"file://{tempfile.gettempdir()}/partnerskap-bench-page-cache",
        help="with --warm: the page cache gunicorn's workers share in the load part",
    )
    parser.add_argument("--no-backoffice", action="store_true")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--connections", type=int, nargs="*", default=[4, 16])
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--load-tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=1.5,
        help="before each part, wait for the load average to fall below this",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        help="… for at most this many seconds (0: do not wait)",
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="measure only pages whose name contains one of these"
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    if args.requests < MIN_SAMPLES:
        parser.error(f"--requests {args.requests}: a p95 needs at least {MIN_SAMPLES} requests")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("set DATABASE_URL to the bench database (made by bench/generate.py)")
    LOAD.seen[:] = print_machine().seen
    setup(database_url)
    sizes = dataset()
    print("Dataset: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()), flush=True)
    t = targets()
    print(
        f"Pages of {t['partnership'].slug}: meeting {t['meeting'].pk} "
        f"({t['meeting'].items.count()} items), proposal {t['proposal'].pk} "
        f"({t['proposal'].follow_ups.count()} follow-ups), area {t['area'].slug}, year {t['year']}",
        flush=True,
    )
    results: list[Result] = []
    wait_quiet(args.quiet_load, args.quiet_wait)
    if not args.no_portal:
        results += run_portal(t, args)
    if args.warm:
        wait_quiet(args.quiet_load, args.quiet_wait)
        results += run_warm(t, args)
    if not args.no_backoffice:
        wait_quiet(args.quiet_load, args.quiet_wait)
        results += run_backoffice(t, args)
    if not args.no_load:
        wait_quiet(args.quiet_load, args.quiet_wait)
    load = [] if args.no_load else run_load(t, args, database_url)
    busy = [r for r in results if r.verdict.startswith("not judged")]
    missed = [r for r in results if not r.met and r not in busy]
    print(
        f"\n{len(results) - len(missed) - len(busy)} of {len(results)} measured pages meet "
        f"their target; {len(missed)} do not; {len(busy)} not judged (the machine was busy or "
        f"slow: {LOAD.describe()})."
    )
    for r in missed:
        print(
            f"  NOT MET: {r.group} {r.name}: p95 {r.p95} ms (target < {r.target:g}), "
            f"{r.queries} queries"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "dataset": sizes,
                    "targets": {k: str(v) for k, v in t.items()},
                    "pages": [asdict(r) for r in results],
                    "load": load,
                },
                indent=2,
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()

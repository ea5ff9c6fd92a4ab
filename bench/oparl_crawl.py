"""OParl benchmark: a full crawl from the System, objects per second and p95 per list page.

    .venv/bin/python bench/oparl_crawl.py [--copies 20] [--documents] [--database-url URL]
    .venv/bin/python bench/oparl_crawl.py --crawl-only --lists-only --database-url URL
    .venv/bin/python bench/oparl_crawl.py --http --database-url URL [--cache-url redis://…]

It makes its own SQLite database in a temporary directory (or uses the empty database of
``--database-url``), migrates it, loads the demo (with ``--documents`` it also renders the
demo's notices and minutes, as ``partnerskap documents-process`` does, so that lists and
meetings carry files) and crawls /oparl/v1/ with Django's test client (no network: the time is
the server's), twice (the first warms up, as a running server is warm), following every URL
and every ``links.next`` at the default page sizes. Then it makes the data grow, through the
services only, by cloning the demo's held meetings ``--copies`` times: each clone gets the
same agenda (closed items closed again), is noticed, held, gets approved minutes (and their
PDFs with ``--documents``), a proposal with a follow-up per body for each proposal item, a
committee for each committee decision, and two more people join the delegations. It crawls
again and reports the same figures.

``--crawl-only`` crawls a database as it is, e.g. the large one ``bench/generate.py`` makes
(PostgreSQL; it has no documents); ``--lists-only`` reads only the list pages, following
``links.next`` from each body, as a client that syncs does (a full crawl of the generated
data fetches ~80,000 URLs). ``--per-page N`` asks for N objects per page (``elementsPerPage``)
instead of the defaults. Per list it prints the p95 of the CPU time and of the wall time of
its pages. The load average of the machine is printed with every measurement: wall times
rise with it, the CPU time of the server process much less. Every page is made anew (the
server caches no response; what it keeps per process is compiled SQL, ``oparl.prepared``).
The target of the issue is p95 under 20 ms per list page.

``--http`` crawls over the network instead, as a crawler does (``http_crawl``): gunicorn on
127.0.0.1 with the production settings and the setting docs/operations.md recommends
(``--workers 4 --worker-class gthread --threads 4 --keep-alive 5``), the shared page cache in
``--cache-url`` (emptied first; a fresh directory by default), and ``--connections`` client
connections that stay open (``http.client``, one per thread). It reads the System, the bodies,
every list of every body following ``links.next``, then **every object at its own ``id`` URL**
(listed and embedded ones, each once), checks that each answer is a 200 in JSON whose ``id``
is its URL, and reports objects per second for a cold crawl (empty cache) and a warm one. The
target of issue 21 is 2,000 objects/s with four connections.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import measure  # noqa: E402 - bench/measure.py, beside this script

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")

TARGET_P95_MS = 20.0
TARGET_OBJECTS_PER_SECOND = 2000.0
CACHE_SECONDS = 3600
START = "http://testserver/oparl/v1/"


def load_average(load: measure.Load | None = None) -> str:
    """The load average now, as text; remembered in ``load`` for the verdict."""
    one, five, _fifteen = os.getloadavg()
    if load is not None:
        load.seen.append(one)
    return f"load average {one:.1f} (5 min: {five:.1f})"


def list_pages(fetch: Any, start: str, per_page: int | None) -> Any:
    """Only the list pages: the bodies, then each body's external lists, following
    ``links.next`` (what a syncing client reads). Returns a crawl-like result."""
    import json  # noqa: PLC0415

    from partnerskap.oparl.crawler import Crawl  # noqa: PLC0415

    result = Crawl(root=start)
    suffix = f"?elementsPerPage={per_page}" if per_page else ""

    def get(url: str) -> Any:
        started = time.perf_counter()
        status, _headers, body = fetch(url)
        result.timings[url] = time.perf_counter() - started
        if status != 200:
            result.problems.append(f"{url}: HTTP {status}")
            return {}
        return json.loads(body)

    system = get(start)
    url = system.get("body", "") + suffix
    bodies = []
    while url:
        page = get(url)
        result.pages[url] = page
        bodies += page.get("data", [])
        url = page.get("links", {}).get("next", "")
    for body in bodies:
        for name in LIST_PROPERTIES:
            url = body[name] + suffix
            while url:
                page = get(url)
                result.pages[url] = page
                url = page.get("links", {}).get("next", "")
    return result


LIST_PROPERTIES = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
)


def read_again(
    fetch: Any, urls: list[str], cpu: dict[str, float], wall: list[float], cpu_ms: list[float]
) -> None:
    """A crawl of a small body reads few pages (a dozen list pages, 160 objects on the demo):
    read the same ones again, round robin, until there are ``measure.MIN_SAMPLES`` timings, so
    one pause cannot decide a p95. Throughput figures come from the crawl alone."""
    while len(wall) < measure.MIN_SAMPLES:
        url = urls[len(wall) % len(urls)]
        started = time.perf_counter()
        fetch(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu_ms.append(cpu[url] * 1000)


def run_crawl(
    label: str, *, load: measure.Load, lists_only: bool = False, per_page: int | None = None
) -> dict[str, float]:
    from django.db import connection, reset_queries  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from partnerskap.oparl.crawler import crawl  # noqa: PLC0415

    client = Client()
    queries: dict[str, int] = {}
    cpu: dict[str, float] = {}

    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        reset_queries()
        started = time.process_time()
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        if response.streaming:  # a file's bytes
            body = b"".join(response.streaming_content)
            response.close()
        else:
            body = response.content
        cpu[url] = time.process_time() - started
        queries[url] = len(connection.queries)
        return response.status_code, dict(response.headers), body

    def once() -> Any:
        if lists_only:
            return list_pages(fetch, START, per_page)
        start = f"{START}?elementsPerPage={per_page}" if per_page else START
        return crawl(fetch, start, root=START)

    once()  # warm-up
    before = load_average(load)
    started = time.perf_counter()
    result = once()
    seconds = time.perf_counter() - started
    if not result.ok:
        print(result.report())
        raise SystemExit(1)
    pages = [result.timings[url] * 1000 for url in result.pages]
    pages_cpu = [cpu[url] * 1000 for url in result.pages]
    read_again(fetch, list(result.pages), cpu, pages, pages_cpu)
    listed = sum(len(page["data"]) for page in result.pages.values())
    page_seconds = sum(result.timings[url] for url in result.pages)
    page_cpu_seconds = sum(cpu[url] for url in result.pages)
    figures = {
        "requests": len(result.timings),
        "seconds": seconds,
        "list_objects_per_second": listed / page_seconds,
        "list_objects_per_cpu_second": listed / page_cpu_seconds,
        "page_p50": statistics.median(pages),
        "page_p95": measure.p95(pages),
        "page_max": max(pages),
        "page_cpu_p50": statistics.median(pages_cpu),
        "page_cpu_p95": measure.p95(pages_cpu),
        "pages": len(result.pages),
        "page_samples": len(pages),
        "max_queries_per_page": max(queries[url] for url in result.pages),
    }
    print(f"\n{label} ({before} before, {load_average(load)} after)")
    if not lists_only:
        objects = [result.timings[url] * 1000 for url in result.objects]
        read_again(fetch, list(result.objects), cpu, objects, [])
        served = len(result.objects) + listed + len(result.embedded)
        cpu_seconds = sum(cpu[url] for url in result.objects)
        figures |= {
            "objects": len(result.objects),
            "objects_per_second": len(result.objects) / seconds,
            "object_p95": measure.p95(objects),
            "cpu_objects_per_second": len(result.objects) / cpu_seconds,
        }
        types = ", ".join(f"{name} {count}" for name, count in sorted(result.types().items()))
        print(f"  {types}")
        print(
            f"  full crawl: {figures['requests']} requests, {figures['objects']} objects at "
            f"their URLs in {seconds:.2f} s = {figures['objects_per_second']:.0f} objects/s "
            f"({served / seconds:.0f}/s counting listed and embedded copies); single objects: "
            f"p95 {figures['object_p95']:.1f} ms"
        )
    print(
        f"  list pages ({figures['pages']}, {figures['page_samples']} reads): "
        f"p50 {figures['page_p50']:.1f} ms, "
        f"p95 {figures['page_p95']:.1f} ms, max {figures['page_max']:.1f} ms wall; "
        f"CPU p50 {figures['page_cpu_p50']:.1f} ms, p95 {figures['page_cpu_p95']:.1f} ms; "
        f"at most {figures['max_queries_per_page']} queries per page"
    )
    print(
        f"  reading the lists only, as OParl clients sync: {listed} objects in "
        f"{page_seconds:.2f} s = {figures['list_objects_per_second']:.0f} objects/s "
        f"({figures['list_objects_per_cpu_second']:.0f} per CPU second)"
    )
    print_by_list("CPU", {url: cpu[url] for url in result.pages})
    print_by_list("wall", {url: result.timings[url] for url in result.pages})
    return figures


def print_by_list(kind: str, seconds: dict[str, float]) -> None:
    """The slowest page of each list (named by the last segment of the path) and how many pages
    it has: too few reads for a p95 per list, which the p95 over all lists above covers."""
    by_list: dict[str, list[float]] = {}
    for url, value in seconds.items():
        name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
        by_list.setdefault(name, []).append(value * 1000)
    print(
        f"  {kind} slowest page by list: "
        + ", ".join(
            f"{name} {max(values):.1f} ms ({len(values)} pages)"
            for name, values in sorted(by_list.items())
        )
    )


def process_documents() -> None:
    """Render the notices and minutes that have no PDF yet (``documents-process``)."""
    import io  # noqa: PLC0415

    from django.core.management import call_command  # noqa: PLC0415

    started = time.perf_counter()
    out = io.StringIO()
    call_command("documents_process", stdout=out)
    print(f"  {out.getvalue().strip()} ({time.perf_counter() - started:.0f} s)")


def grow(copies: int) -> None:
    """Clone the demo's held meetings ``copies`` times, through the services."""
    from partnerskap.agreements.models import ElectedBody, Party  # noqa: PLC0415
    from partnerskap.agreements.selectors import areas_current  # noqa: PLC0415
    from partnerskap.core import events  # noqa: PLC0415
    from partnerskap.demo.loader import PARTNERSHIP_SLUG  # noqa: PLC0415
    from partnerskap.meetings.models import Meeting  # noqa: PLC0415
    from partnerskap.people.models import Person, Role  # noqa: PLC0415
    from partnerskap.people.services import membership_create  # noqa: PLC0415

    sources = list(
        Meeting.objects.filter(
            partnership__slug=PARTNERSHIP_SLUG, status=Meeting.Status.MINUTES_APPROVED
        )
        .select_related("partnership", "location")
        .order_by("starts_at")
    )
    partnership = sources[0].partnership
    current = list(areas_current(partnership=partnership))
    council = Party.objects.get(slug="asker-og-baerum-rad")
    viken = Party.objects.get(slug="viken-fylkeskommune")
    default_bodies = list(ElectedBody.objects.filter(slug__in=["asker-kommunestyre"]))
    started = time.perf_counter()
    with events.suppressed():
        for copy in range(1, copies + 1):
            for source in sources:
                _clone(source, copy, current, default_bodies)
            for party in (council, viken):
                person = Person.objects.create(given_name=f"Kopi {copy}", family_name=party.slug)
                membership_create(
                    person=person,
                    party=party,
                    role=Role.SUBSTITUTE,
                    valid_from=dt.date(2020, 1, 1),
                    valid_to=party.valid_to,
                    actor=None,
                )
            print(f"  copy {copy}/{copies} ({time.perf_counter() - started:.0f} s)", flush=True)


def _clone(source: Any, copy: int, current: list[Any], default_bodies: list[Any]) -> None:
    from partnerskap.committees.services import Member, committee_establish  # noqa: PLC0415
    from partnerskap.followup.models import FollowUp  # noqa: PLC0415
    from partnerskap.followup.services import followup_record, proposal_create  # noqa: PLC0415
    from partnerskap.meetings.models import AgendaItem  # noqa: PLC0415
    from partnerskap.meetings.services.agenda import (  # noqa: PLC0415
        agenda_item_add,
        agenda_item_close,
        agenda_item_record_outcome,
    )
    from partnerskap.meetings.services.lifecycle import (  # noqa: PLC0415
        meeting_create,
        meeting_publish_notice,
        meeting_record_held,
    )
    from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft  # noqa: PLC0415

    allowed = {area.pk for area in current}
    starts = source.starts_at + dt.timedelta(days=copy)
    meeting = meeting_create(
        partnership=source.partnership,
        title=f"{source.title} (kopi {copy})",
        starts_at=starts,
        ends_at=source.ends_at + dt.timedelta(days=copy),
        location=source.location,
        form=source.form,
        actor=None,
    )
    pairs = []
    originals = (
        source.items.filter(withdrawn=False)
        .select_related("closed_session__legal_basis", "proposal")
        .prefetch_related("areas", "proposal__follow_ups__elected_body")
        .order_by("position")
    )
    for original in originals:
        areas = [a for a in original.areas.all() if a.pk in allowed] or current[:1]
        item = agenda_item_add(
            meeting=meeting,
            kind=original.kind,
            title=original.title,
            areas=areas,
            case_presentation=original.case_presentation,
            recommendation=original.recommendation,
            procedural_subject=original.procedural_subject,
            actor=None,
        )
        if original.is_closed:
            closed = original.closed_session
            agenda_item_close(
                item=item,
                legal_basis=closed.legal_basis,
                public_title=closed.public_title,
                actor=None,
            )
        pairs.append((original, item))
    meeting_publish_notice(meeting=meeting, actor=None)
    for original, item in pairs:
        if original.outcome:
            agenda_item_record_outcome(
                item=item, outcome=original.outcome, outcome_text=original.outcome_text, actor=None
            )
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    for original, item in pairs:
        if item.outcome == AgendaItem.Outcome.PROPOSAL and not original.is_closed:
            source_proposal = getattr(original, "proposal", None)
            bodies = (
                [f.elected_body for f in source_proposal.follow_ups.all()]
                if source_proposal is not None
                else default_bodies
            )
            proposal = proposal_create(
                item=item,
                title=item.title,
                text=item.outcome_text or item.title,
                bodies=bodies,
                sent_on=starts.date() + dt.timedelta(days=3),
                actor=None,
            )
            for follow_up in proposal.follow_ups.all():
                followup_record(
                    follow_up=follow_up,
                    status=FollowUp.Status.RECEIVED,
                    on=starts.date() + dt.timedelta(days=5),
                    actor=None,
                )
        if item.procedural_subject == AgendaItem.ProceduralSubject.COMMITTEE and item.outcome:
            chair = meeting.chaired_by
            party = source.partnership.parties.order_by("partnershipparty__position").first()
            committee_establish(
                item=item,
                name=f"Utvalg {item.case_number}",
                task="Utrede",
                mandate="Utrede og rapportere til partnerskapsmøtet.",
                starts_on=starts.date(),
                ends_on=starts.date() + dt.timedelta(days=180),
                members=[Member(chair, party)],
                areas=current[:1],
                actor=None,
            )


# ---------------------------------------------------------------------------------------------
# Over HTTP: gunicorn with the production setting and a crawler with keep-alive connections.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(
    database_url: str, cache_url: str, *, workers: int, threads: int, static_root: str
) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn with the production settings (DEBUG off), the page cache in ``cache_url`` and
    docs/operations.md's setting for crawlers: threaded workers that keep connections alive."""
    port = free_port()
    env = measure.production_server_env(
        database_url=database_url,
        static_root=static_root,
        cache_url=cache_url,
        # Longer than production's 600 s, so that on a busy machine what the lists stored is
        # still there when the crawl reaches the objects (the key changes with a write anyway).
        cache_seconds=CACHE_SECONDS,
    )
    command = measure.gunicorn_command(
        port=port,
        workers=workers,
        options=["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "5"],
    )
    print(f"server: {' '.join(command[2:])}; CACHE_URL={cache_url}", flush=True)
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    measure.stop_server(server)
    msg = "gunicorn did not answer within 60 s"
    raise RuntimeError(msg)


def server_cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """The CPU time (user and system) the gunicorn workers have used so far (Linux ``/proc``):
    what the server costs per request, less dependent on the load than the wall time."""
    total = 0
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    except OSError:
        return 0.0
    return total / os.sysconf("SC_CLK_TCK")


def empty_cache(cache_url: str) -> None:
    """Empty the page cache before the cold crawl (a Redis database is flushed: give the
    bench a database of its own)."""
    if cache_url.startswith(("redis://", "rediss://")):
        import redis  # noqa: PLC0415

        redis.Redis.from_url(cache_url).flushdb()
    elif cache_url.startswith("file://"):
        directory = Path(cache_url.removeprefix("file://"))
        if directory.is_dir():
            shutil.rmtree(directory)


@dataclass
class HttpCrawl:
    """What one crawl over HTTP saw."""

    objects: dict[str, str] = field(default_factory=dict)  # id URL → type, found in the lists
    pages: int = 0
    requests: int = 0
    object_requests: int = 0
    cache: dict[str, int] = field(default_factory=dict)  # X-Page-Cache → count
    object_cache: dict[str, int] = field(default_factory=dict)  # the same, objects only
    problems: list[str] = field(default_factory=list)
    list_seconds: float = 0.0
    object_seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0  # the gunicorn workers' (not PostgreSQL's or Redis's)

    @property
    def seconds(self) -> float:
        return self.list_seconds + self.object_seconds


class Connections:
    """``count`` threads, each with its own keep-alive connection to the server."""

    def __init__(self, port: int, count: int, result: HttpCrawl) -> None:
        self.port = port
        self.count = count
        self.result = result
        self.lock = threading.Lock()

    def get(self, connection: http.client.HTTPConnection, url: str) -> dict[str, Any] | None:
        """GET ``url`` on ``connection`` (reopened once if the server closed it); the JSON, or
        None with the problem noted."""
        path = urlsplit(url)._replace(scheme="", netloc="").geturl()
        for attempt in (1, 2):
            try:
                connection.request("GET", path, headers={"Accept": "application/json"})
                response = connection.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                if attempt == 2:
                    raise
        hit = response.getheader("X-Page-Cache", "none")
        closing = response.getheader("Connection", "").lower() == "close"
        with self.lock:
            self.result.requests += 1
            self.result.cache[hit] = self.result.cache.get(hit, 0) + 1
        if closing:
            connection.close()
        problem = ""
        if response.status != 200:
            problem = f"{url}: HTTP {response.status}"
        elif not response.getheader("Content-Type", "").startswith("application/json"):
            problem = f"{url}: {response.getheader('Content-Type')}, not JSON"
        else:
            try:
                data = json.loads(body)
            except ValueError:
                problem = f"{url}: the body is not JSON"
            else:
                if isinstance(data, dict):
                    return data
                problem = f"{url}: not a JSON object"
        with self.lock:
            self.result.problems.append(problem)
        return None

    def run(self, work: queue.Queue[str], handle: Callable[[str, dict[str, Any]], None]) -> None:
        """Fetch every URL put in ``work`` (also those ``handle`` puts while it runs)."""

        def worker() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                while True:
                    url = work.get()
                    if url == "":
                        return
                    try:
                        data = self.get(connection, url)
                        if data is not None:
                            handle(url, data)
                    except Exception as error:  # noqa: BLE001 - a problem of the crawl
                        with self.lock:
                            self.result.problems.append(f"{url}: {error!r}")
                    finally:
                        work.task_done()
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(self.count)]
        for thread in threads:
            thread.start()
        work.join()
        for _ in threads:
            work.put("")
        for thread in threads:
            thread.join()


def http_crawl(port: int, connections: int) -> HttpCrawl:
    """System → bodies → every list of every body (following ``links.next``) → every object
    found in them, listed or embedded, at its own ``id`` URL, each once."""
    from partnerskap.oparl.crawler import SCHEMA, _walk_embedded  # noqa: PLC0415

    result = HttpCrawl()
    pool = Connections(port, connections, result)
    lock = threading.Lock()
    base = f"http://127.0.0.1:{port}/oparl/v1/"
    cpu_started = time.process_time()
    started = time.perf_counter()

    def note(obj: dict[str, Any]) -> None:
        url = obj.get("id")
        if isinstance(url, str) and url.startswith(base):
            with lock:
                result.objects.setdefault(url, str(obj.get("type", "")).removeprefix(SCHEMA))

    pages: queue.Queue[str] = queue.Queue()

    def on_page(url: str, page: dict[str, Any]) -> None:
        with lock:
            result.pages += 1
        if url == base:  # the System
            pages.put(page["body"])
            return
        for obj in page.get("data", []):
            note(obj)
            for _path, inner in _walk_embedded(obj, "data"):
                note(inner)
            if str(obj.get("type", "")).removeprefix(SCHEMA) == "Body":
                for name in LIST_PROPERTIES:
                    if obj.get(name):
                        pages.put(obj[name])
        following = page.get("links", {}).get("next")
        if following:
            pages.put(following)

    pages.put(base)
    pool.run(pages, on_page)
    result.list_seconds = time.perf_counter() - started
    print(
        f"  … {result.pages} list pages read in {result.list_seconds:.1f} s, "
        f"{len(result.objects)} objects to fetch",
        flush=True,
    )

    objects: queue.Queue[str] = queue.Queue()

    def on_object(url: str, obj: dict[str, Any]) -> None:
        if obj.get("id") != url:
            with lock:
                result.problems.append(f"{url}: its id is {obj.get('id')!r}")

    for url in result.objects:
        objects.put(url)
    requests_before = result.requests
    lists_cache = dict(result.cache)
    started = time.perf_counter()
    pool.run(objects, on_object)
    result.object_seconds = time.perf_counter() - started
    result.object_requests = result.requests - requests_before
    result.object_cache = {k: v - lists_cache.get(k, 0) for k, v in result.cache.items()}
    result.client_cpu_seconds = time.process_time() - cpu_started
    return result


def run_http(args: argparse.Namespace) -> int:
    """Two crawls over HTTP against gunicorn: cold (empty page cache), then warm."""
    load = measure.print_machine()

    def stop(_signal: int, _frame: object) -> None:
        raise SystemExit(1)  # stops gunicorn on the way out (``finally``)

    signal.signal(signal.SIGTERM, stop)
    with tempfile.TemporaryDirectory(prefix="oparl-http-") as tmp:
        cache_url = args.cache_url or f"file://{tmp}/cache"
        empty_cache(cache_url)
        server, port = start_gunicorn(
            args.database_url,
            cache_url,
            workers=args.workers,
            threads=args.threads,
            static_root=f"{tmp}/static",
        )
        try:
            crawls = []
            for label in ("cold (empty page cache)", "warm (second crawl)"):
                before = load_average(load)
                cpu_before = server_cpu_seconds(server)
                crawl_result = http_crawl(port, args.connections)
                crawl_result.server_cpu_seconds = server_cpu_seconds(server) - cpu_before
                after = load_average(load)
                crawls.append(crawl_result)
                print_http(label, crawl_result, before, after, args.connections)
                if crawl_result.problems:
                    print("\n".join(crawl_result.problems[:20]))
                    return 1
        finally:
            measure.stop_server(server)
    warm = crawls[-1]
    rate = len(warm.objects) / warm.seconds
    verdict = measure.verdict(rate >= TARGET_OBJECTS_PER_SECOND, load)
    print(
        f"\ntarget ≥ {TARGET_OBJECTS_PER_SECOND:,.0f} objects/s (warm, full crawl, "
        f"{args.connections} connections): {rate:,.0f}: {verdict}"
    )
    return 0


def print_http(label: str, result: HttpCrawl, before: str, after: str, connections: int) -> None:
    count = len(result.objects)
    types = ", ".join(f"{name} {n}" for name, n in sorted(Counter(result.objects.values()).items()))
    cache = ", ".join(f"{name} {n}" for name, n in sorted(result.cache.items()))
    object_cache = ", ".join(f"{name} {n}" for name, n in sorted(result.object_cache.items()))
    print(f"\n{label} ({before} before, {after} after)")
    print(f"  {types}")
    print(
        f"  full crawl, {connections} connections: {result.requests} requests ({result.pages} "
        f"pages of lists, {result.object_requests} objects at their own URLs) in "
        f"{result.seconds:.2f} s = {count / result.seconds:,.0f} objects/s "
        f"({result.requests / result.seconds:,.0f} requests/s)"
    )
    print(
        f"  lists {result.list_seconds:.2f} s; objects alone {result.object_seconds:.2f} s = "
        f"{result.object_requests / result.object_seconds:,.0f} objects/s; X-Page-Cache: {cache} "
        f"(objects: {object_cache}); "
        f"the client's CPU {result.client_cpu_seconds:.1f} s"
    )
    if result.server_cpu_seconds:
        per_request = result.server_cpu_seconds / result.requests * 1000
        print(
            f"  the gunicorn workers' CPU {result.server_cpu_seconds:.1f} s = "
            f"{per_request:.2f} ms per request (one core: {1000 / per_request:,.0f} requests/s "
            "before PostgreSQL, Redis and the client take theirs)"
        )


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help="crawl the --database-url over HTTP: gunicorn, the page cache, keep-alive",
    )
    parser.add_argument(
        "--cache-url", help="with --http: the page cache (emptied first; default a new directory)"
    )
    http = "with --http: "
    parser.add_argument("--connections", type=int, default=4, help=f"{http}client connections")
    parser.add_argument("--workers", type=int, default=4, help=f"{http}gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help=f"{http}threads per worker")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="clones of each held meeting")
    parser.add_argument("--database-url", help="an empty database to use instead of SQLite")
    parser.add_argument(
        "--crawl-only",
        action="store_true",
        help="crawl the --database-url as it is (e.g. made by bench/generate.py), no demo",
    )
    parser.add_argument(
        "--documents",
        action="store_true",
        help="render the notices and minutes (PDF/A) so that lists and meetings carry files",
    )
    parser.add_argument(
        "--lists-only", action="store_true", help="read the list pages only, as clients sync"
    )
    parser.add_argument("--per-page", type=int, help="elementsPerPage to ask for")
    add_http_arguments(parser)
    args = parser.parse_args()
    if (args.crawl_only or args.http) and not args.database_url:
        parser.error("--crawl-only and --http need --database-url")
    if args.http:
        return run_http(args)

    tmp = tempfile.TemporaryDirectory(prefix="oparl-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("PARTNERSKAP_FILES_DIR", f"{tmp.name}/files")
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    from partnerskap.demo.loader import load_demo  # noqa: PLC0415

    setup_test_environment()
    settings.DEBUG = True  # count queries
    load = measure.print_machine()
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; {load_average()}"
    )
    crawl_options: dict[str, Any] = {
        "load": load,
        "lists_only": args.lists_only,
        "per_page": args.per_page,
    }
    if args.crawl_only:
        figures = run_crawl(args.database_url.rsplit("/", 1)[-1], **crawl_options)
        verdict = measure.verdict(figures["page_p95"] < TARGET_P95_MS, load)
        print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms per list page: {verdict}")
        return 0
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    if args.documents:
        process_documents()
    small = run_crawl("demo", **crawl_options)
    print(f"\ngrowing: {args.copies} copies of each held meeting, through the services")
    settings.DEBUG = False
    grow(args.copies)
    if args.documents:
        process_documents()
    settings.DEBUG = True
    large = run_crawl(f"demo × {args.copies + 1}", **crawl_options)
    verdict = measure.verdict(large["page_p95"] < TARGET_P95_MS, load)
    print(
        f"\ntarget p95 < {TARGET_P95_MS:.0f} ms per list page: {verdict} "
        f"(wall: demo {small['page_p95']:.1f} ms, grown {large['page_p95']:.1f} ms; "
        f"CPU: demo {small['page_cpu_p95']:.1f} ms, grown {large['page_cpu_p95']:.1f} ms)"
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Job queue benchmark: what a job adds to the request that queues it, and how fast a worker
extracts text from the demo's documents.

    .venv/bin/python bench/jobs_bench.py [--samples 500] [--database-url URL]

It migrates a throw-away database (a SQLite file in a temporary directory, or a PostgreSQL
database ``partnerskap_jobs_bench`` created and dropped on the server of ``--database-url``),
loads the demo partnership with its history and renders its notices and minutes
(``documents-process``). Then:

* **enqueue**: inside a transaction that has already written (as a service has when it
  announces), the time of
  ``events.announce("meetings.meeting_changed", …)`` (one job row) and of
  ``events.announce("meetings.notice_published", …)`` (two rows: PDF and e-mail); the commit is
  the request's own and not counted. ``--samples`` of each (≥ 200); p50, p95, max, and the
  CPU time in this process; for comparison one INSERT of an audit entry (which every service
  already writes): a job costs one such INSERT. Target: p95 under 2 ms per announced job.
* **extraction**: every stored PDF of the demo is set back to «text pending» and one
  ``extract_text`` job queued per file; one worker (the same loop as ``partnerskap worker
  --batch``) runs them all. Jobs per minute, and the median job.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from measure import MIN_SAMPLES, Load, p95, percentile, print_machine, verdict  # noqa: E402

TARGET_MS = 2.0
#: The load average seen during the run; the target is judged only when it stayed quiet.
LOAD = Load()
BENCH_DB = "partnerskap_jobs_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.samples < MIN_SAMPLES:
        parser.error(f"--samples {args.samples}: a p95 needs at least {MIN_SAMPLES}")
    samples = args.samples
    LOAD.seen[:] = print_machine().seen

    tmp = tempfile.mkdtemp(prefix="jobs-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "partnerskap.config.settings",
            "SECRET_KEY": "jobs-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "PARTNERSKAP_VAR_DIR": tmp,
            "PARTNERSKAP_FILES_DIR": f"{tmp}/files",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    server = args.database_url
    if server:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    try:
        run(samples)
    finally:
        if server:
            from django.db import connections  # noqa: PLC0415

            connections.close_all()
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


def measure(
    samples: int, meeting: object, action: Callable[[], object]
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``action`` inside a transaction that has already written
    (as a service has when it announces); the commit is the request's own, not counted."""
    from django.db import transaction  # noqa: PLC0415
    from django.db.models import F  # noqa: PLC0415

    from partnerskap.meetings.models import Meeting  # noqa: PLC0415

    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(samples):
        with transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(lock_version=F("lock_version"))  # type: ignore[attr-defined]
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def run(samples: int) -> None:
    import logging  # noqa: PLC0415

    import django  # noqa: PLC0415

    django.setup()
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from io import StringIO  # noqa: PLC0415

    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from partnerskap.core import events  # noqa: PLC0415
    from partnerskap.core.models import AuditEntry  # noqa: PLC0415
    from partnerskap.demo.loader import load_demo  # noqa: PLC0415
    from partnerskap.meetings.models import Meeting  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo()
    call_command("documents_process", stdout=StringIO())
    print(
        f"{connection.vendor}: demo loaded and its PDFs rendered in "
        f"{time.perf_counter() - started:.0f} s"
    )

    meeting = Meeting.objects.filter(notice__isnull=False).select_related("notice").first()
    assert meeting is not None
    cases = {
        "meetings.meeting_changed (1 job)": (
            "meetings.meeting_changed",
            {"meeting_id": meeting.pk},
            1,
        ),
        "meetings.notice_published (2 jobs)": (
            "meetings.notice_published",
            {"meeting_id": meeting.pk, "notice_id": meeting.notice.pk},
            2,
        ),
    }
    print(
        f"\nEnqueue, inside the transaction ({samples} samples each; "
        f"target p95 < {TARGET_MS} ms per job)"
    )
    failed = False
    for label, (name, ids, count) in cases.items():
        wall, cpu = measure(
            samples, meeting, lambda name=name, ids=ids: events.announce(name, **ids)
        )
        slowest = p95(wall)
        per_job = slowest / count
        failed |= per_job >= TARGET_MS
        print(
            f"  {label:40} p50 {statistics.median(wall):.3f} ms  p95 {slowest:.3f} ms  "
            f"max {max(wall):.3f} ms  (p95 per job {per_job:.3f} ms; "
            f"CPU in this process p95 {percentile(cpu, 0.95):.3f} ms)"
        )
    wall, cpu = measure(samples, meeting, lambda: AuditEntry.objects.create(action="bench"))
    print(
        f"  {'for comparison: one audit entry INSERT':40} p50 {statistics.median(wall):.3f} ms  "
        f"p95 {percentile(wall, 0.95):.3f} ms  max {max(wall):.3f} ms  "
        f"(CPU p95 {percentile(cpu, 0.95):.3f} ms)"
    )
    AuditEntry.objects.filter(action="bench").delete()
    DBTaskResult.objects.all().delete()

    LOAD.sample()
    extraction()
    LOAD.sample()
    result = verdict(not failed, LOAD)
    print(f"Target p95 < {TARGET_MS} ms per job: {result}")
    if result == "NOT met":
        sys.exit(1)


def extraction() -> None:
    """Every demo PDF back to «text pending», one job each, one worker runs them."""
    from django.db import transaction  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from partnerskap.core import events  # noqa: PLC0415
    from partnerskap.core.worker import run_pending  # noqa: PLC0415
    from partnerskap.documents import tasks  # noqa: PLC0415
    from partnerskap.documents.models import DocumentFile  # noqa: PLC0415

    pdfs = DocumentFile.objects.filter(kind="pdf")
    count = pdfs.count()
    size = sum(pdfs.values_list("size", flat=True))
    with transaction.atomic():
        pdfs.update(text="", text_status=DocumentFile.TextStatus.PENDING)
        for file_id in pdfs.values_list("pk", flat=True):
            events.announce("documents.text_pending", file_id=file_id)
    start = time.perf_counter()
    ran = run_pending(task_paths={tasks.extract_text.module_path})
    elapsed = time.perf_counter() - start
    durations = [
        (r.finished_at - r.started_at).total_seconds() * 1000
        for r in DBTaskResult.objects.filter(status="SUCCESSFUL")
        if r.finished_at and r.started_at
    ]
    print(
        f"\nText extraction: {ran} jobs over {count} demo PDFs ({size / 1e6:.1f} MB) in "
        f"{elapsed:.1f} s with one worker: {ran / elapsed * 60:.0f} jobs per minute "
        f"(median job {statistics.median(durations):.0f} ms)"
    )


if __name__ == "__main__":
    main()

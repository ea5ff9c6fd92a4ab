"""Helpers run inside subprocesses by tests/core/test_worker_processes.py (``python -m`` from
the checkout, so ``tests`` is importable): set up data, patch the renderer, report counts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def setup_django() -> None:
    import django

    django.setup()


def publish_a_meeting() -> None:
    """The demo partnership (no history) and one meeting whose notice is published: its PDF is
    queued (``render_notice``)."""
    setup_django()
    from partnerskap.agreements.models import Party
    from partnerskap.agreements.selectors import areas_current
    from partnerskap.demo.loader import load_demo
    from partnerskap.meetings.models import Location
    from partnerskap.meetings.services.lifecycle import meeting_publish_notice
    from tests.world import World

    partnership = load_demo(history=False).partnership
    world = World(
        partnership=partnership,
        council=Party.objects.get(slug="asker-og-baerum-rad"),
        county=Party.objects.get(slug="viken-fylkeskommune"),
        areas=list(areas_current(partnership=partnership)),
        location=Location.objects.create(name="Asker rådhus"),
        people={},
    )
    meeting = world.meeting()
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    sys.stdout.write(f"{meeting.pk}\n")


def enqueue_lines(path: str, count: str) -> None:
    setup_django()
    from django.db import transaction

    from partnerskap.core import jobs
    from tests.core.jobs_for_tests import append_line

    with transaction.atomic():
        for number in range(int(count)):
            jobs.enqueue(append_line, path=path, number=number)


def enqueue_render(meeting_id: str) -> None:
    setup_django()
    from partnerskap.core import jobs
    from partnerskap.documents.tasks import render_notice

    jobs.enqueue(render_notice, meeting_id=int(meeting_id))


def report() -> None:
    """Print the state the tests assert on, as JSON."""
    setup_django()
    from django_tasks_db.models import DBTaskResult

    from partnerskap.documents.models import Document, DocumentFile

    notices = Document.objects.filter(generated=Document.Generated.NOTICE)
    files = DocumentFile.objects.filter(document__in=notices)
    state: dict[str, Any] = {
        "notices": notices.count(),
        "versions": sorted(set(files.values_list("version", flat=True))),
        "files": files.count(),
        "jobs": sorted(DBTaskResult.objects.values_list("status", flat=True).distinct()),
        "running": DBTaskResult.objects.filter(status="RUNNING").count(),
    }
    sys.stdout.write(json.dumps(state) + "\n")


def worker_that_hangs_after_rendering(marker: str) -> None:
    """A worker whose renderer signals (``marker``) and then hangs, mid-job, until killed."""
    setup_django()
    from django.core.management import call_command

    from partnerskap.documents.pdf import render

    original = render.render_pdf_and_text

    def rendering(*args: Any, **kwargs: Any) -> Any:
        out = original(*args, **kwargs)
        Path(marker).touch()
        time.sleep(600)
        return out

    render.render_pdf_and_text = rendering  # type: ignore[assignment]
    call_command("worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])

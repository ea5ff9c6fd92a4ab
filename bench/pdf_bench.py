"""PDF benchmark: the notice of a 20-item meeting and the minutes of that meeting, as PDF/A.

    .venv/bin/python bench/pdf_bench.py [--runs 5] [--closed 2]

It builds a throw-away test database (in memory on SQLite, ``test_…`` on PostgreSQL, from
``DATABASE_URL``), loads the demo partnership without history, and creates a meeting with 20
agenda items (``--closed`` of them in closed session) with a paragraph of case presentation and a
recommendation each; publishes the notice, records outcomes and votes, holds the meeting and
approves the minutes. Then it times, per document:

* ``render``: one variant from context to PDF bytes (``render_pdf``), first run in the process
  (fonts and stylesheet not yet loaded) and the median of ``--runs`` warm runs;
* ``store``: what the job does (``notice_pdf_store`` / ``minutes_pdf_store``):
  build both contexts, render the public and the internal variant, store, extract the text.

The target is under 2 s per document on the development machine.
"""

from __future__ import annotations

import argparse
import io
import logging
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

from measure import print_machine, verdict  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")

TARGET_S = 2.0
PRESENTATION = (
    "Saken gjelder oppfølging av samarbeidsområdet, med vekt på «felles løsninger» for "
    "innbyggerne i Asker og Bærum. Administrasjonene har utredet alternativene og anbefaler at "
    "partnerskapsmøtet ber partene vurdere tiltaket i sine budsjettprosesser for neste år. "
    "Kommunesammenslåingsutredningen fra 2019 og regional plan for areal og transport er "
    "grunnlaget; vedlegget viser kostnader fordelt på partene."
)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--closed", type=int, default=2)
    args = parser.parse_args()
    load = print_machine()

    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    setup_test_environment()
    files = tempfile.mkdtemp(prefix="pdf-bench-")
    settings.PARTNERSKAP_FILES_DIR = files
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        failed = run(args.runs, args.closed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(files, ignore_errors=True)
    load.sample()
    result = verdict(not failed, load)
    print(f"Target under {TARGET_S:.0f} s per document: {result}")
    if result == "NOT met":
        sys.exit(1)


def build_meeting(closed: int) -> tuple[object, object]:
    import datetime as dt  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from partnerskap.agreements.models import Party  # noqa: PLC0415
    from partnerskap.agreements.selectors import areas_current  # noqa: PLC0415
    from partnerskap.core import events  # noqa: PLC0415
    from partnerskap.core.models import LegalBasis  # noqa: PLC0415
    from partnerskap.demo.loader import load_demo  # noqa: PLC0415
    from partnerskap.meetings.models import AgendaItem, Location, Minutes, Vote  # noqa: PLC0415
    from partnerskap.meetings.services import agenda, lifecycle, minutes  # noqa: PLC0415

    with events.suppressed():
        demo = load_demo(history=False)
        partnership = demo.partnership
        areas = list(areas_current(partnership=partnership))
        start = dt.datetime(2022, 3, 15, 10, tzinfo=ZoneInfo("Europe/Oslo"))
        meeting = lifecycle.meeting_create(
            partnership=partnership,
            title="Partnerskapsmøte våren 2022",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            location=Location.objects.create(name="Asker rådhus", room="Formannskapssalen"),
            actor=None,
        )
        basis = LegalBasis.objects.get(code="kl-11-5-2-a")
        items = []
        for number in range(20):
            item = agenda.agenda_item_add(
                meeting=meeting,
                kind=AgendaItem.Kind.PROPOSAL,
                title=f"Sak {number + 1}: samarbeid om {areas[number % len(areas)].name}",
                case_presentation=PRESENTATION,
                recommendation="Partnerskapsmøtet foreslår for partene at tiltaket følges opp.",
                areas=[areas[number % len(areas)]],
                actor=None,
            )
            if number < closed:
                agenda.agenda_item_close(
                    item=item, legal_basis=basis, public_title="Personalsak", actor=None
                )
            items.append(item)
        lifecycle.meeting_publish_notice(meeting=meeting, actor=None)
        council = Party.objects.get(slug="asker-og-baerum-rad")
        for item in items:
            agenda.agenda_item_record_outcome(
                item=item,
                outcome=AgendaItem.Outcome.PROPOSAL,
                outcome_text="Partnerskapsmøtet sluttet seg til innstillingen.",
                actor=None,
            )
            agenda.vote_record(
                item=item,
                motion="Innstillingen",
                party=council,
                choice=Vote.Choice.FOR,
                actor=None,
            )
        lifecycle.meeting_record_held(meeting=meeting, actor=None)
        approved = minutes.minutes_approve(
            minutes=minutes.minutes_draft(meeting=meeting, actor=None), actor=None
        )
    assert isinstance(approved, Minutes)
    return meeting, approved


def run(runs: int, closed: int) -> bool:
    """Print the timings; True if a document missed the target."""
    from pypdf import PdfReader  # noqa: PLC0415

    from partnerskap.documents.pdf import minutes as minutes_pdf  # noqa: PLC0415
    from partnerskap.documents.pdf import notice as notice_pdf  # noqa: PLC0415
    from partnerskap.documents.pdf.render import render_pdf  # noqa: PLC0415
    from partnerskap.documents.services import (  # noqa: PLC0415
        minutes_pdf_store,
        notice_pdf_store,
    )
    from partnerskap.meetings.selectors import minutes_public  # noqa: PLC0415

    meeting, approved = build_meeting(closed)
    contexts = {
        "notice": (notice_pdf.TEMPLATE, notice_pdf.notice_context(meeting, internal=False)),
        "minutes": (
            minutes_pdf.TEMPLATE,
            minutes_pdf.minutes_context(
                minutes_public(meeting=meeting) or {},
                partnership=meeting.partnership.name,
                internal=None,
            ),
        ),
    }
    print(f"20 items, {closed} closed; {runs} warm runs; target < {TARGET_S:.1f} s per document")
    failed = False
    for name, (template, context) in contexts.items():
        first = timed(lambda t=template, c=context: render_pdf(t, c))
        warm = [timed(lambda t=template, c=context: render_pdf(t, c)) for _ in range(runs)]
        pages = len(PdfReader(io.BytesIO(render_pdf(template, context))).pages)
        print(
            f"{name:8} render one variant: first {first:.2f} s, warm median "
            f"{statistics.median(warm):.2f} s ({pages} pages)"
        )
    for name, store, arg in (
        ("notice", notice_pdf_store, meeting.pk),
        ("minutes", minutes_pdf_store, approved.pk),
    ):
        seconds = timed(lambda s=store, a=arg: s(a))
        document = store(arg)
        variants = document.files.count() if document else 0
        print(f"{name:8} store (both variants, text extracted): {seconds:.2f} s, {variants} files")
        failed = failed or seconds >= TARGET_S
    return failed


if __name__ == "__main__":
    main()

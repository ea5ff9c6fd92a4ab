"""``partnerskap documents-process``: do the document work that is still waiting, now.

Text extraction and PDF rendering are jobs that ``partnerskap worker`` runs. This command runs
the document jobs waiting in the queue at once, in this process, and then catches up on work
no job asked for (history loaded with events suppressed, such as the demo): pending text
extraction, notices of published meetings and approved minutes that have no stored PDF yet.
With ``--sweep`` it also removes blobs no file row refers to (left by uploads whose transaction
rolled back), once they are older than a day. Every step is idempotent.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Max

from partnerskap.core.worker import run_pending
from partnerskap.documents import storage, tasks
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import (
    document_file_extract_text,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.meetings.models import Meeting, Minutes
from partnerskap.meetings.public import agenda_public_q, notice_issued_q

SWEEP_AGE = 24 * 60 * 60


class Command(BaseCommand):
    help = "Extract pending text, render missing notices and minutes, optionally sweep blobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sweep", action="store_true", help="Remove unreferenced blobs older than a day."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document_jobs = (tasks.extract_text, tasks.render_notice, tasks.render_minutes)
        queued = run_pending(task_paths={t.module_path for t in document_jobs}, in_process=True)
        self.stdout.write(f"Queued document jobs run: {queued}")
        extracted = 0
        for file_id in DocumentFile.objects.filter(
            text_status=DocumentFile.TextStatus.PENDING
        ).values_list("pk", flat=True):
            extracted += document_file_extract_text(file_id) is not None
        noticed = 0
        have_notice = Document.objects.filter(generated=Document.Generated.NOTICE).values(
            "meeting_id"
        )
        for meeting_id in (
            Meeting.objects.filter(agenda_public_q(), notice_issued_q())
            .exclude(pk__in=have_notice)
            .values_list("pk", flat=True)
        ):
            noticed += notice_pdf_store(meeting_id) is not None
        minuted = 0
        have_minutes = Document.objects.filter(generated=Document.Generated.MINUTES).values(
            "meeting_id"
        )
        latest = (
            Minutes.objects.filter(status=Minutes.Status.APPROVED)
            .exclude(meeting_id__in=have_minutes)
            .values("meeting_id")
            .annotate(version=Max("version"))
        )
        for row in latest:
            minutes = Minutes.objects.get(meeting_id=row["meeting_id"], version=row["version"])
            minuted += minutes_pdf_store(minutes.pk) is not None
        self.stdout.write(
            f"Text extracted: {extracted}; notices rendered: {noticed}; minutes rendered: {minuted}"
        )
        if options["sweep"]:
            self.stdout.write(f"Unreferenced blobs removed: {self._sweep()}")

    def _sweep(self) -> int:
        referenced = set(DocumentFile.objects.values_list("sha256", flat=True))
        cutoff = time.time() - SWEEP_AGE
        removed = 0
        for sha256, modified in list(storage.all_blobs()):
            if sha256 not in referenced and modified < cutoff:
                storage.discard(sha256)
                removed += 1
        return removed

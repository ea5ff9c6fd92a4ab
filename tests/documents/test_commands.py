"""The catch-up command and the annual report command."""

from __future__ import annotations

import datetime as dt
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerskap.core import events
from partnerskap.documents import storage
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_upload
from partnerskap.meetings.services.lifecycle import meeting_record_held
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from tests.documents import files
from tests.documents.conftest import stored_blobs

pytestmark = pytest.mark.django_db


def _history(published) -> None:
    meeting = published()
    item = meeting.items.get()
    from partnerskap.meetings.services.agenda import agenda_item_record_outcome

    agenda_item_record_outcome(
        item=item, outcome="noted", outcome_text="Tatt til orientering", actor=None
    )
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    document_upload(
        owner=item,
        title="Vedlegg",
        document_type="vedlegg",
        document_date=dt.date(2022, 3, 1),
        content=files.docx_file("Venter på uttrekk"),
        actor=None,
    )


def test_documents_process_runs_the_queued_document_jobs_now(published):
    _history(published)
    out = StringIO()
    call_command("documents_process", stdout=out)
    assert "Queued document jobs run: 3" in out.getvalue()  # extraction, notice, minutes
    assert "Text extracted: 0; notices rendered: 0; minutes rendered: 0" in out.getvalue()
    assert set(Document.objects.values_list("generated", flat=True)) == {"", "notice", "minutes"}


def test_documents_process_catches_up_on_history_loaded_without_events(published):
    with events.suppressed():  # as the demo loads its past: no jobs were queued
        _history(published)
    out = StringIO()
    call_command("documents_process", stdout=out)
    assert "Text extracted: 1; notices rendered: 1; minutes rendered: 1" in out.getvalue()
    assert not DocumentFile.objects.filter(text_status="pending").exists()
    assert set(Document.objects.values_list("generated", flat=True)) == {"", "notice", "minutes"}
    out = StringIO()
    call_command("documents_process", stdout=out)  # idempotent
    assert "Text extracted: 0; notices rendered: 0; minutes rendered: 0" in out.getvalue()


def test_sweep_removes_only_old_unreferenced_blobs(published):
    document_upload(
        owner=published().items.get(),
        title="Vedlegg",
        document_type="vedlegg",
        document_date=dt.date(2022, 3, 1),
        content=files.pdf(),
        actor=None,
    )
    kept = stored_blobs()
    orphan, _ = storage.put(b"left by a rolled-back upload")
    recent, _ = storage.put(b"an upload still in its transaction")
    old = time.time() - 2 * 24 * 3600
    os.utime(storage.path_of(orphan), (old, old))
    os.utime(storage.path_of(kept[0]), (old, old))
    out = StringIO()
    call_command("documents_process", "--sweep", stdout=out)
    assert "Unreferenced blobs removed: 1" in out.getvalue()
    left = set(stored_blobs())
    assert orphan not in left
    assert {*kept, recent} <= left  # (the notice the command rendered is there too)


def test_the_annual_report_command(world):
    out = StringIO()
    call_command(
        "documents_annual_report",
        "--partnership",
        world.partnership.slug,
        "--year",
        "2022",
        stdout=out,
    )
    assert "Årsrapport 2022" in out.getvalue()
    assert Document.objects.get().generated == "annual_report"
    with pytest.raises(CommandError):
        call_command("documents_annual_report", "--partnership", "finnes-ikke", "--year", "2022")

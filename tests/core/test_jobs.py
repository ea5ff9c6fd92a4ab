"""The job queue (core.jobs, core.worker) and the event seam (core.events): jobs are rows
written in the service's transaction, retried with backoff, kept visible when they fail for
good, and a failing derived step never deletes or hides what was stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerskap.core import events, jobs
from partnerskap.core.health import job_backlog
from partnerskap.documents import storage
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services.uploads import Checked, file_row
from partnerskap.documents.validation import PDF
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.search import indexer
from partnerskap.search import tasks as search_tasks
from partnerskap.search.models import SearchEntry
from tests.core import jobs_for_tests
from tests.documents import files
from tests.world import oslo

pytestmark = pytest.mark.django_db
Status = jobs.Status


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def rows(made) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=made.module_path))


def test_an_upload_whose_indexing_fails_keeps_its_file_and_download_and_the_job_retries(
    world, run_jobs, monkeypatch
):
    """The finding: a valid PDF upload ended in a 500 with its rows saved and its file deleted,
    because the after-save indexing hit «database is locked»."""
    meeting = world.meeting(oslo(2024, 3, 12))
    item = world.item(meeting, title="Innfartsparkering")
    meeting_publish_notice(meeting=meeting, actor=None)  # its documents are public
    run_jobs()

    def locked(document_id: int) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(indexer, "index_document", locked)
    client = signed_in("sekretariat-radet")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/sekretariat/saker/{item.pk}/dokumenter/",
        {
            "title": "Saksframlegg",
            "document_type": "saksframlegg",
            "document_date": "2024-03-01",
            "file": SimpleUploadedFile(
                "saksframlegg.pdf", files.pdf("Parkering"), "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    file = document.files.get()

    run_jobs()  # extraction succeeds; indexing (after the upload, after the text) fails
    failed = rows(search_tasks.index_document)
    assert len(failed) == 2
    for row in failed:
        assert row.status == Status.READY  # waiting for its second attempt
        assert row.run_after > timezone.now()
        assert len(row.worker_ids) == 1
        assert "database is locked" in row.traceback

    # Nothing stored is lost or hidden: the rows, the blob, the download.
    assert DocumentFile.objects.filter(pk=file.pk).exists()
    assert storage.exists(file.sha256)
    download = client.get(reverse("documents:file", kwargs={"pk": file.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    monkeypatch.undo()
    assert run_jobs() == 0  # not before its backoff
    with time_machine.travel(timezone.now() + jobs.backoff(1) + dt.timedelta(seconds=1)):
        assert run_jobs() == 2
    assert {row.status for row in rows(search_tasks.index_document)} == {Status.SUCCESSFUL}
    assert SearchEntry.objects.filter(kind="document", object_id=document.pk).exists()


def test_a_failure_after_the_rows_are_saved_never_deletes_their_blob(world):
    """Defence in depth for the same finding: whatever fails after the file row is saved (an
    after-commit step in the old code), ``storage.staged`` keeps a blob a row refers to."""
    item = world.item(world.meeting(oslo(2024, 3, 12)))
    data = files.pdf("Beholdes")
    document = Document.objects.create(
        partnership=item.partnership,
        item=item,
        title="Vedlegg",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2024, 3, 1),
    )

    def save_then_fail(blob: bytes, *, row: bool) -> None:
        with storage.staged(blob):
            with transaction.atomic():
                if row:
                    file_row(
                        document=document,
                        version=1,
                        variant=DocumentFile.Variant.MAIN,
                        checked=Checked(blob, PDF, "vedlegg.pdf"),
                        actor=None,
                    )
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError):
        save_then_fail(data, row=True)
    assert storage.exists(storage.digest(data))
    other = files.pdf("Rulles tilbake")
    with pytest.raises(RuntimeError):
        save_then_fail(other, row=False)
    assert not storage.exists(storage.digest(other))  # no row refers to it: the blob goes


def test_a_job_is_retried_with_backoff_then_stays_failed_and_visible_with_a_retry(
    db, run_jobs, admin_client
):
    jobs_for_tests.CALLS.clear()
    jobs.enqueue(jobs_for_tests.always_fails, label="smtp")
    start = timezone.now()
    waits = []
    for attempt in (1, 2):
        with time_machine.travel(start + sum(waits, dt.timedelta()), tick=False):
            assert run_jobs(jobs_for_tests.always_fails) == 1
        [row] = rows(jobs_for_tests.always_fails)
        assert row.status == Status.READY
        waits.append(jobs.backoff(attempt) + dt.timedelta(seconds=1))
        assert row.run_after >= start + sum(waits[:-1], dt.timedelta()) + jobs.backoff(attempt)
    assert jobs.backoff(2) > jobs.backoff(1)
    with time_machine.travel(start + sum(waits, dt.timedelta()), tick=False):
        assert run_jobs(jobs_for_tests.always_fails) == 1
    [row] = rows(jobs_for_tests.always_fails)
    assert row.status == Status.FAILED
    assert jobs_for_tests.CALLS == ["smtp"] * 3
    assert row.exception_class_path == "builtins.ConnectionError"
    assert DBTaskResult.objects.filter(status=Status.FAILED).count() == 1

    listing = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist")
    ).content.decode()
    assert "always_fails" in listing
    assert "the smtp service is down" in listing
    assert "3 / 3" in listing
    detail = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[row.pk])
    )
    assert "ConnectionError: the smtp service is down" in detail.content.decode()
    response = admin_client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "retry", "_selected_action": [str(row.pk)]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.READY
    with time_machine.travel(start + sum(waits, dt.timedelta()), tick=False):
        assert run_jobs(jobs_for_tests.always_fails) == 1  # run again at once
    assert len(jobs_for_tests.CALLS) == 4


def test_a_retried_job_waits_from_the_retry_not_from_its_first_enqueue(db):
    """An operator retries a job that failed hours ago: /readyz measures the wait from the
    retry, so it does not turn unready until a worker takes the job."""
    with time_machine.travel(timezone.now() - dt.timedelta(hours=2), tick=False):
        jobs.enqueue(jobs_for_tests.always_fails, label="old")
    row = rows(jobs_for_tests.always_fails)[0]
    DBTaskResult.objects.filter(pk=row.pk).update(status=jobs.Status.FAILED)
    row.refresh_from_db()
    assert jobs.job_retry(result=row)
    assert job_backlog().oldest_waiting_seconds < 60


def test_a_job_whose_worker_died_is_put_back_and_counted(db, settings):
    settings.PARTNERSKAP_JOB_TIMEOUT = 60
    jobs.enqueue(jobs_for_tests.always_fails, label="x")
    row = rows(jobs_for_tests.always_fails)[0]
    row.claim("dead-worker")
    now = timezone.now()
    assert jobs.recover_abandoned(now=now + dt.timedelta(seconds=30)) == 0  # still in time
    assert jobs.recover_abandoned(now=now + dt.timedelta(seconds=61)) == 1
    row.refresh_from_db()
    assert row.status == Status.READY
    assert "stopped while running attempt 1" in row.traceback
    for worker in ("w2", "w3"):
        row.claim(worker)
    assert jobs.recover_abandoned(now=now + dt.timedelta(minutes=5)) == 1
    row.refresh_from_db()
    assert row.status == Status.FAILED  # its third and last attempt died too


def test_events_are_jobs_in_the_same_transaction_and_one_switch_silences_them(world):
    meeting = world.meeting()
    with transaction.atomic():
        events.announce("meetings.meeting_changed", meeting_id=meeting.pk)
        assert len(rows(search_tasks.index_meeting)) == 1  # written by this transaction
        transaction.set_rollback(True)
    assert rows(search_tasks.index_meeting) == []
    with events.suppressed():
        events.announce("meetings.meeting_changed", meeting_id=meeting.pk)
    assert rows(search_tasks.index_meeting) == []
    with pytest.raises(events.UnknownEventError):
        events.announce("meetings.meeting_moved", meeting_id=meeting.pk)
    with pytest.raises(TypeError, match="carries meeting_id"):
        events.announce("meetings.meeting_changed", id=meeting.pk)


def test_search_documents_and_mail_subscribe_in_their_apps():
    assert search_tasks.index_meeting in events.subscribers("meetings.meeting_changed")
    names = {job.name for job in events.subscribers("meetings.notice_published")}
    assert names == {"render_notice", "mail_notice", "subscribers_notice"}
    assert {job.name for job in events.subscribers("documents.document_changed")} == {
        "index_document"
    }

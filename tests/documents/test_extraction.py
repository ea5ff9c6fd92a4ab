"""Text extraction for search: a job queued with the upload, stored on the file; a failure is
recorded and shown, and never blocks the upload."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from partnerskap.core import events
from partnerskap.documents import extraction, tasks
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_file_retry_extraction, document_upload
from partnerskap.search import tasks as search_tasks
from partnerskap.search.models import SearchEntry
from tests.documents import files

pytestmark = pytest.mark.django_db
Status = DocumentFile.TextStatus


def upload(owner, data: bytes) -> Document:
    return document_upload(
        owner=owner,
        title="Vedlegg",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        content=data,
        actor=None,
    )


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: files.pdf("Ærlig sak om øyer og åser"), "Ærlig sak om øyer og åser"),
        (lambda: files.docx_file("Kommunesammenslåingsutredningen «ny»"), "Celle B"),
        (lambda: files.odt_file("Notat om bærekraft og æøå"), "Notat om bærekraft og æøå"),
        (lambda: files.xlsx_file("Budsjett for samarbeidet"), "12345"),
    ],
)
def test_text_is_extracted_with_the_libraries(make, expected):
    kind = {b"%PDF": "pdf"}.get(make()[:4])
    data = make()
    if kind is None:
        from partnerskap.documents.validation import inspect_upload

        kind = inspect_upload(data).kind
    assert expected in extraction.extract_text(kind, data)


def test_extraction_is_a_job_queued_with_the_upload(published, run_jobs):
    item = published().items.get()
    document = upload(item, files.docx_file("Først etter commit"))
    file = document.files.get()
    assert file.text_status == Status.PENDING  # the upload did not wait
    assert DBTaskResult.objects.filter(
        task_path=tasks.extract_text.module_path, args_kwargs__kwargs={"file_id": file.pk}
    ).exists()
    assert run_jobs(tasks.extract_text) == 1
    file.refresh_from_db()
    assert file.text_status == Status.DONE
    assert "Først etter commit" in file.text
    assert file.text_extracted_at is not None
    assert run_jobs(tasks.extract_text) == 0  # done once


def test_a_failed_extraction_is_recorded_and_can_be_retried(published, monkeypatch, jobs_after):
    item = published().items.get()

    def broken(data: bytes) -> str:
        raise ValueError("the parser choked")

    monkeypatch.setitem(extraction.EXTRACTORS, "pdf", broken)
    with jobs_after():
        document = upload(item, files.pdf("Tekst"))
    file = document.files.get()
    assert file.text_status == Status.FAILED
    assert file.text_error == "ValueError: the parser choked"
    assert Document.objects.filter(pk=document.pk).exists()  # the upload stands

    monkeypatch.undo()
    with jobs_after():
        document_file_retry_extraction(file=file, actor=None)
    file.refresh_from_db()
    assert file.text_status == Status.DONE
    assert file.text_error == ""
    assert "Tekst" in file.text


def test_images_have_no_text_to_extract(published):
    document = upload(published().items.get(), files.png())
    assert document.files.get().text_status == Status.NONE


def test_the_search_index_hears_of_a_change_through_a_job(published, run_jobs):
    item = published().items.get()
    run_jobs(search_tasks.index_meeting)
    document = upload(item, files.pdf())
    queued = DBTaskResult.objects.filter(task_path=search_tasks.index_document.module_path)
    assert [q.args_kwargs["kwargs"] for q in queued] == [{"document_id": document.pk}]
    assert run_jobs(search_tasks.index_document) == 1
    assert SearchEntry.objects.filter(kind="document", object_id=document.pk).exists()


def test_suppressed_events_leave_the_work_for_the_command(published, run_jobs):
    item = published().items.get()
    with events.suppressed():
        document = upload(item, files.docx_file("Senere"))
    assert run_jobs(tasks.extract_text) == 0
    assert document.files.get().text_status == Status.PENDING

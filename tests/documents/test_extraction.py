"""Text extraction for search: after commit, stored on the file; a failure is recorded and shown,
and never blocks the upload."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from partnerskap.documents import extraction, jobs
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_file_retry_extraction, document_upload
from partnerskap.documents.signals import document_changed
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


def test_extraction_waits_for_the_commit(published, django_capture_on_commit_callbacks):
    item = published().items.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = upload(item, files.docx_file("Først etter commit"))
    file = document.files.get()
    assert file.text_status == Status.PENDING  # the upload did not wait
    for callback in callbacks:
        callback()
    file.refresh_from_db()
    assert file.text_status == Status.DONE
    assert "Først etter commit" in file.text
    assert file.text_extracted_at is not None


def test_a_failed_extraction_is_recorded_and_can_be_retried(
    published, monkeypatch, django_capture_on_commit_callbacks
):
    item = published().items.get()

    def broken(data: bytes) -> str:
        raise ValueError("the parser choked")

    monkeypatch.setitem(extraction.EXTRACTORS, "pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(item, files.pdf("Tekst"))
    file = document.files.get()
    assert file.text_status == Status.FAILED
    assert file.text_error == "ValueError: the parser choked"
    assert Document.objects.filter(pk=document.pk).exists()  # the upload stands

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        document_file_retry_extraction(file=file, actor=None)
    file.refresh_from_db()
    assert file.text_status == Status.DONE
    assert file.text_error == ""
    assert "Tekst" in file.text


def test_images_have_no_text_to_extract(published):
    document = upload(published().items.get(), files.png())
    assert document.files.get().text_status == Status.NONE


def test_listeners_hear_of_changes_after_commit(published, django_capture_on_commit_callbacks):
    heard: list[dict[str, object]] = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    document_changed.connect(listener)
    try:
        item = published().items.get()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = upload(item, files.pdf())
        assert heard == []
        for callback in callbacks:
            callback()
    finally:
        document_changed.disconnect(listener)
    assert len(heard) == 1
    assert heard[0]["document_id"] == document.pk
    assert heard[0]["partnership_id"] == item.partnership_id
    assert heard[0]["meeting_id"] == item.meeting_id


def test_jobs_run_on_a_background_thread_in_thread_mode(settings):
    settings.PARTNERSKAP_DOCUMENTS_BACKGROUND = "thread"
    done = threading.Event()
    seen: list[str] = []

    def job(label: str) -> None:
        seen.append(f"{label} on {threading.current_thread().name}")
        done.set()

    jobs.run(job, "render")
    assert done.wait(10)
    assert seen[0].startswith("render on documents")


def test_command_mode_leaves_the_work_to_the_command(settings):
    settings.PARTNERSKAP_DOCUMENTS_BACKGROUND = "command"
    ran: list[int] = []
    jobs.run(ran.append, 1)
    assert ran == []
    settings.PARTNERSKAP_DOCUMENTS_BACKGROUND = "sometimes"
    with pytest.raises(ValueError, match="PARTNERSKAP_DOCUMENTS_BACKGROUND"):
        jobs.run(ran.append, 1)


def test_suppressed_jobs_are_left_for_the_command(published, django_capture_on_commit_callbacks):
    item = published().items.get()
    with jobs.suppressed(), django_capture_on_commit_callbacks(execute=True):
        document = upload(item, files.docx_file("Senere"))
    assert document.files.get().text_status == Status.PENDING

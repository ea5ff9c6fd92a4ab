"""Generated PDF/A documents: the notice, the minutes and the annual report, each with a public
variant (exempt content left out, legal basis shown) and, when there is closed content, an
internal variant for members; parsed back with pypdf."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from partnerskap.documents import tasks
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.selectors import documents_public
from partnerskap.documents.services import (
    annual_report_pdf_store,
    document_upload,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.meetings.models import Minutes
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct
from tests.canary import CANARY, make_record
from tests.documents import files
from tests.documents.conftest import stored_blobs
from tests.documents.pdfs import embedded_fonts, pages_text, reader, text, xmp

pytestmark = pytest.mark.django_db
Variant = DocumentFile.Variant


def assert_archival(file: DocumentFile, title: str) -> None:
    """PDF/A-2u identification in the XMP, language nb, the title, embedded fonts, tags."""
    pdf = reader(file)
    metadata = xmp(pdf)
    assert 'pdfaid:part="2"' in metadata
    assert 'pdfaid:conformance="U"' in metadata
    assert pdf.trailer["/Root"]["/Lang"] == "nb"
    assert pdf.metadata is not None
    assert pdf.metadata.title is not None
    assert pdf.metadata.title.startswith(title)
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    fonts = embedded_fonts(pdf)
    assert fonts
    assert all(fonts)
    assert file.pdfa


def assert_every_page_has(file: DocumentFile, *expected: str) -> None:
    pages = pages_text(reader(file))
    for number, page in enumerate(pages, start=1):
        for needle in expected:
            assert needle in page, (number, needle)
        assert f"Side {number} av {len(pages)}" in page


@pytest.fixture
def record(world):
    return make_record(world)


def test_l1_the_notice_is_stored_as_public_and_internal_pdf_a(record):
    meeting = record.meeting
    document = notice_pdf_store(meeting.pk)
    assert document is not None
    assert document.meeting == meeting
    assert document.document_type == Document.Type.INNKALLING
    internal = document.files.get(variant=Variant.MAIN)
    public = document.files.get(variant=Variant.PUBLIC)
    assert internal.filename.endswith("-intern.pdf")

    public_text = text(public)
    assert "Innkalling" in public_text
    assert "Saksliste" in public_text
    assert "Partnerskapsmøte <b>«vår»</b>" in public_text  # escaped, not markup
    assert "Innfartsparkering" in public_text
    assert "Personalsak" in public_text
    assert "kommuneloven § 11-5 andre ledd bokstav a" in public_text
    assert CANARY not in public_text
    assert "Intern versjon" not in public_text
    assert_archival(public, "Innkalling – Partnerskapsmøte")
    assert_every_page_has(public, meeting.partnership.name, "Innkalling ·")

    internal_text = text(internal)
    assert f"Tilsetting {CANARY}" in internal_text
    assert f"Saksframstilling {CANARY}" in internal_text
    assert "Intern versjon" in internal_text
    assert_archival(internal, "Innkalling – Partnerskapsmøte")
    assert_every_page_has(internal, meeting.partnership.name, "Intern versjon")

    # The public may read the public variant only; its text is what search gets.
    [entry] = documents_public(meeting=meeting, with_text=True)
    assert entry.file is not None
    assert entry.file.pk == public.pk
    assert "Saksliste" in entry.extracted_text
    assert CANARY not in entry.extracted_text


def test_storing_the_notice_again_is_idempotent_and_a_change_makes_a_new_version(record):
    meeting = record.meeting
    first = notice_pdf_store(meeting.pk)
    blobs = stored_blobs()
    again = notice_pdf_store(meeting.pk)
    assert again == first
    assert stored_blobs() == blobs
    assert DocumentFile.objects.filter(document=first).count() == 2
    document_upload(
        owner=record.open_item,
        title="Vedlegg om parkering",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        content=files.pdf(),
        actor=None,
    )
    changed = notice_pdf_store(meeting.pk)
    assert changed == first
    assert set(DocumentFile.objects.filter(document=first).values_list("version", flat=True)) == {
        1,
        2,
    }
    assert "Vedlegg om parkering" in text(first.files.get(version=2, variant=Variant.PUBLIC))


def test_a_meeting_without_closed_content_gets_one_public_notice(published):
    meeting = published()
    document = notice_pdf_store(meeting.pk)
    assert document is not None
    [only] = document.files.all()
    assert only.variant == Variant.MAIN
    assert [e.file.pk for e in documents_public(meeting=meeting) if e.file] == [only.pk]
    assert_archival(only, "Innkalling")


def test_no_notice_before_it_is_published(world):
    meeting = world.meeting()
    world.item(meeting)
    assert notice_pdf_store(meeting.pk) is None
    assert notice_pdf_store(999_999) is None
    assert not Document.objects.exists()


def test_l4_the_approved_minutes_are_stored_with_the_internal_part_only_internal(record):
    meeting = record.meeting
    minutes = Minutes.objects.get(meeting=meeting, status=Minutes.Status.APPROVED)
    document = minutes_pdf_store(minutes.pk)
    assert document is not None
    assert document.document_type == Document.Type.PROTOKOLL
    public = document.files.get(variant=Variant.PUBLIC)
    internal = document.files.get(variant=Variant.MAIN)

    public_text = text(public)
    assert "Møtebok" in public_text
    assert "Personalsak" in public_text
    assert "kommuneloven § 11-5 andre ledd bokstav a" in public_text
    assert "Godkjent" in public_text or "godkjent" in public_text
    assert CANARY not in public_text
    assert_archival(public, "Møtebok – Partnerskapsmøte")
    assert_every_page_has(public, meeting.partnership.name, "Møtebok ·")

    internal_text = text(internal)
    assert f"Tilsetting {CANARY}" in internal_text
    assert f"Konklusjon {CANARY}" in internal_text
    assert_archival(internal, "Møtebok – Partnerskapsmøte")

    assert minutes_pdf_store(minutes.pk) == document  # idempotent
    assert document.files.count() == 2


def test_l4_corrected_minutes_become_a_new_version_and_old_runs_do_nothing(record):
    meeting = record.meeting
    first = Minutes.objects.get(meeting=meeting, status=Minutes.Status.APPROVED)
    document = minutes_pdf_store(first.pk)
    corrected = minutes_approve(
        minutes=minutes_correct(meeting=meeting, reason="Feil i navneliste", actor=None),
        actor=None,
    )
    assert minutes_pdf_store(first.pk) is None  # superseded
    assert minutes_pdf_store(corrected.pk) == document
    latest = document.files.get(version=2, variant=Variant.PUBLIC)
    assert "Feil i navneliste" in text(latest)


def test_draft_minutes_are_not_rendered(record):
    from partnerskap.meetings.services.minutes import minutes_draft

    meeting = record.meeting
    draft = minutes_correct(meeting=meeting, reason="Skrivefeil", actor=None)
    assert draft.status == Minutes.Status.DRAFT
    assert minutes_pdf_store(draft.pk) is None
    assert minutes_draft  # imported for symmetry with the services


def test_l3_the_public_annual_report_leaves_closed_items_out(record):
    partnership = record.meeting.partnership
    document = annual_report_pdf_store(partnership.pk, 2022)
    assert document is not None
    assert document.report_year == 2022
    assert document.owner == partnership
    public = document.files.get(variant=Variant.PUBLIC)
    internal = document.files.get(variant=Variant.MAIN)
    public_text = text(public)
    assert "Årsrapport 2022" in public_text
    assert "slik den står per" in " ".join(public_text.split())  # follow-up as of the day made
    assert CANARY not in public_text  # the committee set up in closed session is unnamed
    assert "opprettet i lukket møte" in public_text
    assert "kommuneloven § 11-5 andre ledd bokstav a" in public_text
    assert f"Utvalg {CANARY}" in text(internal)
    assert_archival(public, "Årsrapport 2022")
    assert_every_page_has(public, partnership.name)
    assert annual_report_pdf_store(partnership.pk, 2022) == document
    assert document.files.count() == 2
    # The annual report is public as a document of the partnership.
    assert [e.pk for e in documents_public(partnership=partnership) if e.generated] == [document.pk]


def test_publishing_the_notice_queues_its_pdf_in_the_same_transaction(world, run_jobs):
    meeting = world.meeting()
    world.item(meeting)
    try:
        with transaction.atomic():
            meeting_publish_notice(meeting=meeting, actor=None)
            raise RuntimeError
    except RuntimeError:
        pass
    assert not DBTaskResult.objects.filter(task_path=tasks.render_notice.module_path).exists()
    meeting.refresh_from_db()
    meeting_publish_notice(meeting=meeting, actor=None)
    assert not Document.objects.exists()  # nothing rendered in the request
    assert run_jobs(tasks.render_notice) == 1
    assert Document.objects.filter(meeting=meeting, generated="notice").exists()

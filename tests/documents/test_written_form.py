"""A partnership's chosen written form (bokmål, nynorsk or neutral) decides the language of its
generated documents (issue 20): the notice and the minutes of a nynorsk partnership are written
in nynorsk, with the law's nynorsk terms and nynorsk dates, and say so in the PDF's language."""

from __future__ import annotations

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.pdf.language import document_language
from partnerskap.documents.services import minutes_pdf_store, notice_pdf_store
from partnerskap.meetings.models import Minutes
from tests.canary import CANARY, make_record
from tests.documents.pdfs import reader, text, written_in

pytestmark = pytest.mark.django_db
Variant = DocumentFile.Variant
WrittenForm = Partnership.WrittenForm


def test_a_notice_pdf_renders_in_nynorsk_for_a_nynorsk_partnership(world):
    written_in(world, WrittenForm.NYNORSK)
    record = make_record(world)
    document = notice_pdf_store(record.meeting.pk)
    assert document is not None
    public = document.files.get(variant=Variant.PUBLIC)
    public_text = text(public)
    assert "Innkalling" in public_text
    assert "Sakliste" in public_text
    assert "Saksliste" not in public_text
    assert "kommunelova § 11-5" in public_text
    assert "ikkje er unnatekne frå innsyn" in public_text
    assert "tysdag 15. mars 2022" in public_text  # the date in nynorsk, not «tirsdag»
    assert "Lukka møte" in public_text
    assert CANARY not in public_text
    assert reader(public).trailer["/Root"]["/Lang"] == "nn"

    internal = document.files.get(variant=Variant.MAIN)
    internal_text = text(internal)
    assert "Intern versjon" in internal_text
    assert "inneheld opplysingar som er unnatekne frå innsyn" in internal_text
    assert reader(internal).trailer["/Root"]["/Lang"] == "nn"


def test_the_minutes_pdf_renders_in_nynorsk_for_a_nynorsk_partnership(world):
    written_in(world, WrittenForm.NYNORSK)
    record = make_record(world)
    minutes = Minutes.objects.get(meeting=record.meeting, status=Minutes.Status.APPROVED)
    document = minutes_pdf_store(minutes.pk)
    assert document is not None
    public_text = text(document.files.get(variant=Variant.PUBLIC))
    assert "Møtebok" in public_text
    assert "Møteboka er godkjend" in public_text
    assert "Til stades" in public_text
    assert "Behandla i lukka møte" in public_text
    assert "Møteboken er godkjent" not in public_text


def test_a_bokmal_partnership_keeps_its_documents_in_bokmal(world):
    written_in(world, WrittenForm.BOKMAL)
    record = make_record(world)
    document = notice_pdf_store(record.meeting.pk)
    assert document is not None
    public = document.files.get(variant=Variant.PUBLIC)
    public_text = text(public)
    assert "Saksliste" in public_text
    assert "tirsdag 15. mars 2022" in public_text
    assert reader(public).trailer["/Root"]["/Lang"] == "nb"


def test_a_neutral_partnership_follows_the_site_default(settings):
    partnership = Partnership(written_form=WrittenForm.NEUTRAL)
    assert document_language(partnership) == "nb"
    settings.LANGUAGE_CODE = "nn"
    assert document_language(partnership) == "nn"
    # Generated documents are archived records in Norwegian, never in English.
    settings.LANGUAGE_CODE = "en"
    assert document_language(partnership) == "nb"
    assert document_language(Partnership(written_form=WrittenForm.NYNORSK)) == "nn"

"""Uploads: the type is decided by the content; hostile files are refused and leave nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_upload
from partnerskap.documents.validation import DOCX, XLSX, UploadError
from tests.documents import files
from tests.documents.conftest import stored_blobs

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 3, 1)

ALLOWED = [
    ("pdf", files.pdf, "application/pdf", "pdf"),
    ("docx", files.docx_file, DOCX.content_type, "docx"),
    ("xlsx", files.xlsx_file, XLSX.content_type, "xlsx"),
    ("odt", files.odt_file, "application/vnd.oasis.opendocument.text", "odt"),
    ("png", files.png, "image/png", "png"),
    ("jpeg", lambda: files.JPEG, "image/jpeg", "jpg"),
]


def upload(owner, data: bytes, name: str = "Saksframlegg.pdf", **kwargs) -> Document:
    return document_upload(
        owner=owner,
        title=kwargs.pop("title", "Saksframlegg «innfart»"),
        document_type=kwargs.pop("document_type", Document.Type.SAKSFRAMLEGG),
        document_date=DAY,
        content=data,
        filename=name,
        actor=None,
        **kwargs,
    )


def assert_nothing_stored() -> None:
    assert Document.objects.count() == 0
    assert DocumentFile.objects.count() == 0
    assert stored_blobs() == []
    assert not AuditEntry.objects.filter(action__startswith="documents.").exists()


@pytest.mark.parametrize(("kind", "make", "content_type", "extension"), ALLOWED)
def test_each_allowed_type_is_stored_under_the_type_its_content_shows(
    published, kind, make, content_type, extension, jobs_after
):
    item = published().items.get()
    data = make()
    with jobs_after():
        # The name lies about the type; the content decides.
        document = upload(item, data, name="../../etc/Vedlegg\u202efdp.exe")
    stored = document.files.get()
    assert stored.kind == kind
    assert stored.content_type == content_type
    assert stored.filename == f"Vedleggfdp.{extension}"
    assert stored.size == len(data)
    assert stored_blobs() == [stored.sha256]
    assert document.partnership == item.partnership
    stored.refresh_from_db()
    if kind in ("png", "jpeg"):
        assert stored.text_status == DocumentFile.TextStatus.NONE
    else:
        assert stored.text_status == DocumentFile.TextStatus.DONE, stored.text_error


def test_an_uploaded_file_object_is_read_and_named_from_the_upload(published):
    item = published().items.get()
    upload_file = SimpleUploadedFile("Årsmelding 2022.docx", files.docx_file(), "text/html")
    document = document_upload(
        owner=item,
        title="Årsmelding",
        document_type=Document.Type.RAPPORT,
        document_date=DAY,
        content=upload_file,
        actor=None,
    )
    stored = document.files.get()
    assert stored.filename == "Årsmelding 2022.docx"
    assert stored.content_type.endswith("wordprocessingml.document")  # not the browser's claim


HOSTILE = {
    "html named .pdf": (files.HTML, "html"),
    "html with a BOM and spaces": (b"\xef\xbb\xbf  \n" + files.HTML, "html"),
    "polyglot: html after a pdf": (
        files.pdf() + b"\n<html><script>alert(1)</script></html>",
        "polyglot",
    ),
    "polyglot: html inside a pdf": (
        files.pdf().replace(b"\n", b"\n%<html><body><script>alert(1)</script>\n", 1),
        "polyglot",
    ),
    "polyglot: zip appended to a jpeg": (files.JPEG + files.docx_file(), "polyglot"),
    "polyglot: zip appended to a pdf": (
        files.pdf().rstrip() + b"\n" + files.docx_file(),
        "polyglot",
    ),
    "polyglot: data after a png": (files.png() + b"<svg onload=alert(1)>", "polyglot"),
    "polyglot: pdf header in a docx": (
        files.rezip(files.docx_file(), first={"x": b"%PDF-1.7\n1 0 obj <<>> endobj"}),
        "polyglot",
    ),
    "zip bomb in a docx": (files.zip_bomb("docx"), "zip_bomb"),
    "zip bomb in an xlsx": (files.zip_bomb("xlsx"), "zip_bomb"),
    "zip bomb in an odt": (files.zip_bomb("odt"), "zip_bomb"),
    "encrypted pdf with a password": (files.pdf(encrypt="hemmelig"), "encrypted"),
    "encrypted pdf without a user password": (files.pdf(encrypt=""), "encrypted"),
    "pdf with javascript": (files.pdf(javascript=True), "active_content"),
    "truncated pdf": (files.pdf()[:400], "corrupt"),
    "pdf header and garbage": (b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n", "corrupt"),
    "broken png checksum": (files.png()[:-5] + b"\x00" + files.png()[-4:], "corrupt"),
    "truncated jpeg": (files.JPEG[:300], "corrupt"),
    "empty": (b"", "empty"),
    "docx with macros": (
        files.rezip(files.docx_file(), add={"word/vbaProject.bin": b"x"}),
        "macros",
    ),
    "docx with a dtd": (
        files.rezip(
            files.docx_file(),
            add={"word/evil.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'},
        ),
        "xml_dtd",
    ),
    "a plain zip": (
        files.rezip(files.docx_file(), replace={"[Content_Types].xml": b"<x/>"}),
        "unsupported",
    ),
    "an old word document": (files.OLE, "legacy_or_encrypted_office"),
    "an executable": (b"MZ\x90\x00" + b"\x00" * 200, "unsupported"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_uploads_are_refused_with_a_reason_and_nothing_is_stored(published, case):
    item = published().items.get()
    data, reason = HOSTILE[case]
    with pytest.raises(UploadError) as refused:
        upload(item, data, name="rapport.pdf")
    assert refused.value.reason == reason
    assert refused.value.code == f"documents.upload.{reason}"
    assert refused.value.field == "file"
    assert str(refused.value)  # a message a person can act on
    assert_nothing_stored()


def test_an_oversized_file_is_refused_before_it_is_read(published, settings):
    settings.PARTNERSKAP_UPLOAD_MAX_BYTES = 1000
    item = published().items.get()
    with pytest.raises(UploadError) as refused:
        upload(item, SimpleUploadedFile("stor.pdf", files.pdf() + b" " * 2000))
    assert refused.value.reason == "too_large"
    assert "1000" in str(refused.value) or "1,0" in str(refused.value) or "KB" in str(refused.value)
    with pytest.raises(UploadError):
        upload(item, files.pdf() + b" " * 2000)
    assert_nothing_stored()


def test_refusals_are_worded_in_norwegian(published):
    from django.utils import translation

    item = published().items.get()
    with pytest.raises(UploadError) as refused:
        upload(item, files.HTML)
    with translation.override("nb"):
        assert "nettside" in str(refused.value)
    with translation.override("en"):
        assert "web page" in str(refused.value)


def test_a_rejected_public_variant_stores_nothing_either(published, offl13):
    item = published().items.get()
    with pytest.raises(UploadError):
        upload(item, files.pdf(), legal_basis=offl13, public_content=files.HTML)
    assert_nothing_stored()


def test_l8_exemption_needs_a_legal_basis_for_documents(published):
    from partnerskap.core.errors import DomainError

    item = published().items.get()
    meeting_basis = LegalBasis.objects.filter(applies_to=LegalBasis.AppliesTo.MEETING).first()
    with pytest.raises(DomainError) as refused:
        upload(item, files.pdf(), legal_basis=meeting_basis)
    assert refused.value.code == "documents.legal_basis_kind"
    with pytest.raises(DomainError) as refused:
        upload(item, files.pdf(), public_title="Personalsak")
    assert refused.value.code == "documents.public_title_without_basis"
    with pytest.raises(DomainError) as refused:
        upload(item, files.pdf(), public_content=files.pdf("Sladdet"))
    assert refused.value.code == "documents.public_variant_without_basis"
    assert_nothing_stored()


def test_a_failing_transaction_removes_the_blobs_it_wrote(published, monkeypatch):
    from partnerskap.core import audit

    item = published().items.get()

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", explode)
    with pytest.raises(RuntimeError):
        upload(item, files.pdf())
    assert_nothing_stored()


def test_the_same_content_twice_shares_one_blob(published):
    item = published().items.get()
    data = files.pdf()
    upload(item, data)
    upload(item, data, title="Samme fil, annen tittel")
    assert len(stored_blobs()) == 1
    assert DocumentFile.objects.count() == 2

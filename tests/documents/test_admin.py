"""The admin as back office for documents: uploads run through the service in the form's
``clean()``, so a refused upload is an error on the form and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_upload, notice_pdf_store
from tests.documents import files
from tests.documents.conftest import stored_blobs
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def form(item, upload, **overrides):
    data = {
        "item": item.pk,
        "title": "Saksframlegg",
        "document_type": "saksframlegg",
        "document_date": "2022-03-01",
        "legal_basis": "",
        "public_title": "",
        "archive_reference": "2022/17-3",
        "file": upload,
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_uploading_through_the_admin_runs_the_service(admin_client, published):
    item = published().items.get()
    for name in ("document", "documentfile"):
        assert admin_client.get(reverse(f"admin:documents_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:documents_document_add")).status_code == 200
    upload = SimpleUploadedFile("saksframlegg.pdf", files.pdf(), "application/pdf")
    response = admin_client.post(reverse("admin:documents_document_add"), form(item, upload))
    assert response.status_code == 302, response.content.decode()[-3000:]
    document = Document.objects.get()
    assert document.item == item
    assert document.archive_reference == "2022/17-3"
    assert document.files.get().filename == "saksframlegg.pdf"
    change = admin_client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert change.status_code == 200
    assert "saksframlegg.pdf" in change.content.decode()


def test_a_refused_upload_is_an_error_on_the_form_and_nothing_is_stored(admin_client, published):
    item = published().items.get()
    upload = SimpleUploadedFile("rapport.pdf", files.HTML, "application/pdf")
    response = admin_client.post(reverse("admin:documents_document_add"), form(item, upload))
    assert response.status_code == 200
    assert "nettside (HTML)" in response.content.decode()  # the refusal, in Norwegian
    assert not Document.objects.exists()
    assert stored_blobs() == []


def test_a_new_version_through_the_change_form(admin_client, published):
    item = published().items.get()
    document = document_upload(
        owner=item,
        title="Notat",
        document_type="vedlegg",
        document_date="2022-03-01",
        content=files.pdf("Første"),
        actor=None,
    )
    upload = SimpleUploadedFile("notat-v2.pdf", files.pdf("Andre"), "application/pdf")
    data = form(item, upload, title="Notat, revidert", document_type="vedlegg")
    data.update({"files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "1"})
    data["files-0-id"] = document.files.get().pk
    data["files-0-document"] = document.pk
    response = admin_client.post(
        reverse("admin:documents_document_change", args=[document.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    document.refresh_from_db()
    assert document.title == "Notat, revidert"
    assert sorted(document.files.values_list("version", flat=True)) == [1, 2]


def test_generated_documents_are_read_only_and_failed_extractions_are_listed(
    admin_client, published
):
    meeting = published()
    document = notice_pdf_store(meeting.pk)
    assert document is not None
    page = admin_client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    DocumentFile.objects.filter(document=document).update(
        text_status="failed", text_error="ValueError: broken"
    )
    listing = admin_client.get(
        reverse("admin:documents_documentfile_changelist") + "?text_status__exact=failed"
    )
    assert listing.status_code == 200
    assert "innkalling-" in listing.content.decode()
    documents = admin_client.get(reverse("admin:documents_document_changelist"))
    assert "failed" in documents.content.decode()

"""L9 from the back office: an operator asks for an extraction in the admin, a job writes it,
and the operator downloads the zip. Requests and downloads are audited; nobody else gets in."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from partnerskap.agreements.models import Partnership
from partnerskap.archive import services, tasks
from partnerskap.archive.models import ArchiveExport
from partnerskap.core.models import AuditEntry
from partnerskap.documents import storage
from tests.archive.conftest import Records

pytestmark = pytest.mark.django_db


def operator_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_l9_an_operator_queues_an_extraction_and_downloads_the_zip(records: Records, run_jobs):
    client = operator_client()
    partnership = Partnership.objects.get(slug=records.partnership_slug)
    response = client.post(
        reverse("admin:archive_archiveexport_add"),
        {"partnership": partnership.pk, "period_start": "2021-01-01", "period_end": "2021-12-31"},
    )
    assert response.status_code == 302
    export = ArchiveExport.objects.get()
    assert export.status == ArchiveExport.Status.QUEUED
    assert AuditEntry.objects.filter(action="archive.export.requested").count() == 1
    listing = client.get(reverse("admin:archive_archiveexport_changelist"))
    assert listing.status_code == 200
    download = reverse("admin:archive_archiveexport_download", kwargs={"pk": export.pk})
    assert client.get(download).status_code == 404  # not written yet

    assert run_jobs(tasks.write_export) == 1
    export.refresh_from_db()
    assert export.status == ArchiveExport.Status.DONE, export.error
    assert export.summary["dokumentfiler"] > 0
    finished = AuditEntry.objects.get(action="archive.export.finished")
    assert finished.target_id == str(export.pk)
    listing = client.get(reverse("admin:archive_archiveexport_changelist"))
    assert download in listing.content.decode()

    response = client.get(download)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert "avleveringspakke/arkivuttrekk.xml" in archive.namelist()
    assert AuditEntry.objects.filter(action="archive.export.downloaded").count() == 1
    # Run again (a retry): one result, the same zip.
    before = export.sha256
    assert tasks.write_export.call(export_id=export.pk) == ArchiveExport.Status.DONE
    export.refresh_from_db()
    assert export.sha256 == before


def test_l9_a_reversed_period_is_refused_in_the_form(records: Records):
    client = operator_client()
    partnership = Partnership.objects.get(slug=records.partnership_slug)
    response = client.post(
        reverse("admin:archive_archiveexport_add"),
        {"partnership": partnership.pk, "period_start": "2022-01-01", "period_end": "2021-12-31"},
    )
    assert response.status_code == 200
    assert not ArchiveExport.objects.exists()


def test_l9_only_operators_reach_the_extractions(records: Records):
    partnership = Partnership.objects.get(slug=records.partnership_slug)
    export = ArchiveExport.objects.create(
        partnership=partnership,
        period_start=partnership.period_start,
        period_end=partnership.period_end,
        status=ArchiveExport.Status.DONE,
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="sekretariat-radet"))
    download = reverse("admin:archive_archiveexport_download", kwargs={"pk": export.pk})
    response = client.get(download)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_l9_a_failed_extraction_shows_its_error_and_is_tried_again(records: Records, files_dir):
    partnership = Partnership.objects.get(slug=records.partnership_slug)
    export = services.archive_export_request(
        partnership=partnership, period_start=None, period_end=None, actor=None
    )
    blob = records.office.files.get()
    path = storage.path_of(blob.sha256)
    kept = path.read_bytes()
    path.unlink()  # a lost file: the job fails, says why, and its retry may succeed
    with pytest.raises(FileNotFoundError):
        tasks.write_export.call(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ArchiveExport.Status.FAILED
    assert "FileNotFoundError" in export.error
    failed = AuditEntry.objects.get(action="archive.export.failed")
    assert failed.target_id == str(export.pk)
    path.write_bytes(kept)
    assert tasks.write_export.call(export_id=export.pk) == ArchiveExport.Status.DONE


def test_the_admin_offers_to_order_a_new_extraction_in_correct_bokmal(records: Records):
    """«Arkivuttrekk» is neuter: Django's generic «Legg til ny …» reads wrong; the page says what
    the button does instead."""
    client = operator_client()
    listing = client.get(reverse("admin:archive_archiveexport_changelist")).content.decode()
    assert "Bestill et nytt arkivuttrekk" in listing
    assert "ny arkivuttrekk" not in listing
    form = client.get(reverse("admin:archive_archiveexport_add")).content.decode()
    assert "Bestill et nytt arkivuttrekk" in form
    assert "ny arkivuttrekk" not in form

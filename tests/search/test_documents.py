"""Public document text is findable through the portal search (issue 7); an exempt document's
own file never is (L8), and a document leaves the index when its owner stops being public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerskap.core.models import LegalBasis
from partnerskap.documents import tasks
from partnerskap.documents.models import Document
from partnerskap.documents.services import document_upload
from partnerskap.search import tasks as search_tasks
from partnerskap.search.indexer import rebuild
from partnerskap.search.models import SearchEntry
from partnerskap.search.selectors import search
from tests.documents import files
from tests.search.conftest import close, index_text

pytestmark = pytest.mark.django_db(transaction=False)
#: The jobs these tests run: extraction and indexing (not the notice's PDF).
TEXT_AND_INDEX = (
    tasks.extract_text,
    search_tasks.index_document,
    search_tasks.index_meeting,
    search_tasks.index_proposal,
)


@pytest.fixture(autouse=True)
def inline_documents(settings, tmp_path):
    """Blobs in a fresh directory; jobs run when the test runs them (`jobs_after`)."""
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")


def upload(owner, data: bytes, *, title: str = "Vedlegg", **kwargs) -> Document:
    return document_upload(
        owner=owner,
        title=title,
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        content=data,
        actor=None,
        **kwargs,
    )


def found(query: str, kind: str | None = "document") -> list[str]:
    return [r.title for r in search(query=query, kind=kind).results]


@pytest.fixture
def item(public_meeting):
    return public_meeting(("Sykkelveier", "Om sykkelveier i regionen.")).items.get()


def test_the_text_of_a_public_document_is_found_by_a_stemmed_word(item, jobs_after):
    with jobs_after(*TEXT_AND_INDEX):
        document = upload(item, files.pdf("Fjellvannet ved Kolsås skal restaureres."))
    results = search(query="fjellvann", kind="document").results
    assert [r.title for r in results] == ["Vedlegg"]
    assert results[0].url == reverse("documents:file", kwargs={"pk": document.files.get().pk})
    assert "<mark>" in results[0].snippet


def test_a_document_hit_links_to_its_public_file_and_the_portal_finds_it(item, client, jobs_after):
    with jobs_after(*TEXT_AND_INDEX):
        document = upload(item, files.docx_file("Innfartsparkeringen på Bekkestua"))
    file = document.files.get()
    response = client.get(reverse("portal:search"), {"q": "innfartsparkering"})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("documents:file", kwargs={"pk": file.pk}) in html
    download = client.get(reverse("documents:file", kwargs={"pk": file.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")  # read out: closes the file


def test_l8_an_exempt_documents_own_text_and_title_stay_out_but_its_public_variant_is_found(
    item, jobs_after
):
    basis = LegalBasis.objects.get(code="offl-13")
    with jobs_after(*TEXT_AND_INDEX):
        upload(
            item,
            files.pdf("Hemmelighetsfull lønnsforhandling"),
            title="Tittel med navn Kari Nordmann",
            legal_basis=basis,
            public_title="Unntatt dokument",
        )
        upload(
            item,
            files.pdf("Sensurert fortrolig innhold"),
            title="Rapport",
            legal_basis=basis,
            public_content=files.pdf("Sladdet versjon om badeplasser"),
        )
    assert found("lønnsforhandling") == []
    assert found("fortrolig") == []
    assert found("Nordmann") == []
    assert found("badeplass") == ["Rapport"]
    assert found("unntatt") == ["Unntatt dokument"]
    text = index_text()
    assert "hemmelighetsfull" not in text
    assert "nordmann" not in text
    assert "sensurert" not in text


def test_l3_closing_the_item_removes_its_documents_from_search(item, jobs_after):
    with jobs_after(*TEXT_AND_INDEX):
        upload(item, files.pdf("Skolestruktur og elevtall"))
    assert found("elevtall") == ["Vedlegg"]
    with jobs_after(*TEXT_AND_INDEX):
        close(item)
    assert found("elevtall") == []
    assert not SearchEntry.objects.filter(kind="document").exists()


def test_rebuild_indexes_documents_and_a_second_rebuild_writes_nothing(item, jobs_after):
    with jobs_after(*TEXT_AND_INDEX):
        upload(item, files.odt_file("Notat om kollektivknutepunkt"))
    SearchEntry.objects.filter(kind="document").delete()
    assert found("kollektivknutepunkt") == []
    first = rebuild()
    assert first.created == 1
    assert found("kollektivknutepunkt") == ["Vedlegg"]
    assert not rebuild().changed

"""L8 canary: a unique string goes into every exempt place a document can hold it — the file and
real title of an exempt document, a document on a closed item, a document uploaded before the
notice, an older version, the internal variants of the generated notice and minutes — and no
anonymous response, public listing or public text ever contains it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.template.loader import render_to_string

from partnerskap.documents import storage
from partnerskap.documents.extraction import extract_text
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.selectors import documents_public
from partnerskap.documents.services import (
    document_upload,
    document_version_add,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.meetings.models import Minutes
from tests.documents import files
from tests.documents.conftest import user
from tests.feeds.conftest import CANARY, make_record

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 3, 1)


def upload(owner, **kwargs) -> Document:
    return document_upload(
        owner=owner,
        document_type=kwargs.pop("document_type", Document.Type.VEDLEGG),
        document_date=DAY,
        actor=None,
        **kwargs,
    )


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"]
    if kind == "application/pdf":
        return extract_text("pdf", body)
    if kind.endswith("wordprocessingml.document"):
        return extract_text("docx", body)
    return body.decode("latin-1")


@pytest.fixture
def seeded(world, offl13, jobs_after):
    with jobs_after():
        return _seed(world, offl13)


def _seed(world, offl13):
    record = make_record(world)
    later = world.meeting(dt.datetime(2022, 9, 1, 10, tzinfo=dt.UTC))
    draft_item = world.item(later, title="Høstens sak")
    upload(  # exempt, with a neutral public title and no public variant
        record.open_item,
        title=f"Tilbud fra {CANARY}",
        public_title="Tilbud",
        legal_basis=offl13,
        content=files.pdf(f"Pris og vilkar {CANARY}"),
    )
    upload(  # exempt, with a redacted public variant
        record.open_item,
        title="Kontrakt",
        legal_basis=offl13,
        content=files.docx_file(f"Kontraktsum {CANARY}"),
        public_content=files.pdf("Kontrakt, sladdet"),
    )
    upload(record.closed_item, title=f"Vurdering {CANARY}", content=files.pdf(CANARY))
    upload(draft_item, title=f"Utkast {CANARY}", content=files.pdf(CANARY))
    versioned = upload(record.open_item, title="Notat", content=files.pdf(f"Gammel {CANARY}"))
    document_version_add(document=versioned, content=files.pdf("Ny versjon"), actor=None)
    notice_pdf_store(record.meeting.pk)
    minutes_pdf_store(Minutes.objects.get(meeting=record.meeting, status="approved").pk)
    return record


def test_l8_no_anonymous_download_listing_or_public_text_contains_the_canary(client, seeded):
    # The canary is really in stored files (so the test means something) ...
    secret_files = [
        f
        for f in DocumentFile.objects.all()
        if CANARY in (f.text or "") or CANARY in f.document.title
    ]
    assert len(secret_files) >= 7
    # ... yet no anonymous response carries it, in body or headers.
    served = 0
    for file in DocumentFile.objects.all():
        response = client.get(f"/dokumenter/fil/{file.pk}/")
        if response.status_code == 200:
            served += 1
            assert CANARY not in response_text(response), file
            assert CANARY not in str(response.headers), file
        else:
            assert response.status_code == 404
    assert served >= 4  # the public files really are served
    # Nothing public lists it either: titles, names, text for search, the portal partial.
    public = documents_public(with_text=True)
    assert public
    for entry in public:
        assert CANARY not in repr(entry)
    assert CANARY not in render_to_string("documents/_list.html", {"documents": public})


def test_l8_members_do_get_the_exempt_content(client, seeded):
    """The other half: the same files are there for members."""
    client.force_login(user("medlem"))
    found = 0
    for file in DocumentFile.objects.all():
        response = client.get(f"/dokumenter/fil/{file.pk}/")
        assert response.status_code == 200
        found += CANARY in response_text(response)
    assert found >= 5


def test_blobs_are_not_under_the_web_root(seeded, settings):
    root = storage.root().resolve()
    assert not str(root).startswith(str(settings.STATIC_ROOT.resolve()))
    assert io  # the blobs are named by hash only
    for sha, _ in storage.all_blobs():
        assert len(sha) == 64

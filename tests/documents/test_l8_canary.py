"""L8 canary: the canary dataset (``tests.canary``) puts a unique string into every exempt place
a document can hold it — the file and real title of an exempt document, a document on a closed
item or on a proposal made from one, a document uploaded before the notice, an older version,
the internal variants of the generated notice and minutes — and no anonymous response, public
listing or public text ever contains it."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string

from partnerskap.documents import storage
from partnerskap.documents.extraction import extract_text
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.selectors import documents_public
from tests.canary import CANARY
from tests.documents.conftest import user

pytestmark = pytest.mark.django_db


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"]
    if kind == "application/pdf":
        return extract_text("pdf", body)
    if kind.endswith("wordprocessingml.document"):
        return extract_text("docx", body)
    return body.decode("latin-1")


@pytest.fixture
def seeded(canary):
    return canary


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

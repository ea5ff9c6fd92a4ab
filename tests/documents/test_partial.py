"""The partial the portal includes to list documents (``documents/_list.html``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from partnerskap.documents.models import Document
from partnerskap.documents.selectors import documents_for, documents_public
from partnerskap.documents.services import document_upload
from tests.documents import files
from tests.documents.conftest import user
from tests.factories import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(published, offl13):
    meeting = published()
    item = meeting.items.get()
    for title, extra in (
        (f"Saksframlegg {HOSTILE}", {}),
        ("Tilbud fra leverandør", {"legal_basis": offl13, "public_title": "Tilbud"}),
    ):
        document_upload(
            owner=item,
            title=title,
            document_type=Document.Type.SAKSFRAMLEGG,
            document_date=dt.date(2022, 3, 1),
            content=files.pdf(),
            actor=None,
            **extra,
        )
    return meeting


def test_the_public_list_shows_exempt_documents_by_neutral_title_and_basis(meeting):
    entries = documents_public(meeting=meeting, include_items=True)
    with translation.override("nb"):
        html = render_to_string("documents/_list.html", {"documents": entries})
    assert "&lt;script&gt;" in html  # escaped
    assert "<script>" not in html
    assert "Tilbud" in html
    assert "leverandør" not in html
    assert "offentleglova § 13" in html
    assert html.count('href="/dokumenter/fil/') == 1  # the exempt one has no link
    assert "Dokumenter" in html


def test_members_see_real_titles_and_links(meeting):
    entries = documents_for(
        user=user("medlem"), partnership=meeting.partnership, meeting=meeting, include_items=True
    )
    html = render_to_string("documents/_list.html", {"documents": entries, "heading": "Vedlegg"})
    assert "Tilbud fra leverandør" in html
    assert html.count('href="/dokumenter/fil/') == 2


def test_an_empty_list_renders_nothing():
    assert render_to_string("documents/_list.html", {"documents": []}).strip() == ""

"""The published evaluation on the portal: a page with the assessment, accessible charts (SVG
with a title and a table each) and the figures as approved, and the same as a PDF/A; nothing
of a closed item or a committee set up in closed session (L3), only counts by legal basis."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from partnerskap.reports import services
from partnerskap.reports.models import Evaluation
from tests.canary import CANARY, make_record
from tests.documents.pdfs import embedded_fonts, pages_text, xmp

pytestmark = pytest.mark.django_db


def _publish(world, assessment: str = "Vurdering «æøå» <script>alert(1)</script>") -> Evaluation:
    users = get_user_model().objects
    council = users.get(username="sekretariat-radet")
    county = users.get(username="sekretariat-viken")
    evaluation = services.evaluation_start(partnership=world.partnership, actor=council)
    services.evaluation_assessment_update(
        evaluation=evaluation, assessment=assessment, actor=council
    )
    services.evaluation_approve(evaluation=evaluation, party=world.council, actor=council)
    services.evaluation_approve(evaluation=evaluation, party=world.county, actor=county)
    return services.evaluation_publish(evaluation=evaluation, actor=council)


def test_the_demo_partnership_links_its_published_evaluation(as_public, demo):
    slug = demo.partnership.slug
    home = as_public.get(f"/{slug}/").content.decode()
    assert f'href="/{slug}/evaluering/"' in home
    page = as_public.get(f"/{slug}/evaluering/").content.decode()
    assert "Evaluering av avtaleperioden" in page
    assert "Partnerskapet mellom Interkommunalt politisk råd" in page
    assert "14. juni 2024" in page  # published
    assert page.count('role="img"') == 2  # two charts, each with a title
    # SVG lengths are numbers with a decimal point, never localised («93,33» draws nothing).
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="\d+" height="[\d.]+"', page)
    assert not re.search(r'<rect [^>]*="\d+,\d', page)
    assert '<title id="ev-meetings-t">Avholdte møter per år</title>' in page
    assert "Rådsmøtet for Asker og Bærum" in page
    assert f'href="/{slug}/evaluering.pdf"' in page


def test_an_evaluation_not_yet_published_is_not_found(client, world):
    council = get_user_model().objects.get(username="sekretariat-radet")
    services.evaluation_start(partnership=world.partnership, actor=council)
    slug = world.partnership.slug
    assert client.get(f"/{slug}/evaluering/").status_code == 404
    assert client.get(f"/{slug}/evaluering.pdf").status_code == 404
    assert f"/{slug}/evaluering/" not in client.get(f"/{slug}/").content.decode()


def test_l3_no_closed_content_on_the_page_or_in_the_pdf(client, world):
    make_record(world)
    _publish(world)
    slug = world.partnership.slug
    page = client.get(f"/{slug}/evaluering/").content.decode()
    assert CANARY not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "1 utvalg ble satt ned i lukket møte." in page
    assert re.search(r"Saker behandlet i lukket møte telles ikke[^<]*: 2 \(", page)
    pdf = client.get(f"/{slug}/evaluering.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pages_text(PdfReader(io.BytesIO(pdf.content))))
    assert CANARY not in text
    assert "1 utvalg ble satt ned i lukket møte." in text


def test_the_pdf_is_pdf_a_with_the_assessment_and_figures(client, world):
    _publish(world)
    response = client.get(f"/{world.partnership.slug}/evaluering.pdf")
    pdf = PdfReader(io.BytesIO(response.content))
    metadata = xmp(pdf)
    assert 'pdfaid:part="2"' in metadata
    assert 'pdfaid:conformance="U"' in metadata
    assert pdf.trailer["/Root"]["/Lang"] == "nb"
    assert pdf.metadata is not None
    assert pdf.metadata.title.startswith("Evaluering av avtaleperioden")
    assert all(embedded_fonts(pdf))
    text = " ".join(pages_text(pdf))
    for needle in ("Vurdering «æøå» <script>alert(1)</script>", "Møter per år", "Godkjent av"):
        assert needle in text, needle
    assert "Interkommunalt politisk råd for Asker og Bærum" in text

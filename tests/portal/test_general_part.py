"""The general part on the portal's agreement page and in the agreement PDF (A14)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.general_part import general_part_amend
from partnerskap.agreements.models import Agreement, ElectedBody
from partnerskap.demo.general_part import VIKEN_DECISION, VIKEN_TITLE

pytestmark = pytest.mark.django_db
SLUG = "asker-baerum-viken-2020-2024"


def test_a14_portal_shows_both_parts_with_versions(client, demo):
    html = client.get(f"/{SLUG}/avtale/").content.decode()
    assert 'id="special"' in html
    assert 'id="general"' in html
    assert VIKEN_TITLE in html
    # Which version was in force when, with the county's decision.
    assert "1.1.2020" in html
    assert "30.6.2022" in html
    assert "1.7.2022" in html
    assert "Viken fylkesting 14.6.2022" in html
    assert VIKEN_DECISION in html
    # The text shown is version 2's (in force on the period's last day).
    assert "med en samlet oversikt over møter" in html
    assert f"/{SLUG}/avtale.pdf" in html


def test_a14_portal_agreement_queries_do_not_grow_with_general_versions(client, demo):
    part = Agreement.objects.get(partnership__slug=SLUG).general_part
    assert part is not None
    with CaptureQueriesContext(connection) as before:
        client.get(f"/{SLUG}/avtale/", HTTP_CACHE_CONTROL="no-cache")
    body = ElectedBody.objects.get(slug="viken-fylkesting")
    for n, year in enumerate((2023, 2024)):
        general_part_amend(
            part=part,
            sections={"formal": f"Endret tekst {n} <script>æøå</script>"},
            decision_reference=f"FT-sak {n}/{year}",
            decided_on=dt.date(year, 3, 1),
            elected_body=body,
            in_force_from=dt.date(year, 4, 1),
            actor=None,
        )
    with CaptureQueriesContext(connection) as after:
        html = client.get(f"/{SLUG}/avtale/").content.decode()
    assert len(after) == len(before)
    assert "FT-sak 1/2024" in html
    assert "<script>æøå" not in html


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a14_pdf_contains_both_parts_in_force_on_the_day(client, demo):
    response = client.get(f"/{SLUG}/avtale.pdf?dato=2021-06-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())
    assert "Generell del" in text
    assert "Spesiell del" in text
    assert "Partenes forpliktelser" in text  # a section of the general part
    # In force on 1.6.2021: version 1 of the general part, not version 2's reporting text.
    assert "med en samlet oversikt" not in text
    assert VIKEN_DECISION in text  # the version table names version 2's decision
    later = _pdf_text(client.get(f"/{SLUG}/avtale.pdf?dato=2023-01-01").content)
    assert "med en samlet oversikt" in " ".join(later.split())


def test_a14_pdf_of_an_unknown_day_is_not_found(client, demo):
    assert client.get(f"/{SLUG}/avtale.pdf?dato=2021-13-01").status_code == 404

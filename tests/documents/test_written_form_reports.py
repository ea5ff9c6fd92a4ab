"""The annual report, the agreement and the evaluation PDFs are written in the partnership's
written form too (issue 20), like the notice and the minutes (test_written_form.py): nynorsk for
a nynorsk partnership, bokmål for a bokmål one, and Norwegian whatever language the reader's
interface is in (a generated document is the partnership's archived record)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from pypdf import PdfReader

from partnerskap.agreements.models import Partnership
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.pdf import agreement as agreement_pdf
from partnerskap.documents.pdf import annual, evaluation
from partnerskap.documents.pdf import typography as ty
from partnerskap.documents.pdf.minutes import minutes_filename
from partnerskap.documents.pdf.render import render_html
from partnerskap.documents.services import annual_report_pdf_store
from partnerskap.reports import services as reports
from partnerskap.reports.models import Evaluation
from tests.canary import CANARY, make_record
from tests.documents.pdfs import pages_text, reader, text, written_in

pytestmark = pytest.mark.django_db
Variant = DocumentFile.Variant
WrittenForm = Partnership.WrittenForm


def _words(value: str) -> str:
    """Single spaces, and words hyphenated at a line's end («god‐ kjend») joined again."""
    return " ".join(value.replace("\u00a0", " ").split()).replace("\u2010 ", "")


def _pdf(content: bytes) -> tuple[str, str]:
    """The text of a PDF served by a view, and its document language."""
    pdf = PdfReader(io.BytesIO(content))
    return _words(" ".join(pages_text(pdf))), str(pdf.trailer["/Root"]["/Lang"])


def _publish(world) -> Evaluation:
    users = get_user_model().objects
    council = users.get(username="sekretariat-radet")
    county = users.get(username="sekretariat-viken")
    started = reports.evaluation_start(partnership=world.partnership, actor=council)
    reports.evaluation_assessment_update(
        evaluation=started, assessment="Vurdering «æøå» <script>", actor=council
    )
    reports.evaluation_approve(evaluation=started, party=world.council, actor=council)
    reports.evaluation_approve(evaluation=started, party=world.county, actor=county)
    return reports.evaluation_publish(evaluation=started, actor=council)


# The annual report


def test_the_annual_report_renders_in_nynorsk_for_a_nynorsk_partnership(world):
    written_in(world, WrittenForm.NYNORSK)
    make_record(world)
    document = annual_report_pdf_store(world.partnership.pk, 2022)
    assert document is not None
    public = document.files.get(variant=Variant.PUBLIC)
    public_text = _words(text(public))
    assert reader(public).trailer["/Root"]["/Lang"] == "nn"
    for nynorsk in (
        "Årsrapport 2022",
        "Haldne",
        "Mellombelse utval",
        "Saker per samarbeidsområde",
        "1 utval vart oppretta i lukka møte.",
        "forslag vart sende til partane",
        "slik ho står per",
        "Oppmodingar om ekstra møte",
    ):
        assert nynorsk in public_text, nynorsk
    for bokmal in ("Holdt", "Midlertidige utvalg", "ble sendt til partene", "opprettet i lukket"):
        assert bokmal not in public_text, bokmal
    assert CANARY not in public_text
    internal = document.files.get(variant=Variant.MAIN)
    assert "Intern versjon" in text(internal)
    assert reader(internal).trailer["/Root"]["/Lang"] == "nn"


def test_the_annual_report_of_a_bokmal_partnership_stays_in_bokmal_for_an_english_reader(world):
    """The context and the HTML are made under the English interface (a back-office user who
    chose English runs the command or the job): still bokmål, ``lang="nb"``."""
    written_in(world, WrittenForm.BOKMAL)
    make_record(world)
    with translation.override("en"):
        context = annual.annual_context(world.partnership, 2022, internal=False)
        html = render_html(annual.TEMPLATE, context)
    assert '<html lang="nb">' in html
    page = _words(html)
    for bokmal in ("Møter", "Holdt", "Midlertidige utvalg", "ble sendt til partene"):
        assert bokmal in page, bokmal
    for english in ("Meetings", "Annual report", "Temporary committees", "Received"):
        assert english not in page, english


def test_the_annual_report_of_a_nynorsk_partnership_stays_in_nynorsk_for_an_english_reader(world):
    written_in(world, WrittenForm.NYNORSK)
    make_record(world)
    with translation.override("en"):
        context = annual.annual_context(world.partnership, 2022, internal=True)
        html = render_html(annual.TEMPLATE, context)
    assert '<html lang="nn">' in html
    assert context["doc"]["language"] == "nn"
    page = _words(html)
    assert "Mellombelse utval" in page
    assert "Temporary committees" not in page


# The agreement, rendered on request by the portal


def test_the_agreement_pdf_renders_in_nynorsk_for_a_nynorsk_partnership(client, world):
    written_in(world, WrittenForm.NYNORSK)
    response = client.get(f"/{world.partnership.slug}/avtale.pdf?dato=2021-06-01")
    assert response.status_code == 200
    content, language = _pdf(response.content)
    assert language == "nn"
    for nynorsk in (
        "Avtala slik ho galdt 1. juni 2021",
        "Versjonar i avtaleperioden",
        "Vedteke av",
        "I kraft frå",
        "Spesiell del",
    ):
        assert nynorsk in content, nynorsk
    assert "Avtalen slik den gjaldt" not in content
    assert "Versjoner i avtaleperioden" not in content


@pytest.mark.parametrize(
    ("form", "lang", "expected"),
    [
        (WrittenForm.NYNORSK, "nn", "Avtala slik ho galdt 1. juni 2021"),
        (WrittenForm.BOKMAL, "nb", "Avtalen slik den gjaldt 1. juni 2021"),
    ],
)
def test_the_agreement_pdf_is_norwegian_under_the_english_interface(
    client, world, form, lang, expected
):
    written_in(world, form)
    response = client.get(f"/en/{world.partnership.slug}/avtale.pdf?dato=2021-06-01")
    assert response.status_code == 200
    content, language = _pdf(response.content)
    assert language == lang
    assert expected in content
    assert "Versions in the agreement period" not in content
    assert "In force from" not in content


def test_the_agreement_context_names_its_language_and_title_in_the_written_form(world):
    written_in(world, WrittenForm.NYNORSK)
    agreement = world.partnership.agreement
    with translation.override("en"):
        context = agreement_pdf.agreement_context(agreement=agreement, on=dt.date(2021, 6, 1))
    assert context["doc"]["language"] == "nn"
    assert context["doc"]["title"].endswith("– gjeldande 1. juni 2021")
    assert context["doc"]["kind"] == "Avtale"


# The evaluation, rendered on request by the portal


def test_the_evaluation_pdf_renders_in_nynorsk_for_a_nynorsk_partnership(client, world):
    written_in(world, WrittenForm.NYNORSK)
    _publish(world)
    response = client.get(f"/{world.partnership.slug}/evaluering.pdf")
    assert response.status_code == 200
    content, language = _pdf(response.content)
    assert language == "nn"
    for nynorsk in (
        "Evaluering av avtaleperioden",
        "Godkjend av",
        "Tala er slik dei stod då evalueringa vart godkjend",
        "Møte per år",  # the figures shared with the portal, in nynorsk too
        "Vurdering «æøå» <script>",
    ):
        assert nynorsk in content, nynorsk
    assert "Godkjent av" not in content
    assert "Møter per år" not in content


@pytest.mark.parametrize(
    ("form", "lang", "expected", "other"),
    [
        (WrittenForm.NYNORSK, "nn", "Godkjend av", "Godkjent av"),
        (WrittenForm.BOKMAL, "nb", "Godkjent av", "Godkjend av"),
    ],
)
def test_the_evaluation_pdf_is_norwegian_under_the_english_interface(
    client, world, form, lang, expected, other
):
    written_in(world, form)
    _publish(world)
    response = client.get(f"/en/{world.partnership.slug}/evaluering.pdf")
    assert response.status_code == 200
    content, language = _pdf(response.content)
    assert language == lang
    assert expected in content
    assert other not in content
    assert "Approved by" not in content
    assert "Meetings per year" not in content


def test_the_evaluation_context_is_in_the_written_form_whatever_the_interface(world):
    written_in(world, WrittenForm.NYNORSK)
    published = _publish(world)
    with translation.override("en"):
        context = evaluation.evaluation_context(published)
    assert context["doc"]["language"] == "nn"
    assert context["doc"]["title"].startswith("Evaluering av avtaleperioden")
    assert not any(ch.isdigit() for ch in context["taken_on"].split()[1])  # a month name


# File names


def test_a_minutes_file_name_says_its_state_in_the_written_form():
    day = dt.date(2022, 3, 15)
    with translation.override("en"):
        assert minutes_filename(day=day, version=2, draft=False, language="nn") == (
            "motebok-2022-03-15-v2-godkjend.pdf"
        )
        assert minutes_filename(day=day, version=2, draft=False, language="nb") == (
            "motebok-2022-03-15-v2-godkjent.pdf"
        )
        assert minutes_filename(day=day, version=1, draft=True, language="nn") == (
            "motebok-2022-03-15-v1-utkast.pdf"
        )


# Dates


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"]),
        ("nb", ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]),
    ],
)
def test_weekdays_are_written_in_the_documents_form(language, expected):
    """Nynorsk as the partnership writes it: «sundag» (Django's nynorsk says «søndag»)."""
    monday = dt.date(2022, 3, 14)
    with translation.override(language):
        days = [ty.weekday_date(monday + dt.timedelta(days=n)) for n in range(7)]
    assert days == [f"{name} {14 + n}. mars 2022" for n, name in enumerate(expected)]


def test_months_are_the_same_in_both_forms():
    for language in ("nb", "nn"):
        with translation.override(language):
            assert ty.date(dt.date(2022, 3, 15)) == "15. mars 2022"
            assert ty.date(dt.date(2022, 12, 24)) == "24. desember 2022"
            assert ty.date(dt.date(2022, 5, 17)) == "17. mai 2022"

"""A9: what reads as a decision in an individual case (a grant, an appointment, a permit, a
named applicant), in bokmål and nynorsk: the signs of ``meetings.individual_case``."""

from __future__ import annotations

import pytest

from partnerskap.core.errors import DomainError
from partnerskap.meetings.individual_case import (
    asks_confirmation,
    individual_case_check,
    individual_case_signs,
)

GRANT = "Partnerskapsmøtet innvilger tilskudd på 200 000 kr til Asker Idrettslag."


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        # bokmål
        (GRANT, "grant", "innvilger"),
        (GRANT, "grant", "tilskudd på 200 000 kr"),
        ("Kommunene tildeles 3 mill. kroner.", "grant", "tildeles"),
        ("Det bevilges midler til prosjektet.", "grant", "bevilges"),
        ("Kari Nordmann ansettes som prosjektleder.", "appointment", "ansettes"),
        ("Følgende oppnevnes til styret: Ola Nordmann.", "appointment", "oppnevnes"),
        ("Det gis dispensasjon fra reguleringsplanen.", "permit", "dispensasjon"),
        ("Selskapet får tillatelse til å bygge.", "permit", "tillatelse"),
        ("Søknad fra Asker Idrettslag om støtte.", "applicant", "Søknad fra Asker"),
        # nynorsk
        ("Møtet innvilgar tilskot på kr 50 000.", "grant", "innvilgar"),
        ("Møtet innvilgar tilskot på kr 50 000.", "grant", "tilskot på kr 50 000"),
        ("Laget vert tildelt midlar.", "grant", "tildelt"),
        ("Fylkeskommunen løyver pengar.", "grant", "løyver"),
        ("Ho tilsetjast som rådgjevar.", "appointment", "tilsetjast"),
        ("Desse oppnemnast til utvalet.", "appointment", "oppnemnast"),
        ("Bedrifta får løyve til utsleppet.", "permit", "løyve"),
        ("Søknaden frå Bærum sokelag.", "applicant", "Søknaden frå Bærum"),
    ],
)
def test_a9_signs_of_an_individual_case_in_bokmal_and_nynorsk(text, kind, words):
    found = {(m.kind, m.words) for m in individual_case_signs(text)}
    assert (kind, words) in found


@pytest.mark.parametrize(
    "text",
    [
        "Partnerskapet foreslår at partene følger opp regional transportplan.",
        "Saken tas til orientering.",
        "Partene bes vurdere en felles søknad fra kommunene om statlige midler.",
        "Arbeidsutvalget legger fram en tilleggsrapport.",  # «tilleggs…», not «tillatelse»
        "Det stilles krav til kvalitet.",  # «krav», not «kr»
        "",
    ],
)
def test_a9_ordinary_proposals_raise_no_warning(text):
    assert individual_case_signs(text) == []


def test_a9_the_check_asks_for_a_reason_and_keeps_it():
    with pytest.raises(DomainError) as exc:
        individual_case_check(code="meetings.item", texts=(GRANT,), confirmed_reason="  ")
    assert asks_confirmation(exc.value)
    assert exc.value.code == "meetings.item.individual_case"
    assert exc.value.field == "confirmed_reason"
    assert "«innvilger»" in str(exc.value)
    assert "meetings.item" not in str(exc.value)  # plain words, no codes
    reason = individual_case_check(
        code="meetings.item", texts=(GRANT,), confirmed_reason=" Fylkestinget avgjør. "
    )
    assert reason == "Fylkestinget avgjør."
    assert (
        individual_case_check(code="x", texts=("Tas til orientering.",), confirmed_reason="y") == ""
    )

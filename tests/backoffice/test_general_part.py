"""The «Generell del» screens (A14): the county's secretariat lists, creates, amends by the
county's decision (the diff shown) and chooses the general part of a partnership."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from partnerskap.agreements.models import Agreement, AgreementPart, ElectedBody, Party
from partnerskap.core.models import AuditEntry
from partnerskap.demo.general_part import VIKEN_TITLE

pytestmark = pytest.mark.django_db
SLUG = "asker-baerum-viken-2020-2024"
IN_2023 = dt.datetime(2023, 5, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def in_2023():
    with time_machine.travel(IN_2023, tick=True):
        yield


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def viken_part() -> AgreementPart:
    return AgreementPart.objects.get(title=VIKEN_TITLE)


def _amendment(part: AgreementPart, **changes: str) -> dict[str, str]:
    data = {f"section_{s.position}": s.body for s in part.versions.get(number=2).sections.all()}
    data |= {
        "decision_reference": "FT-sak 7/23",
        "decided_on": "2023-06-01",
        "elected_body": str(ElectedBody.objects.get(slug="viken-fylkesting").pk),
        "in_force_from": "2023-07-01",
    }
    data |= changes
    return data


def test_a14_county_secretariat_amends_and_sees_the_diff(client, bare_demo, in_2023):
    login(client, "sekretariat-viken")
    listing = client.get("/sekretariat/generell-del/").content.decode()
    assert VIKEN_TITLE in listing
    assert "Asker og Bærum – Viken 2020–2024" in listing
    part = viken_part()
    response = client.post(
        f"/sekretariat/generell-del/{part.pk}/endre/",
        _amendment(part, section_0="Fylket samarbeider tett med alle regionrådene."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = part.versions.get(number=3)
    assert version.in_force_from == dt.date(2023, 7, 1)
    assert version.adoptions.get().decision_reference == "FT-sak 7/23"
    page = client.get(f"/sekretariat/generell-del/{part.pk}/").content.decode()
    assert "<ins" in page  # the word diff of version 3
    assert "alle" in page
    assert AuditEntry.objects.filter(action="agreements.general_part.amended").exists()


def test_a14_amendment_before_the_decision_is_refused_in_words(client, bare_demo, in_2023):
    login(client, "sekretariat-viken")
    part = viken_part()
    response = client.post(
        f"/sekretariat/generell-del/{part.pk}/endre/",
        _amendment(part, section_0="Ny tekst.", in_force_from="2023-05-01"),
    )
    assert response.status_code in (400, 409)
    assert "cannot be in force before" in response.content.decode() or (
        "kan ikke gjelde" in response.content.decode()
    )
    assert part.versions.count() == 2


def test_a14_council_secretariat_cannot_see_or_amend_the_county_general_part(
    client, bare_demo, in_2023
):
    login(client, "sekretariat-radet")
    part = viken_part()
    assert client.get(f"/sekretariat/generell-del/{part.pk}/").status_code == 404
    response = client.post(
        f"/sekretariat/generell-del/{part.pk}/endre/", _amendment(part, section_0="x")
    )
    assert response.status_code == 404
    assert part.versions.count() == 2


def test_a14_county_secretariat_creates_and_chooses_a_general_part(client, bare_demo, in_2023):
    login(client, "sekretariat-viken")
    viken = Party.objects.get(slug="viken-fylkeskommune")
    created = client.post(
        "/sekretariat/generell-del/ny/",
        {
            "county": viken.pk,
            "title": "Ny generell del",
            "in_force_from": "2023-09-01",
            "text": "## Formål\nSamarbeid.\n\n## Økonomi\nHver part bærer egne kostnader.",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    part = AgreementPart.objects.get(title="Ny generell del")
    assert [s.heading for s in part.versions.get().sections.all()] == ["Formål", "Økonomi"]
    agreement = Agreement.objects.get(partnership__slug=SLUG)
    used = client.post(f"/sekretariat/generell-del/{part.pk}/bruk/", {"agreement": agreement.pk})
    assert used.status_code == 302
    agreement.refresh_from_db()
    assert agreement.general_part == part

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import Partnership
from partnerskap.meetings.models import Meeting
from partnerskap.portal.selectors import HOME_CARDS_UP_TO
from tests.factories import (
    HOSTILE,
    AgreementFactory,
    AgreementVersionFactory,
    CooperationAreaFactory,
    PartnershipFactory,
    PartyFactory,
)
from tests.world import OSLO, oslo

pytestmark = pytest.mark.django_db


def test_home_lists_the_demo_partnership_and_its_areas(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nb"' in html
    assert "Asker og Bærum – Viken 2020–2024" in html
    page = client.get("/asker-baerum-viken-2020-2024/").content.decode()
    assert "Forskning, innovasjon og verdiskaping" in page
    assert "Viken fylkeskommune" in page


def _partnership_with_areas(n_areas: int) -> None:
    agreement = AgreementFactory()
    version = AgreementVersionFactory(part=agreement.special_part)
    for _ in range(n_areas):
        CooperationAreaFactory(introduced_in=version)


def test_home_escapes_hostile_text(client):
    _partnership_with_areas(1)
    html = client.get("/").content.decode()
    html += client.get(f"/{Partnership.objects.get().slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert HOSTILE not in html


def test_home_queries_do_not_grow_with_data(client):
    _partnership_with_areas(1)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _ in range(4):
        _partnership_with_areas(5)
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)


def _many_partnerships(n: int, *, county: str = "Vestland fylkeskommune") -> list[Partnership]:
    """``n`` public partnerships of one county, in a period around today."""
    seat = PartyFactory(county=True, name=county)
    return [
        PartnershipFactory(
            name=f"Region {i} – {county}",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2028, 12, 31),
            parties=[PartyFactory(), seat],
        )
        for i in range(n)
    ]


def _meeting(partnership: Partnership, starts_at: dt.datetime, status: str, title: str) -> Meeting:
    return Meeting.objects.create(
        partnership=partnership,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        status=status,
    )


@time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=OSLO), tick=False)
def test_a_site_with_many_partnerships_lists_meetings_across_them_and_partnerships_by_county(
    client,
):
    """Beyond ``HOME_CARDS_UP_TO`` partnerships the home page shows the next meetings and the
    latest minutes across them and every public partnership under its county, not a card
    each; a draft partnership and a cancelled meeting are nowhere."""
    vestland = _many_partnerships(HOME_CARDS_UP_TO)
    (innlandet,) = _many_partnerships(1, county="Innlandet fylkeskommune")
    draft = PartnershipFactory(name="Utkast til partnerskap", status=Partnership.Status.DRAFT)
    _meeting(vestland[0], oslo(2026, 12, 14), Meeting.Status.PLANNED, "Desembermøtet")
    _meeting(innlandet, oslo(2027, 1, 20), Meeting.Status.PLANNED, "Januarmøtet")
    _meeting(vestland[1], oslo(2026, 12, 10), Meeting.Status.CANCELLED, "Avlyst møte")
    _meeting(draft, oslo(2026, 12, 9), Meeting.Status.PLANNED, "Utkastets møte")
    _meeting(innlandet, oslo(2026, 10, 1), Meeting.Status.MINUTES_APPROVED, "Oktobermøtet")

    html = client.get("/").content.decode()

    assert "Neste møter" in html
    assert "Alle partnerskap" in html
    assert html.index("Desembermøtet") < html.index("Januarmøtet")  # soonest first
    assert "Oktobermøtet" in html.split("Siste møtebok", 1)[1]
    assert "Avlyst møte" not in html
    assert "Utkast" not in html
    everything = html.split("Alle partnerskap", 1)[1]
    assert everything.index("Innlandet fylkeskommune") < everything.index("Vestland fylkeskommune")
    assert everything.index("Vestland fylkeskommune") < everything.index("Region 0 – Vestland")
    assert 'aria-labelledby="p' not in html  # no card per partnership
    nynorsk = client.get("/nn/").content.decode()
    assert "Neste møte" in nynorsk
    assert "Alle partnarskap" in nynorsk


def test_a_site_with_few_partnerships_shows_a_card_each(client):
    for partnership in _many_partnerships(HOME_CARDS_UP_TO):
        assert f'aria-labelledby="p{partnership.pk}"' in client.get("/").content.decode()


def test_the_home_page_of_a_large_site_costs_the_same_queries_however_many_partnerships(client):
    _many_partnerships(HOME_CARDS_UP_TO + 1)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    _many_partnerships(20, county="Nordland fylkeskommune")
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)

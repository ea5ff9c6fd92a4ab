"""Costs (A15) and budget allocations (A16) in the back office: each party's own secretariat
or case officers record its amounts, everyone in the partnership reads them, per party and
never as a shared pool; exact amounts in Norwegian format; constant queries per page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerskap.agreements.models import Party
from partnerskap.backoffice.forms_finance import AmountField
from partnerskap.backoffice.views.finance import nok
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.finance.services import allocation_record, cost_record
from partnerskap.people.models import Membership, Person, Role
from tests.factories import UserFactory
from tests.world import OSLO, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_period(request):
    """Inside the 2020–2024 period: a concluded partnership is read-only (A18,
    tests/backoffice/test_concluded.py), and these tests change it. The whole demo is loaded
    first, at today's date, as ``make run`` loads it."""
    if "demo" in request.fixturenames:
        request.getfixturevalue("demo")
    with time_machine.travel(oslo(2024, 6, 3, 9), tick=True):
        yield


COUNCIL = "asker-og-baerum-rad"
VIKEN = "viken-fylkeskommune"


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def in_2023():
    """Mid-2023, when both parties' secretariats and case officers held office (Viken ended
    31.12.2023)."""
    with time_machine.travel(dt.datetime(2023, 6, 1, 12, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def personas(world):
    """The demo's people, plus a council case officer and a login for Viken's case officer."""
    council_officer = Person.objects.create(given_name="Kari", family_name="Rådsaksbehandler")
    Membership.objects.create(
        person=council_officer,
        party=world.council,
        role=Role.CASE_OFFICER,
        valid_from=dt.date(2020, 1, 1),
    )
    council_officer.user = UserFactory(username="saksbehandler-radet")
    council_officer.save()
    viken_officer = Person.objects.get(given_name="Kristian", family_name="Lunde")
    viken_officer.user = UserFactory(username="saksbehandler-viken")
    viken_officer.save()
    UserFactory(username="outsider")
    return world


def cost_url(world, party: str) -> str:
    return f"/sekretariat/kostnader/{world.partnership.slug}/{party}/ny-kostnad/"


def allocation_url(world, party: str) -> str:
    return f"/sekretariat/kostnader/{world.partnership.slug}/{party}/ny-bevilgning/"


COST = {
    "category": "participation",
    "amount": "4 250,50",
    "incurred_on": "2023-05-10",
    "description": "Reise <b>«Drammen»</b>",
}
ALLOCATION = {
    "year": "2023",
    "amount": "150 000",
    "decision_reference": "PS 12/23",
    "decided_on": "2023-01-20",
    "purpose": "Sekretariat",
}

# (user, may record the council's amounts, may record Viken's); refused means 403 (404 for a
# user who works in no party of the partnership and so cannot see it at all).
MATRIX = [
    ("admin", True, True),
    ("sekretariat-radet", True, False),
    ("saksbehandler-radet", True, False),
    ("sekretariat-viken", False, True),
    ("saksbehandler-viken", False, True),
    ("saksbehandler-baerum", False, False),  # Bærum's officer, not the council's
    ("leder", False, False),
    ("medlem", False, False),
    ("outsider", False, False),
]


@pytest.mark.parametrize(("username", "council", "viken"), MATRIX)
def test_a15_a16_permission_matrix_each_party_records_only_its_own_amounts(
    client, personas, in_2023, username, council, viken
):
    login(client, username)
    refused = 404 if username == "outsider" else 403
    for party, allowed in ((COUNCIL, council), (VIKEN, viken)):
        assert client.get(cost_url(personas, party)).status_code == (200 if allowed else refused)
        response = client.post(cost_url(personas, party), COST)
        assert response.status_code == (302 if allowed else refused), (username, party)
        response = client.post(allocation_url(personas, party), ALLOCATION)
        assert response.status_code == (302 if allowed else refused), (username, party)
        saved = CostEntry.objects.filter(party__slug=party).count()
        assert saved == (1 if allowed else 0)
        assert BudgetAllocation.objects.filter(party__slug=party).count() == saved
        if not allowed and refused == 403:  # the reason names the party
            name = Party.objects.get(slug=party).name
            assert name in response.content.decode().split('class="ds-alert"')[1]
    overview = client.get("/sekretariat/kostnader/")
    assert overview.status_code == 200


def test_a15_a16_an_allocation_then_a_cost_charged_to_it_shown_per_party_in_norwegian_format(
    client, world
):
    login(client, "sekretariat-radet")
    response = client.post(allocation_url(world, COUNCIL), {**ALLOCATION, "amount": "12 345,50"})
    assert response.status_code == 302
    allocation = BudgetAllocation.objects.get()
    assert allocation.amount == Decimal("12345.50")
    assert (allocation.party.slug, allocation.year) == (COUNCIL, 2023)
    assert response["Location"] == (
        f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}&ar=2023"
    )
    response = client.post(
        cost_url(world, COUNCIL),
        {**COST, "amount": "1 000,25", "allocation": allocation.pk},
    )
    assert response.status_code == 302
    cost = CostEntry.objects.get()
    assert (cost.amount, cost.allocation, cost.party.slug) == (
        Decimal("1000.25"),
        allocation,
        COUNCIL,
    )
    page = client.get(response["Location"]).content.decode()
    assert "12\u00a0345,50" in page  # allocated
    assert "1\u00a0000,25" in page  # the cost, charged
    assert "11\u00a0345,25" in page  # left of the allocation
    assert "Reise &lt;b&gt;«Drammen»&lt;/b&gt;" in page  # escaped
    # Viken's row is its own: nothing of the council's amounts is shared with it.
    viken = client.get(
        f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}&ar=2023&part={VIKEN}"
    ).content.decode()
    assert "12\u00a0345,50" not in viken
    assert "Reise &lt;b&gt;" not in viken


def test_a16_a_cost_cannot_be_charged_to_the_other_partys_allocation(client, world):
    viken_allocation = allocation_record(
        partnership=world.partnership,
        party=world.county,
        year=2023,
        amount=Decimal("5000.00"),
        decision_reference="FU 3/23",
        decided_on=dt.date(2023, 1, 10),
        actor=None,
    )
    login(client, "sekretariat-radet")
    page = client.get(cost_url(world, COUNCIL)).content.decode()
    assert "FU 3/23" not in page, "only the party's own allocations are offered"
    response = client.post(cost_url(world, COUNCIL), {**COST, "allocation": viken_allocation.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_allocation_err"' in html
    assert 'value="4 250,50"' in html, "the entered amount is kept"
    assert not CostEntry.objects.exists()


@pytest.mark.parametrize(
    ("amount", "field_error"),
    [("0", "positive"), ("-10", "positive"), ("12,345", "2"), ("tolv", "number")],
)
def test_a_bad_amount_is_explained_next_to_the_field_and_the_input_kept(
    client, world, amount, field_error
):
    login(client, "sekretariat-radet")
    response = client.post(allocation_url(world, COUNCIL), {**ALLOCATION, "amount": amount})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_amount_err"' in html
    assert 'aria-describedby="id_amount_err id_amount_helptext"' in html
    assert f'value="{amount}"' in html
    assert 'value="PS 12/23"' in html
    assert not BudgetAllocation.objects.exists()


class _FormFields(HTMLParser):
    """The attributes of every field (input, select, textarea) of the page's finance form
    (not the page frame's forms), by name, and the ids of every element in it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, dict[str, str | None]] = {}
        self.ids: set[str] = set()
        start = html.index('<form method="post" class="stack')
        self.feed(html[start : html.index("</form>", start)])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        name = found.get("name")
        if tag in ("input", "select", "textarea") and name and name != "csrfmiddlewaretoken":
            self.fields[name] = found


@pytest.mark.parametrize(
    ("kind", "helped"),
    [
        ("allocation", {"amount", "decision_reference"}),
        ("cost", {"amount", "meeting", "allocation"}),
    ],
)
def test_finance_forms_are_styled_and_tie_each_error_to_its_field(client, world, kind, helped):
    """Designsystemet's class on every field; a field with an error is marked invalid and
    names its message, then its help text, so a screen reader reads what to fix."""
    login(client, "sekretariat-radet")
    url = (cost_url if kind == "cost" else allocation_url)(world, COUNCIL)
    blank = _FormFields(client.get(url).content.decode())
    assert blank.fields
    for name, attrs in blank.fields.items():
        assert attrs["class"] == "ds-input", name
        assert "aria-invalid" not in attrs, name
        described = f"id_{name}_helptext" if name in helped else None
        assert attrs.get("aria-describedby") == described, name
        assert (described is None) or described in blank.ids
    response = client.post(url, {"amount": "tolv", "year": "1800"})
    assert response.status_code == 400
    wrong = _FormFields(response.content.decode())
    errors = response.context["form"].errors
    assert {"amount", "description" if kind == "cost" else "decision_reference"} <= set(errors)
    for name, attrs in wrong.fields.items():
        assert attrs["class"] == "ds-input", name
        if name in errors:
            ids = [f"id_{name}_err", *([f"id_{name}_helptext"] if name in helped else [])]
            assert attrs["aria-describedby"] == " ".join(ids), name
            assert attrs["aria-invalid"] == "true", name
            assert set(ids) <= wrong.ids, name
        else:
            assert "aria-invalid" not in attrs, name
            assert f"id_{name}_err" not in wrong.ids, name


def test_a16_an_allocation_needs_its_decision_reference(client, world):
    login(client, "sekretariat-radet")
    response = client.post(
        allocation_url(world, COUNCIL), {**ALLOCATION, "decision_reference": "   "}
    )
    assert response.status_code == 400
    assert 'id="id_decision_reference_err"' in response.content.decode()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12 345,50", Decimal("12345.50")),
        ("12\u00a0345,5", Decimal("12345.5")),
        ("kr 1 000", Decimal("1000")),
        ("1.234,50", Decimal("1234.50")),
        ("1234.50", Decimal("1234.50")),
        ("250,-", Decimal("250")),
    ],
)
def test_amounts_are_read_as_norwegians_write_them(text, value):
    assert AmountField().clean(text) == value


def test_amounts_are_shown_exactly_in_norwegian_format():
    assert nok(Decimal("1234567.05")) == "1\u00a0234\u00a0567,05"
    assert nok(Decimal("0.1") + Decimal("0.2")) == "0,30"
    assert nok(None) == "0,00"


def _fill(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        allocation = allocation_record(
            partnership=world.partnership,
            party=world.council if i % 2 else world.county,
            year=2022,
            amount=Decimal("1000.00"),
            decision_reference=f"PS {i}/22",
            decided_on=dt.date(2022, 1, 10),
            actor=None,
        )
        cost_record(
            partnership=world.partnership,
            party=allocation.party,
            category=CostEntry.Category.ADMINISTRATION,
            amount=Decimal("10.10"),
            incurred_on=dt.date(2022, 3, 1),
            description=f"Kostnad {i}",
            allocation=allocation,
            actor=None,
        )


def test_the_overview_filters_by_party_and_year_and_pages(client, world):
    _fill(world, 60)
    login(client, "medlem")  # members read
    base = f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}&ar=2022"
    response = client.get(base)
    assert response.content.decode().count("Kostnad ") == 25
    assert response.context["cost_page"].paginator.num_pages == 3
    council = client.get(f"{base}&part={COUNCIL}&side=2").content.decode()
    assert council.count("Kostnad ") == 5  # 30 of the council's, the second page
    assert "303,00" in council  # the council's total: 30 × 10,10
    empty = client.get(f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}&ar=2021")
    assert "Kostnad " not in empty.content.decode()
    assert client.get("/sekretariat/kostnader/?partnerskap=nowhere").status_code == 404


def test_nobody_outside_the_partnership_sees_its_amounts(client, world):
    _fill(world, 1)
    UserFactory(username="outsider")
    login(client, "outsider")
    page = client.get("/sekretariat/kostnader/")
    assert page.status_code == 200
    assert "PS 0/22" not in page.content.decode()
    cost = CostEntry.objects.get()
    assert client.get(f"/sekretariat/kostnader/kostnad/{cost.pk}/").status_code == 404
    assert client.get(f"/sekretariat/kostnader/bevilgning/{cost.allocation_id}/").status_code == 404


def test_detail_pages_show_the_history(client, world):
    login(client, "sekretariat-radet")
    client.post(allocation_url(world, COUNCIL), ALLOCATION)
    allocation = BudgetAllocation.objects.get()
    client.post(cost_url(world, COUNCIL), {**COST, "allocation": allocation.pk})
    cost = CostEntry.objects.get()
    page = client.get(f"/sekretariat/kostnader/kostnad/{cost.pk}/").content.decode()
    assert "En kostnad på kr\u00a04\u00a0250,50 ble registrert for" in page  # history, in words
    assert "finance.cost.recorded" not in page
    assert "Marte Kolstad" in page
    assert "4\u00a0250,50" in page
    page = client.get(f"/sekretariat/kostnader/bevilgning/{allocation.pk}/").content.decode()
    assert "bevilget kr\u00a0150\u00a0000,00 for 2023." in page
    assert "finance.allocation.recorded" not in page
    assert "145\u00a0749,50" in page  # left: 150 000 − 4 250,50


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_pages_keep_a_constant_number_of_queries_as_data_grows(client, world):
    login(client, "sekretariat-radet")
    _fill(world, 2)
    overview = f"/sekretariat/kostnader/?partnerskap={world.partnership.slug}&ar=2022"
    allocation = BudgetAllocation.objects.filter(party=world.council).first()
    assert allocation is not None
    cost = CostEntry.objects.first()
    assert cost is not None
    urls = [
        overview,
        f"{overview}&part={COUNCIL}",
        f"/sekretariat/kostnader/kostnad/{cost.pk}/",
        f"/sekretariat/kostnader/bevilgning/{allocation.pk}/",
        cost_url(world, COUNCIL),
    ]
    small = [_queries(client, url) for url in urls]
    _fill(world, 40, start=2)
    for i in range(20):
        cost_record(
            partnership=world.partnership,
            party=allocation.party,
            category=CostEntry.Category.OTHER,
            amount=Decimal("1.00"),
            incurred_on=dt.date(2022, 4, 1),
            description=f"Mer {i}",
            allocation=allocation,
            actor=None,
        )
    large = [_queries(client, url) for url in urls]
    assert large == small


def test_the_party_filter_offers_only_the_partnerships_parties(client, world):
    other = Party.objects.get(slug="akershus-fylkeskommune")
    login(client, "sekretariat-radet")
    page = client.get("/sekretariat/kostnader/").content.decode()
    assert f'value="{COUNCIL}"' in page
    assert f'value="{other.slug}"' not in page
    # A party outside the partnership has no form here.
    assert client.get(cost_url(world, other.slug)).status_code == 404

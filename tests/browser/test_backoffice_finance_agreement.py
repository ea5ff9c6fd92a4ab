"""Costs and allocations, signatures and amendment review in a real browser, on the demo: the
council's secretariat records its own allocation, a cost and its signature; a wrong persona is
refused; every new page is free of serious accessibility violations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.diff import changed_chunks
from partnerskap.agreements.models import AgreementVersion, Party
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import amendment_diff
from tests.browser.conftest import collect_axe_problems, csrf_token, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(site_before_renewal: str) -> str:
    """The demo before its renewal (A18): these steps work in the 2020–2024 partnership, as
    its secretariat did then, when the back office's lists and choices held only it."""
    return site_before_renewal


@pytest.fixture(autouse=True)
def _in_the_period(site: str) -> Iterator[None]:
    """Inside the demo partnership's period (2020–2024), after the demo was loaded in the
    present: a concluded partnership is read-only (A18, ``policy.can_run``)."""
    with time_machine.travel(
        dt.datetime(2024, 11, 15, 9, tzinfo=ZoneInfo("Europe/Oslo")), tick=True
    ):
        yield


COUNCIL = "asker-og-baerum-rad"


def test_the_secretariat_records_an_allocation_and_a_cost_for_its_own_party(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/kostnader/")
    page.locator("#f-year").select_option("2024")
    page.locator("form.filters button").click()
    expect(page).to_have_url(re.compile(r"ar=2024"))
    expect(page.locator("#sum-h")).to_contain_text("2024")
    expect(page.locator("table").first).to_contain_text("70\u00a0000,00")  # the council's 2024
    collect_axe_problems(page, problems)

    page.locator(f"a[href*='/{COUNCIL}/ny-bevilgning/']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interkommunalt politisk råd")
    collect_axe_problems(page, problems)
    page.locator("#id_amount").fill("12 345,50")
    page.locator("#id_decision_reference").fill("RS 99/2024")
    page.locator("#id_decided_on").fill("2024-05-02")
    page.locator("#id_purpose").fill("Evaluering")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("[role=status]")).to_be_visible()
    expect(page.locator("#alloc-h + .table-scroll")).to_contain_text("12\u00a0345,50")
    allocation = BudgetAllocation.objects.get(decision_reference="RS 99/2024")

    page.locator(f"a[href*='/{COUNCIL}/ny-kostnad/']").click()
    collect_axe_problems(page, problems)
    page.locator("#id_category").select_option("administration")
    page.locator("#id_amount").fill("-5")  # a broken rule: explained next to the field
    page.locator("#id_incurred_on").fill("2024-06-03")
    page.locator("#id_description").fill("Trykking av evalueringen")
    page.locator("#id_allocation").select_option(str(allocation.pk))
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#id_amount_err")).to_be_visible()
    expect(page.locator("#id_description")).to_have_value("Trykking av evalueringen")
    collect_axe_problems(page, problems)
    page.locator("#id_amount").fill("2 500")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("[role=status]")).to_be_visible()
    page.get_by_role("link", name="Trykking av evalueringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trykking av evalueringen")
    expect(page.locator("#hist-h")).to_be_visible()
    collect_axe_problems(page, problems)
    page.get_by_role("link", name="RS 99/2024").click()
    expect(page.locator("dl.facts")).to_contain_text("9\u00a0845,50")  # left
    collect_axe_problems(page, problems)
    assert CostEntry.objects.get(description="Trykking av evalueringen").allocation == allocation
    assert problems == {}


def test_the_secretariat_signs_for_its_party_and_reviews_an_amendment(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/avtale/")
    collect_axe_problems(page, problems)
    version = AgreementVersion.objects.get(
        part__agreement__partnership__slug=PARTNERSHIP_SLUG, number=2
    )
    assert not version.signatures.exists()
    page.locator(f"a[href$='/avtale/versjon/{version.pk}/#sign-{COUNCIL}']").click()
    page.locator(f"#sign-{COUNCIL} summary").click()
    prefix = f"#id_p{Party.objects.get(slug=COUNCIL).pk}"
    page.locator(f"{prefix}-signatory_name").fill("Sigrid Aasheim")
    page.locator(f"{prefix}-signatory_role").fill("Leder av rådet")
    page.locator(f"{prefix}-place").fill("Sandvika")
    page.locator(f"{prefix}-signed_on").fill("2022-06-10")
    collect_axe_problems(page, problems)
    page.locator(f"#sign-{COUNCIL} button[type=submit]").click()
    expect(page.locator(f"#sign-{COUNCIL}")).to_contain_text("Sandvika 10.6.2022")
    expect(page.locator("#hist-h + ul")).to_contain_text("signerte versjon")
    collect_axe_problems(page, problems)
    assert version.signatures.get().signatory_name == "Sigrid Aasheim"

    page.goto(f"{site}/sekretariat/avtale/endringer/")
    collect_axe_problems(page, problems)
    # The demo's amendment whose text both removes and adds words.
    amendment = next(
        p
        for p in Proposal.objects.filter(kind=Proposal.Kind.AMENDMENT)
        if {"insert", "delete"} <= {c.op for c in changed_chunks(amendment_diff(proposal=p))}
    )
    page.locator(f"a[href='/sekretariat/avtale/endringer/{amendment.pk}/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(amendment.title)
    diff = page.locator(".diff")
    expect(diff.locator("ins").first).to_be_visible()
    # Marked by more than colour: struck through / underlined, and named for screen readers.
    decoration = diff.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    decoration = diff.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in decoration
    expect(diff.locator("ins .visually-hidden").first).to_have_text(re.compile(r"^satt inn:"))
    collect_axe_problems(page, problems)
    assert problems == {}


def test_a_wrong_persona_is_refused(site: str, page: Page):
    version = AgreementVersion.objects.get(
        part__agreement__partnership__slug=PARTNERSHIP_SLUG, number=2
    )
    cost_form = f"{site}/sekretariat/kostnader/{PARTNERSHIP_SLUG}/{COUNCIL}/ny-kostnad/"
    # Bærum's case officer works in the partnership but does not act for the council.
    sign_in(page, site, "saksbehandler-baerum")
    response = page.goto(cost_form)
    assert response is not None
    assert response.status == 403
    expect(page.locator(".ds-alert")).to_contain_text("Interkommunalt politisk råd")
    page.goto(f"{site}/sekretariat/avtale/versjon/{version.pk}/")
    expect(page.locator(f"#sign-{COUNCIL} form")).to_have_count(0)
    # A member reads the figures but records nothing, not even by posting directly.
    page.context.clear_cookies()
    sign_in(page, site, "medlem")
    page.goto(f"{site}/sekretariat/kostnader/")
    expect(page.locator("a[href*='/ny-kostnad/']")).to_have_count(0)
    csrf = csrf_token(page)
    response = page.request.post(
        cost_form,
        form={"category": "other", "amount": "1", "incurred_on": "2024-01-01", "description": "x"},
        headers={"X-CSRFToken": csrf, "Referer": cost_form},
    )
    assert response.status == 403
    assert "Interkommunalt politisk råd" in response.text()
    response = page.request.post(
        f"{site}/sekretariat/avtale/versjon/{version.pk}/signer/{COUNCIL}/",
        form={"x": "y"},
        headers={"X-CSRFToken": csrf, "Referer": site},
    )
    assert response.status == 403
    assert not CostEntry.objects.filter(description="x").exists()
    assert not version.signatures.exists()

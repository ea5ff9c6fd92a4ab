"""Partial updates in a real browser (issue 5, point 1): the meeting list searches as you type
without reloading the page, and a case officer records a follow-up step in place; the page
keeps its state (a marker set in the page survives) and stays accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partnerskap.followup.models import FollowUp
from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(site_before_renewal: str) -> str:
    """The demo before its renewal (A18): these steps work in the 2020–2024 partnership, as
    its secretariat did then, when the back office's lists and choices held only it."""
    return site_before_renewal


def mark(page: Page) -> None:
    """Set a marker that a full page load would wipe."""
    page.evaluate("window.notReloaded = true")


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.notReloaded === true"))


def test_the_meeting_list_searches_as_you_type(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/moter/")
    rows = page.locator("#meeting-results tbody tr")
    expect(rows).to_have_count(11)
    mark(page)
    page.locator("#f-q").press_sequentially("høst", delay=50)
    expect(rows).to_have_count(5)
    expect(page.locator("#meeting-count")).to_have_text("5 møter")
    for title in page.locator("#meeting-results tbody td a").all_inner_texts():
        assert "høst" in title.lower()
    assert not_reloaded(page)
    assert "q=h%C3%B8st" in page.url or "q=høst" in page.url  # the address can be shared
    collect_axe_problems(page, problems, "meetings, searched")
    assert problems == {}


def test_a_case_officer_records_a_step_in_place(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "saksbehandler-baerum")
    page.goto(f"{site}/sekretariat/oppfolging/")
    follow_up = FollowUp.objects.filter(
        elected_body__party__slug="baerum-kommune", status="sent"
    ).earliest("expected_by", "pk")
    row = page.locator(f"#f{follow_up.pk}")
    mark(page)
    row.locator("summary").click()
    row.locator(f"#id_f{follow_up.pk}-status").select_option("received")
    row.locator(f"#id_f{follow_up.pk}-body_case_number").fill("26/4711")
    row.locator("button", has_text="Registrer").click()
    expect(row.locator("[role=status]")).to_contain_text("Registrert for Bærum kommunestyre.")
    expect(row).to_contain_text("mottatt")
    assert not_reloaded(page)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.body_case_number) == ("received", "26/4711")
    collect_axe_problems(page, problems, "follow-ups, recorded in place")

    # A refusal comes back in place too: a step dated before the one just recorded.
    row.locator("summary").click()
    row.locator(f"#id_f{follow_up.pk}-status").select_option("on_agenda")
    row.locator(f"#id_f{follow_up.pk}-on").fill("2020-01-01")
    row.locator("button", has_text="Registrer").click()
    expect(row.locator(".ds-validation-message, .ds-alert").first).to_be_visible()
    assert not_reloaded(page)
    follow_up.refresh_from_db()
    assert follow_up.status == "received"
    assert problems == {}

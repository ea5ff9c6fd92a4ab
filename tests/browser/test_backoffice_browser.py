"""The back office in a real browser: the secretariat builds an agenda with the keyboard, and
every back-office page is free of serious accessibility violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partnerskap.meetings.models import Meeting
from tests.browser.conftest import axe_problems

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/sekretariat/logg-inn/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("partnerskap-demo")
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{site}/sekretariat/")


def test_back_office_pages_have_no_serious_accessibility_violations(site: str, page: Page):
    sign_in(page, site, "sekretariat-radet")
    meeting = Meeting.objects.filter(status="minutes_approved").first()
    problems = {}
    for path in (
        "/sekretariat/",
        "/sekretariat/moter/",
        "/sekretariat/moter/ny/",
        f"/sekretariat/moter/{meeting.pk}/",
        "/sekretariat/oppfolging/",
    ):
        response = page.goto(site + path)
        assert response is not None
        assert response.ok, path
        found = axe_problems(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_the_secretariat_plans_a_meeting_and_builds_the_agenda_with_the_keyboard(
    site: str, page: Page
):
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/moter/ny/")
    page.locator("#id_partnership").select_option(index=1)
    page.locator("#id_title").fill("Høstmøte i nettleseren")
    page.locator("#id_starts_at").fill("2031-10-01T10:00")
    page.locator("#id_ends_at").fill("2031-10-01T13:00")
    page.locator("#id_location").select_option(index=1)
    page.locator("#id_title").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Høstmøte i nettleseren")
    for title in ("Første sak", "Andre sak"):
        page.locator("#id_title").fill(title)
        page.locator("input[name=areas]").first.check()
        page.locator("#id_title").press("Enter")
        expect(page.locator("#agenda")).to_contain_text(title)
    # Move the second item up with the keyboard only (Tab to the button, Enter).
    up_buttons = page.locator("#agenda button[value=up]")
    up_buttons.nth(1).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda li").first).to_contain_text("Andre sak")
    meeting = Meeting.objects.get(title="Høstmøte i nettleseren")
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Andre sak",
        "Første sak",
    ]


def test_a_member_cannot_change_a_meeting(site: str, page: Page):
    sign_in(page, site, "medlem")
    meeting = Meeting.objects.filter(status="minutes_approved").first()
    page.goto(f"{site}/sekretariat/moter/{meeting.pk}/")
    expect(page.locator("h1")).to_have_text(meeting.title)
    expect(page.locator(f"form[action^='/sekretariat/moter/{meeting.pk}/']")).to_have_count(0)
    response = page.request.post(f"{site}/sekretariat/moter/{meeting.pk}/record_held/")
    assert response.status == 403

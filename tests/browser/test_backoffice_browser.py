"""The back office in a real browser: the secretariat builds an agenda with the keyboard, and
every back-office page is free of serious accessibility violations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.meetings.models import Meeting
from tests.browser.conftest import collect_axe_problems, open_details_of, plan_meeting, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _in_the_period(site: str) -> Iterator[None]:
    """Inside the demo partnership's period (2020–2024), after the demo was loaded in the
    present: a concluded partnership is not planned in (``policy.can_plan``)."""
    when = dt.datetime(2024, 11, 15, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(when, tick=True):
        yield


def test_back_office_pages_have_no_serious_accessibility_violations(site: str, page: Page):
    sign_in(page, site, "sekretariat-radet")
    meeting = Meeting.objects.filter(status="minutes_approved").first()
    problems = {}
    for path in (
        "/sekretariat/",
        "/sekretariat/moter/",
        "/sekretariat/moter/?sorter=-tittel&status=minutes_approved",
        "/sekretariat/utvalg/?sorter=navn",
        "/sekretariat/moter/ny/",
        f"/sekretariat/moter/{meeting.pk}/",
        "/sekretariat/oppfolging/",
    ):
        response = page.goto(site + path)
        assert response is not None
        assert response.ok, path
        collect_axe_problems(page, problems, path)
    assert problems == {}


def test_the_secretariat_plans_a_meeting_and_builds_the_agenda_with_the_keyboard(
    site: str, page: Page
):
    sign_in(page, site, "sekretariat-radet")
    plan_meeting(page, site, "Høstmøte i nettleseren", "2031-10-01T10:00", "2031-10-01T13:00")
    for title in ("Første sak", "Andre sak"):
        open_details_of(page, "#id_kind")  # the add-item form is folded
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

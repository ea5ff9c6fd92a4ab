"""Requests for extra meetings and the concluded partnership in a real browser (issue 16,
slice «requests»): the secretariat registers a party's request and plans the meeting from it
inside the period (2024); after the period the back office reads the partnership but offers
no planning. Every page passes axe and reads at 360 and 1280 px (screenshots in
var/screenshots/)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.browser.year_steps_requests import (
    REQUESTS,
    concluded_partnership_is_read_only,
    plan_meeting_from_request,
    register_request,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(site_before_renewal: str) -> str:
    """The demo before its renewal (A18): after the period and before a renewal, the council's
    secretariat has nothing left to plan in; once renewed, it plans in the new partnership."""
    return site_before_renewal


SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def in_2024(site: str) -> Iterator[str]:
    """Inside the demo partnership's period, after the demo was loaded in the present."""
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=ZoneInfo("Europe/Oslo")), tick=True):
        yield site


def look(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    """axe on the page, and a screenshot at each width."""
    collect_axe_problems(page, problems, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"requests-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_secretariat_registers_a_request_and_plans_the_meeting_from_it(
    in_2024: str, page: Page
):
    site = in_2024
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}{REQUESTS}{PARTNERSHIP_SLUG}/ny/")
    page.locator("main form button[type=submit]").click()  # empty: the errors by their fields
    look(page, "form-errors", problems)
    register_request(page, site)
    look(page, "list-open", problems)
    page.goto(f"{site}/sekretariat/")
    look(page, "dashboard-2024", problems)
    plan_meeting_from_request(page, site)
    page.goto(site + REQUESTS)
    look(page, "list-closed", problems)
    page.goto(f"{site}/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2024/")
    look(page, "year-2024", problems)
    assert problems == {}


def test_after_the_period_the_partnership_is_read_not_planned(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    concluded_partnership_is_read_only(page, site)
    look(page, "year-outside", problems)
    for name, path in (
        ("dashboard-concluded", "/sekretariat/"),
        ("year-concluded", f"/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2024/"),
        ("list-concluded", REQUESTS),
    ):
        page.goto(site + path)
        look(page, name, problems)
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/ar/2019/")
    look(page, "portal-year-outside", problems)
    assert problems == {}

"""The evaluation of the agreement period in a real browser (issue 17, point 4): the council's
secretariat starts it and writes the assessment, both parties' secretariats approve, it is
published, and the portal shows it with its charts and PDF/A. Every page passes axe and reads
at 360 and 1280 px (screenshots in var/screenshots/)."""

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
from tests.browser.lifecycle_steps_evaluation import (
    PAGE,
    approve_for_own_party,
    demo_without_evaluation,
    portal_shows_evaluation,
    publish,
    start_and_write_assessment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
COUNCIL = "Interkommunalt politisk råd for Asker og Bærum"
COUNTY = "Viken fylkeskommune"


@pytest.fixture
def in_2023(site: str) -> Iterator[str]:
    """Inside the period, while Viken and its secretariat still were (the county's approval
    in 2024 belongs to its successor: the succession slice)."""
    demo_without_evaluation()
    when = dt.datetime(2023, 11, 20, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(when, tick=True):
        yield site


def look(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    """axe on the page, and a screenshot at each width."""
    collect_axe_problems(page, problems, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"evaluation-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_the_secretariats_write_approve_and_publish_and_the_portal_shows_it(
    in_2023: str, page: Page
):
    site = in_2023
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    start_and_write_assessment(page, site)
    look(page, "draft", problems)
    approve_for_own_party(page, site, COUNCIL)
    look(page, "one-approval", problems)
    sign_out(page)
    sign_in(page, site, "sekretariat-viken")
    approve_for_own_party(page, site, COUNTY, last=True)
    look(page, "approved", problems)
    publish(page, site)
    look(page, "published", problems)
    page.goto(f"{site}/sekretariat/evaluering/")
    look(page, "list", problems)
    sign_out(page)
    portal_shows_evaluation(page, site)
    look(page, "portal", problems)
    page.goto(f"{site}{PAGE}")  # signed out: the back office asks to sign in
    assert "/logg-inn/" in page.url
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/")
    look(page, "partnership", problems)
    assert problems == {}

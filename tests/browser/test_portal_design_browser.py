"""The portal looked at, not assumed (issue 20, points 2–4): each main page at 360 and 1280 px in
every language of ``settings.LANGUAGES``, saved under ``var/screenshots/`` (CI keeps them as
artefacts), failing when a page at 360 px scrolls sideways or axe finds a serious violation;
the minutes one tap away on a phone; the menu that opens without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import Meeting
from tests.browser.conftest import collect_axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "asker-baerum-viken-2020-2024"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = (360, 1280)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _prefix(code: str) -> str:
    """The language's URL prefix: none for the default language."""
    return "" if code == settings.LANGUAGE_CODE else f"/{code}"


def _meeting() -> Meeting:
    """The demo's first meeting with approved minutes (by date, so SQLite and PostgreSQL agree)."""
    return Meeting.objects.filter(partnership__slug=SLUG, status="minutes_approved").earliest(
        "starts_at"
    )


def main_pages() -> dict[str, str]:
    proposal = Proposal.objects.filter(partnership__slug=SLUG).earliest("sent_on", "pk")
    return {
        "home": "/",
        "partnership": f"/{SLUG}/",
        "year": f"/{SLUG}/ar/2022/",
        "meeting": f"/{SLUG}/moter/{_meeting().pk}/",
        "area": f"/{SLUG}/omrader/digitalisering/",
        "proposal": f"/{SLUG}/forslag/{proposal.pk}/",
        "search": "/sok/?q=m%C3%B8te",
    }


def _sideways(page: Page) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_at_360_and_1280_px_are_saved_and_never_scroll_sideways(
    site: str, page: Page, language: str
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sideways: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    for name, path in main_pages().items():
        url = site + _prefix(language) + path
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(url)
            assert response is not None
            assert response.ok, url
            assert page.locator("html").get_attribute("lang") == language
            shot = SCREENSHOTS / f"portal-{language}-{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5_000
            if width == 360 and _sideways(page) > 0:
                sideways[f"{name} ({path})"] = _sideways(page)
            collect_axe_problems(page, problems, f"{name} at {width} px")
    assert sideways == {}, "pages at 360 px that scroll sideways (by px)"
    assert problems == {}


def test_the_meeting_page_reaches_its_minutes_in_one_tap_on_a_phone(site: str, browser: Browser):
    """At 360 px, with JavaScript off: the jump menu's «Møtebok» is on the first screen, and one
    tap brings the minutes' heading into view."""
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{site}/{SLUG}/moter/{_meeting().pk}/")
        minutes = page.get_by_role("navigation", name="På denne siden").get_by_role(
            "link", name="Møtebok"
        )
        expect(minutes).to_be_in_viewport()
        expect(page.get_by_role("heading", name="Møtebok", level=2)).not_to_be_in_viewport()
        minutes.click()
        expect(page.get_by_role("heading", name="Møtebok", level=2)).to_be_in_viewport()
        assert page.url.endswith("#motebok")
    finally:
        context.close()


def test_the_menu_folds_on_a_phone_and_opens_without_javascript(site: str, browser: Browser):
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{site}/{SLUG}/")
        menu = page.get_by_role("navigation", name="Hovedmeny")
        expect(menu.get_by_role("link", name="Møter")).to_be_hidden()
        page.get_by_text("Meny", exact=True).click()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "portal-nb-menu-open-360.png"))
        menu.get_by_role("link", name="Møter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Møter")
        assert _sideways(page) <= 0
    finally:
        context.close()


def test_the_menu_stands_open_on_a_wide_screen(site: str, page: Page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site}/{SLUG}/")
    expect(page.get_by_text("Meny", exact=True)).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Møter")
    ).to_be_visible()


def test_the_meeting_page_prints_the_agenda_and_minutes_without_the_sites_chrome(
    site: str, page: Page
):
    page.goto(f"{site}/{SLUG}/moter/{_meeting().pk}/")
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-footer", ".ds-breadcrumbs", ".jump-menu", ".follow"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", name="Saksliste", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Møtebok", level=2)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portal-nb-meeting-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

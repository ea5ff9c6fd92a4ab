"""Three languages in a real browser (issue 20): a reader switches between bokmål, nynorsk and
English and stays on the same page; a secretariat member chooses nynorsk as their own language
and the back office follows. Every page passes axe, does not scroll sideways at 360 px and is
photographed at 360 and 1280 px (var/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.people.models import Person
from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def photograph(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"languages-{name}-{width}.png"), full_page=True)
        if width == 360:
            sideways = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not sideways, f"{name} scrolls sideways at 360 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reader_switches_language_and_stays_on_the_page(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    page.goto(f"{site}/nn/{PARTNERSHIP_SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    collect_axe_problems(page, problems)
    photograph(page, "partnership-nn")
    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/en/{PARTNERSHIP_SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".lang-switch").get_by_role("link", name="Norsk bokmål").click()
    expect(page).to_have_url(f"{site}/{PARTNERSHIP_SLUG}/")
    page.locator(".lang-switch").get_by_role("link", name="Norsk nynorsk").click()
    expect(page).to_have_url(f"{site}/nn/{PARTNERSHIP_SLUG}/")
    assert problems == {}


def test_a_member_of_the_secretariat_chooses_nynorsk(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    page.get_by_role("link", name="Ditt språk").click()
    expect(page).to_have_url(f"{site}/sekretariat/sprak/")
    collect_axe_problems(page, problems)
    photograph(page, "own-language-nb")
    page.locator("#id_language").select_option("nn")
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(f"{site}/nn/sekretariat/sprak/")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_text("Språket ditt er lagra.")).to_be_visible()
    collect_axe_problems(page, problems)
    photograph(page, "own-language-nn")
    assert Person.objects.get(user__username="sekretariat-radet").language == "nn"
    assert problems == {}

"""The view across partnerships in a real browser (issue 17, point 5): the Follo (demo)
council's secretariat opens it from the navigation, narrows the work list with the GET form
(no JavaScript needed) and pages through nothing it should not see. axe-clean, screenshots at
360 and 1280 px in var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def look(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    collect_axe_problems(page, problems, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"overview-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_council_secretariat_filters_its_view_across_partnerships(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-follo")
    page.get_by_role("link", name="På tvers av partnerskap").click()
    expect(page.get_by_role("heading", name="På tvers av partnerskap", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Kommende møter")).to_be_visible()
    expect(page.get_by_role("link", name="Partnerskapsmøte Follo vår 2027 (demo)")).to_be_visible()
    work = page.locator("section[aria-labelledby=arbeid]")
    expect(work.get_by_role("row")).to_have_count(4)  # the header and the three bodies' rows
    look(page, "all", problems)

    page.get_by_label("Folkevalgt organ").select_option(
        label="Sjøvik kommunestyre (demo) (Sjøvik kommune (demo))"
    )
    page.get_by_role("button", name="Vis").click()
    expect(work.get_by_role("row")).to_have_count(2)
    expect(work).to_contain_text("Sjøvik kommunestyre (demo)")
    expect(work).to_contain_text("Flere læreplasser i Follo")

    page.get_by_label("Bare forfalte").check()
    page.get_by_role("button", name="Vis").click()
    expect(work).to_contain_text("Ingenting venter på svar.")
    expect(page.get_by_label("Bare forfalte")).to_be_checked()
    look(page, "filtered", problems)

    work.get_by_role("link", name="Status").click()  # sorting keeps the filters
    expect(page.get_by_label("Bare forfalte")).to_be_checked()
    assert problems == {}

"""Personal data (L10) in a real browser, as the council's secretariat: find a person whose role
has ended, read everything held about them, download it as JSON, and erase it through the
confirm step; the pages pass axe and read at 360 and 1280 px (screenshots of each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnerskap.people.models import Person
from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _no_sideways_scroll(page: Page) -> None:
    """The page does not scroll sideways; on failure, name the elements whose content spills
    out (tables scroll inside their own ``.table-scroll`` box and do not count)."""
    wide = page.evaluate(
        "[...document.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1"
        " && getComputedStyle(e).overflowX === 'visible').slice(0, 8).map(e => e.tagName +"
        " '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth)"
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px: {wide}"


def _shoot(page: Page, folder: Path, name: str) -> None:
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        _no_sideways_scroll(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_the_secretariat_exports_and_erases_a_former_members_data(
    site: str, page: Page, tmp_path: Path
):
    problems: dict[str, list[str]] = {}
    aune = Person.objects.get(family_name="Aune")  # Viken's secretariat until 31.12.2023
    sign_in(page, site, "sekretariat-radet")
    page.get_by_role("link", name="Personopplysninger").click()
    expect(page.locator("h1")).to_have_text("Personopplysninger")
    collect_axe_problems(page, problems)
    _shoot(page, tmp_path, "list")

    page.get_by_role("link", name="Petter Aune").click()
    expect(page.locator("h1")).to_contain_text("Petter Aune")
    expect(page.locator("main")).to_contain_text("Godkjente møtebøker")
    expect(page.get_by_role("heading", name="Verv")).to_be_visible()
    collect_axe_problems(page, problems)
    _shoot(page, tmp_path, "person")

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som JSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["subject"] == "Petter Aune"
    login = next(s for s in data["sections"] if s["key"] == "accounts.login")
    assert login["rows"][0]["username"] == "sekretariat-viken"

    page.get_by_role("link", name="Slett…").click()
    expect(page.locator("h1")).to_contain_text("Slett personopplysninger")
    expect(page.locator("main")).to_contain_text("Det som blir stående, og hvorfor")
    collect_axe_problems(page, problems)
    _shoot(page, tmp_path, "erase")
    page.get_by_role("button", name="Slett nå").click()
    expect(page.locator("[role=status]")).to_contain_text("Slettet eller anonymisert")
    _shoot(page, tmp_path, "erased")

    aune.refresh_from_db()
    assert aune.user is not None
    assert not aune.user.is_active
    assert problems == {}

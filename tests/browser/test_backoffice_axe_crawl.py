"""axe on every back-office page (issue 16): as the council's secretariat, crawl the back office
by its links (``tests/backoffice/crawl.py``, the pages ``test_crawl.py`` reads for words) in
Chromium, and run axe on each page: no WCAG 2.1 A/AA violation of any impact. A sample of pages
is photographed at 360 and 1280 px into ``var/screenshots/``.

A refused form is checked too: its error summary has the focus when the page loads, and the
page is as clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.backoffice.crawl import crawl
from tests.browser.conftest import sign_in
from tests.world import OSLO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SAMPLE = {
    "backoffice:dashboard",
    "backoffice:meeting",
    "backoffice:year",
    "backoffice:cost",
    "privacy:person",
}
_AXE = Axe()


def violations(page: Page) -> list[str]:
    """Every WCAG 2.1 A/AA violation axe finds on the page, whatever its impact."""
    results = _AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"axe-crawl-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_every_back_office_page_passes_axe(page: Page, site: str):
    sign_in(page, site, "sekretariat-radet")
    found: dict[str, list[str]] = {}
    shot: set[str] = set()

    def get(url: str) -> tuple[int, str, str]:
        response: Any = page.goto(f"{site}{url}")
        status = response.status if response else 0
        content_type = (response.headers.get("content-type", "") if response else "") or ""
        if not content_type.startswith("text/html"):
            return status, content_type, ""
        return status, content_type, page.content()

    result = crawl(get)
    assert len(result.routes) > 10, result.routes
    for visit in result.visits:
        if not visit.html or visit.status != 200:
            continue
        page.goto(f"{site}{visit.url}")
        problems = violations(page)
        if problems:
            found[visit.url] = problems
        if visit.route in SAMPLE and visit.route not in shot:
            shot.add(visit.route)
            shoot(page, visit.route.replace(":", "-"))
    assert found == {}, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps)


def test_a_refused_form_focuses_its_error_summary(page: Page, site: str):
    """Planning inside the demo's period (2024), a meeting that ends before it starts."""
    with time_machine.travel(dt.datetime(2024, 9, 2, 9, tzinfo=OSLO), tick=True):
        sign_in(page, site, "sekretariat-radet")
        page.goto(f"{site}/sekretariat/moter/ny/")
        page.locator("#id_partnership").select_option(index=1)
        page.locator("#id_title").fill("Møte som slutter før det begynner")
        page.locator("#id_starts_at").fill("2024-10-14T12:00")
        page.locator("#id_ends_at").fill("2024-10-14T10:00")
        page.locator("#id_title").press("Enter")
        summary = page.locator(".ds-error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading")).to_have_text("Kontroller skjemaet")
        expect(summary).to_contain_text("Møtet må slutte etter at det begynner.")
        assert violations(page) == []
        shoot(page, "error-summary")
        links = summary.get_by_role("link")
        if links.count():
            target = links.first.get_attribute("href") or ""
            links.first.click()
            expect(page.locator(target)).to_be_focused()

"""axe on every back-office page (issue 16) in every language (issue 20): as the council's
secretariat, crawl the back office by its links (``tests/backoffice/crawl.py``, the pages
``test_crawl.py`` reads for words) in Chromium, in bokmål (two URLs per route), nynorsk and
English (one per route), and check each page (``tests/browser/axe_crawl.py``): no WCAG 2.1 A/AA
violation of any impact at 1280 px, no sideways scroll at 360 px. A sample of pages is
photographed at 360 and 1280 px into ``var/screenshots/``.

A refused form is checked too: its error summary has the focus when the page loads, and the
page is as clean."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.backoffice.crawl import crawl, route_of
from tests.browser.axe_crawl import Checker, shoot, violations
from tests.browser.conftest import sign_in
from tests.world import OSLO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = {
    "backoffice:dashboard",
    "backoffice:meeting",
    "backoffice:year",
    "backoffice:cost",
    "privacy:person",
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_back_office_page_passes_axe_and_fits_a_phone(page: Page, site: str, language: str):
    sign_in(page, site, "sekretariat-radet")
    checker = Checker(
        page,
        site,
        language=language,
        prefix=language,
        sample=SAMPLE,
        route=partial(route_of, language=language),
    )
    # Bokmål, the default, twice per route; the other languages' screens are the same
    # templates, so once per route is enough to see their words.
    per_route = 2 if language == settings.LANGUAGE_CODE else 1
    result = crawl(checker, language=language, per_route=per_route)
    assert len(result.routes) > 10, result.routes
    assert {v.url for v in result.visits if v.status != 200} == set()
    assert checker.report() == ""


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
        shoot(page, "nb-error-summary")
        links = summary.get_by_role("link")
        if links.count():
            target = links.first.get_attribute("href") or ""
            links.first.click()
            expect(page.locator(target)).to_be_focused()

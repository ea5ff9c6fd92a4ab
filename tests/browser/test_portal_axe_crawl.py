"""axe and a phone's width on every portal page, in every language (issue 20: «axe: zero
violations on every page in all three languages», «no page scrolls sideways at 360 px»).

The portal's crawl (``tests/portal/crawl.py``) follows the links from ``/``, ``/nn/`` and
``/en/`` (two URLs per route in bokmål, one in nynorsk and English) and adds a search with
results and filters, filtered lists of meetings, the subscription pages and pages that are not
found. Each page is checked in
Chromium (``tests/browser/axe_crawl.py``): ``<html lang>`` in its language, no WCAG 2.1 A/AA
violation of any impact at 1280 px, no sideways scroll at 360 px. The answers to the
subscription forms (a request sent, a link that is not valid) are checked the same way. A
sample of pages is photographed at 360 and 1280 px into ``var/screenshots/``."""

from __future__ import annotations

from functools import partial

import pytest
from django.conf import settings
from django.urls import get_resolver
from playwright.sync_api import Page

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.backoffice.crawl import prefixed, route_of
from tests.browser.axe_crawl import Checker
from tests.portal.crawl import NAMESPACES, NOT_FOUND, ROOT, crawl_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SAMPLE = {
    "portal:home",
    "portal:meetings",
    "portal:meeting",
    "portal:item",
    "portal:agreement",
    "portal:search",
    "portal:guests",
}
#: Portal routes no crawl reaches: downloads (PDF), and the follow form's answer (POST only,
#: checked below).
NOT_PAGES = {"portal:agreement_pdf", "portal:evaluation_pdf", "subscriptions:follow"}


def _portal_routes() -> set[str]:
    routes = set()
    for namespace in NAMESPACES:
        resolver = get_resolver().namespace_dict[namespace][1]
        routes |= {
            f"{namespace}:{p.name}" for p in resolver.url_patterns if getattr(p, "name", None)
        }
    return routes - NOT_PAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_portal_page_passes_axe_and_fits_a_phone(page: Page, site: str, language: str):
    route = partial(route_of, language=language, root=ROOT, namespaces=NAMESPACES)
    checker = Checker(page, site, language=language, prefix=language, sample=SAMPLE, route=route)
    # Bokmål, the default, with two URLs per route; the other languages' pages are the same
    # templates, so one per route is enough to see their words.
    per_route = 2 if language == settings.LANGUAGE_CODE else 1
    result = crawl_portal(checker, language=language, per_route=per_route)

    missing = _portal_routes() - result.routes
    assert not missing, f"portal pages the crawl does not reach: {sorted(missing)}"
    not_found = {prefixed(url, language) for url in NOT_FOUND}
    statuses = {v.url: v.status for v in result.visits}
    assert {url: s for url, s in statuses.items() if s != 200 and url not in not_found} == {}
    assert {statuses[url] for url in not_found} == {404}
    assert result.routes >= {"portal:search", "portal:meetings"}

    # The answers to the subscription forms: a link that is not valid, a request sent.
    page.goto(f"{site}{prefixed('/abonnement/bekreft/ugyldig/', language)}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    checker.check("the answer to a confirmation link that is not valid")
    page.goto(f"{site}{prefixed(f'/{PARTNERSHIP_SLUG}/', language)}")
    page.locator("input[name=email]").first.fill("lesar@example.no")
    page.locator("input[name=email]").first.press("Enter")
    page.wait_for_load_state()
    checker.check("the answer to a request to follow")

    assert checker.report() == ""

"""Issue 17, the renewal slice in a real browser (A18): the council's secretariat renews the
demo partnership into 2025–2028 in the back office, carrying over one open proposal, and the
portal's page of the new partnership lists it as carried over from the previous period. No
request goes to ``/admin/``; every page is free of serious accessibility violations and is
looked at in screenshots at 360 and 1280 px (``var/screenshots/``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from partnerskap.agreements.models import Partnership
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.followup.services.renewal import proposals_open
from tests.browser.conftest import collect_axe_problems
from tests.browser.lifecycle_steps_renewal import portal_shows_the_renewal, renew_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("var/screenshots")
NEW_SLUG = "asker-og-baerum-akershus-2025-2028"


def test_a18_the_demo_partnership_is_renewed_in_the_browser_with_a_proposal_carried_over(
    site_before_renewal: str, page: Page
):
    site = site_before_renewal
    problems: dict[str, list[str]] = {}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(page: Page, name: str) -> None:
        collect_axe_problems(page, problems, name)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / f"renewal-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    old = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    open_proposals = list(proposals_open(partnership=old))
    assert len(open_proposals) >= 2, "the demo leaves open proposals at the end of 2024"
    carried, staying = open_proposals[0], open_proposals[1]

    new_slug = renew_partnership(
        page,
        site,
        "Asker og Bærum – Akershus 2025–2028",
        NEW_SLUG,
        "2028-12-31",
        carried=[carried.title],
        look=look,
    )
    portal_shows_the_renewal(page, site, PARTNERSHIP_SLUG, new_slug, carried.title, look=look)

    carried.refresh_from_db()
    staying.refresh_from_db()
    assert carried.carried_over_to is not None
    assert carried.carried_over_to.slug == new_slug
    assert staying.carried_over_to is None
    assert not [url for url in requests if "/admin/" in url]
    assert problems == {}

"""Issue 17 end to end in a real browser: the agreement's life across a county's succession.

In November 2024, with Viken ceased and Akershus in its seat (A1), the council's secretariat
writes the evaluation of the period and approves it, Akershus's secretariat approves it for the
county's seat, and it is published. In January 2025 the council's secretariat renews the
partnership into 2025–2028 (A18), carrying one open proposal over; the portal shows the
evaluation, the chain and the carried-over proposal on the new partnership's page. Every page
passes axe and is looked at in screenshots at 360 and 1280 px (``var/screenshots/``); nothing
goes through ``/admin/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page

from partnerskap.agreements.models import Partnership
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.followup.services.renewal import proposals_open
from partnerskap.reports.models import Evaluation
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.browser.lifecycle_steps_evaluation import (
    approve_for_own_party,
    demo_without_evaluation,
    portal_shows_evaluation,
    publish,
    start_and_write_assessment,
)
from tests.browser.lifecycle_steps_renewal import portal_shows_the_renewal, renew_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
OSLO = ZoneInfo("Europe/Oslo")
COUNCIL = "Interkommunalt politisk råd for Asker og Bærum"
NEW_SLUG = "asker-og-baerum-akershus-2025-2028"


def test_a1_a18_evaluated_by_the_successor_and_renewed_with_a_proposal_carried_over(
    site_before_renewal: str, page: Page
):
    site = site_before_renewal
    problems: dict[str, list[str]] = {}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    def look(page: Page, name: str) -> None:
        collect_axe_problems(page, problems, name)
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"lifecycle-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    demo_without_evaluation()
    with time_machine.travel(dt.datetime(2024, 11, 20, 9, tzinfo=OSLO), tick=True):
        sign_in(page, site, "sekretariat-radet")
        start_and_write_assessment(page, site)
        approve_for_own_party(page, site, COUNCIL)
        page.get_by_role("button", name="Logg ut").click()
        # A1: Viken ceased on 31.12.2023; Akershus's secretariat approves in its seat.
        sign_in(page, site, "sekretariat-akershus")
        approve_for_own_party(page, site, "Viken fylkeskommune", last=True)
        look(page, "evaluation-approved-by-successor")
        publish(page, site)
        page.get_by_role("button", name="Logg ut").click()
    evaluation = Evaluation.objects.get(partnership__slug=PARTNERSHIP_SLUG)
    assert evaluation.status == Evaluation.Status.PUBLISHED

    old = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    carried, staying = list(proposals_open(partnership=old))[:2]
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=OSLO), tick=True):
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
        portal_shows_evaluation(page, site)
        look(page, "evaluation-portal")

    renewed = Partnership.objects.get(slug=new_slug)
    assert [p.slug for p in renewed.parties.order_by("partnershipparty__position")] == [
        "asker-og-baerum-rad",
        "akershus-fylkeskommune",
    ]
    carried.refresh_from_db()
    staying.refresh_from_db()
    assert carried.carried_over_to == renewed
    assert staying.carried_over_to is None
    assert not [url for url in requests if "/admin/" in url]
    assert problems == {}

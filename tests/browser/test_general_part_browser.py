"""The general part (A14) in a real browser, on the demo: Viken's secretariat amends Viken's
general part by a decision of Viken fylkesting (a refused date first, explained next to the
form), sees the word diff, and the portal's agreement page shows both parts with the new
version in the history. Every page is free of serious accessibility violations and is looked
at in screenshots at 360 and 1280 px (``var/screenshots/``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import AgreementPart
from partnerskap.demo.general_part import VIKEN_TITLE
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.world import OSLO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("var/screenshots")


def test_a14_county_secretariat_amends_the_general_part_and_the_portal_shows_it(
    site: str, page: Page
):
    problems: dict[str, list[str]] = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(name: str) -> None:
        collect_axe_problems(page, problems, name)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(
                path=str(SCREENSHOTS / f"general-part-{name}-{width}.png"), full_page=True
            )
        page.set_viewport_size({"width": 1280, "height": 900})

    with time_machine.travel(dt.datetime(2023, 5, 2, 12, tzinfo=OSLO), tick=True):
        part = AgreementPart.objects.get(title=VIKEN_TITLE)
        sign_in(page, site, "sekretariat-viken")
        page.get_by_role("link", name="Generell del").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Generell del")
        look("list")
        page.get_by_role("link", name=VIKEN_TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(VIKEN_TITLE)
        look("detail")

        page.locator("#id_section_0").fill(
            "Dette er demoinnhold. Fylket samarbeider tett med alle regionrådene i fylket."
        )
        page.locator("#id_decision_reference").fill("FT-sak 31/23")
        page.locator("#id_decided_on").fill("2023-04-25")
        page.locator("#id_elected_body").select_option(label="Viken fylkesting")
        page.locator("#id_in_force_from").fill("2023-04-01")  # before the decision: refused
        page.locator("form[action$='/endre/'] button[type=submit]").click()
        expect(
            page.locator(".ds-error-summary, .ds-alert[data-color=danger]").first
        ).to_be_visible()
        expect(page.locator("#id_decision_reference")).to_have_value("FT-sak 31/23")
        look("refused")
        assert part.versions.count() == 2

        page.locator("#id_in_force_from").fill("2023-05-01")
        page.locator("form[action$='/endre/'] button[type=submit]").click()
        expect(page.locator("[role=status]")).to_be_visible()
        expect(page.locator("#versions-h + .table-scroll")).to_contain_text("FT-sak 31/23")
        page.locator("details summary", has_text="3").click()
        expect(page.locator("details ins").first).to_be_visible()
        look("amended")
        assert part.versions.get(number=3).in_force_from == dt.date(2023, 5, 1)

        page.goto(f"{site}/{PARTNERSHIP_SLUG}/avtale/")
        expect(page.locator("#general")).to_contain_text(VIKEN_TITLE)
        expect(page.locator("#special")).to_be_visible()
        general = page.locator("section[aria-labelledby=general]")
        expect(general).to_contain_text("FT-sak 31/23")
        expect(general).to_contain_text("alle regionrådene")
        look("portal")
    assert problems == {}

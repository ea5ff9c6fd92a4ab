"""A party ceases in a real browser (A1): the council's secretariat records that Bærum kommune
(a member municipality it keeps) ceases with Asker kommune as its successor; the page lists
the follow-ups that will be handed over, refuses an empty form with an error summary, and the
confirmation hands them over, which the portal then shows. Every page passes axe and is
photographed at 360 and 1280 px (var/screenshots/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import Party
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.followup.models import FollowUp
from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")


def photograph(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"succession-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a1_the_secretariat_records_that_a_party_ceases(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    baerum = Party.objects.get(slug="baerum-kommune")
    open_before = FollowUp.objects.filter(
        elected_body__party=baerum, status__in=("sent", "received", "on_agenda")
    ).count()
    assert open_before == 3
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/organer/?partnerskap={PARTNERSHIP_SLUG}")
    page.get_by_role("link", name="Registrer at Bærum kommune opphører").click()
    expect(page.locator("h1")).to_contain_text("Bærum kommune")
    expect(page.locator("main table tbody tr")).to_have_count(3)
    collect_axe_problems(page, problems)
    photograph(page, "form")

    # Without a successor (the browser's own check turned off): the error summary.
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Registrer slutten og overlever").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    collect_axe_problems(page, problems)
    photograph(page, "refused")

    page.locator("#id_valid_to").fill("2024-12-31")
    page.locator("#id_successor").select_option(label="Asker kommune")
    page.get_by_role("button", name="Registrer slutten og overlever").click()
    expect(page.locator("main")).to_contain_text("3 oppfølginger ble overlevert")
    baerum.refresh_from_db()
    assert (baerum.valid_to, baerum.successor.slug) == (dt.date(2024, 12, 31), "asker-kommune")
    taken = FollowUp.objects.filter(taken_over_from__elected_body__party=baerum)
    assert {f.elected_body.slug for f in taken} == {"asker-kommunestyre"}

    proposal = taken.order_by("pk").first().proposal
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/forslag/{proposal.pk}/")
    expect(page.locator("main")).to_contain_text("Overtatt av Asker kommunestyre fra 1.1.2025")
    collect_axe_problems(page, problems)
    photograph(page, "portal")
    assert problems == {}

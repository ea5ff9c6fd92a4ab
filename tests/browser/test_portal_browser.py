"""Issue 6's new-user walk through the portal, axe on every kind of public page, and the
portal at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from partnerskap.committees.models import Committee
from partnerskap.demo.renewal import RENEWED_SLUG
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import AgendaItem, Meeting
from tests.browser.conftest import collect_axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "asker-baerum-viken-2020-2024"


def test_a8_a_new_user_finds_the_deputy_chaired_meeting_and_baerums_answer(site: str, page: Page):
    page.goto(site + "/")
    page.get_by_role("link", name="Asker og Bærum – Viken 2020–2024").first.click()
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Møter").click()
    deputy = Meeting.objects.get(chair_reason="deputy")
    page.get_by_role("link", name=deputy.title).first.click()
    expect(page.locator("#motebok")).to_contain_text("Torbjørn Lindeberg")
    follow_up = (
        FollowUp.objects.filter(elected_body__slug="baerum-kommunestyre", decided_on__isnull=False)
        .select_related("proposal")
        .first()
    )
    assert follow_up is not None
    page.goto(f"{site}/{SLUG}/forslag/{follow_up.proposal.pk}/")
    expect(page.locator(".tracker")).to_contain_text("Bærum kommunestyre")
    expect(page.locator(".tracker")).to_contain_text(follow_up.decided_on.strftime("%Y"))
    href = page.goto(f"{site}/{SLUG}/moter/").ok
    assert href
    calendar = page.get_by_role("link", name=re.compile("kalender", re.I)).first.get_attribute(
        "href"
    )
    response = page.request.get(site + calendar)
    assert response.ok
    assert "BEGIN:VCALENDAR" in response.text()


def public_pages() -> list[str]:
    meeting = Meeting.objects.filter(partnership__slug=SLUG, status="minutes_approved").first()
    item = AgendaItem.objects.filter(meeting=meeting).first()
    committee = Committee.objects.filter(partnership__slug=SLUG).first()
    proposal = FollowUp.objects.filter(proposal__partnership__slug=SLUG).first().proposal
    pages = [
        "/",
        "/en/",
        f"/{SLUG}/",
        f"/{SLUG}/moter/",
        f"/{SLUG}/moter/{meeting.pk}/",
        f"/{SLUG}/saker/{item.pk}/",
        f"/{SLUG}/forslag/",
        f"/{SLUG}/forslag/{proposal.pk}/",
        f"/{SLUG}/utvalg/",
        f"/{SLUG}/avtale/",
        f"/{SLUG}/gjester/",
        f"/{SLUG}/omrader/digitalisering/",
        f"/{SLUG}/arshjul/2022/",
        f"/{SLUG}/ar/2022/",
        f"/{SLUG}/evaluering/",
        f"/{RENEWED_SLUG}/",  # the chain and the proposals carried over (A18)
        "/sok/?q=m%C3%B8te",
    ]
    if committee:
        pages.append(f"/{SLUG}/utvalg/{committee.pk}/")
    return pages


def test_every_kind_of_public_page_has_no_serious_accessibility_violations(site: str, page: Page):
    problems = {}
    for path in public_pages():
        response = page.goto(site + path)
        assert response is not None
        assert response.ok, path
        collect_axe_problems(page, problems, path)
    assert problems == {}


def test_the_portal_works_on_a_360px_phone(site: str, page: Page, tmp_path):
    page.set_viewport_size({"width": 360, "height": 780})
    for path in (f"/{SLUG}/", f"/{SLUG}/moter/", f"/{SLUG}/ar/2022/"):
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert (tmp_path / "phone.png").stat().st_size > 10_000


def test_keyboard_users_can_skip_to_the_content(site: str, page: Page):
    page.goto(f"{site}/{SLUG}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

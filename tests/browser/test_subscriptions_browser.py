"""Following a partnership by e-mail on the portal at phone width (issue 18, point 4): the
follow form on the partnership page, the «check your e-mail» page, the confirmation page from
the e-mail's link and the unsubscribe page; no serious accessibility violations; screenshots at
360 and 1280 px (``var/screenshots/``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnerskap.subscriptions import tokens
from partnerskap.subscriptions.models import Subscription
from tests.browser.conftest import collect_axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "asker-baerum-viken-2020-2024"
SCREENSHOTS = Path("var/screenshots")


def _look(page: Page, problems: dict[str, list[str]], name: str) -> None:
    collect_axe_problems(page, problems, name)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"subscriptions-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})


def test_signing_up_to_follow_a_partnership_at_phone_width(site: str, page: Page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/{SLUG}/")
    box = page.locator(".follow-box")
    expect(box.get_by_role("heading", name="Følg på e-post")).to_be_visible()
    box.get_by_label("E-postadressen din", exact=False).fill("ny.leser@example.org")
    box.scroll_into_view_if_needed()
    _look(page, problems, "form")
    box.get_by_role("button", name="Følg").click()
    expect(page.get_by_role("status")).to_contain_text("Sjekk e-posten din")
    _look(page, problems, "sent")

    subscription = Subscription.objects.get()
    assert subscription.topic == "partnership"
    assert subscription.confirmed_at is None
    token = tokens.make(tokens.CONFIRM, subscription.pk)  # the link in the e-mail
    page.goto(f"{site}/abonnement/bekreft/{token}/")
    _look(page, problems, "confirm")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("status")).to_contain_text("Abonnementet er bekreftet")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    page.goto(f"{site}/abonnement/avslutt/{tokens.make(tokens.UNSUBSCRIBE, subscription.pk)}/")
    _look(page, problems, "unsubscribe")
    page.get_by_role("button", name="Meld av").click()
    expect(page.get_by_role("status")).to_contain_text("Du er meldt av")
    assert not Subscription.objects.exists()
    assert problems == {}

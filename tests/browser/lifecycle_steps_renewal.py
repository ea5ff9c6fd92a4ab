"""Browser steps of the «renewal» slice for the agreement-lifecycle test (issue 17, A18): the
council's secretariat renews the demo partnership into 2025–2028 in the back office, and the
portal shows the chain and a carried-over open proposal.

Each step signs in as the persona it names (``tests.browser.conftest.sign_in``), works only in
the back office or the portal (never ``/admin/``), and asserts its outcome. In order:

1. ``renew_partnership(page, site, name, slug, period_end, carried)`` → the new partnership's
   slug. As the council's secretariat (``sekretariat-radet``): from the agreement page of the
   demo partnership, «Forny avtalen»; the page summarises what is carried over (parties with
   their successors, areas, the annual cycle, committees, open proposals); fills the name, the
   web address and the period's end (the start is suggested: the day after the old period),
   leaves the text empty (a copy of the text in force), keeps the areas, the cycle, the
   committees and every open proposal ticked except those not in ``carried`` (titles; None:
   keep them all) and renews. Lands on the new partnership's agreement page, which links back
   («Fortsetter»). Precondition: the demo partnership is not renewed yet (the demo variant
   ``load_demo(renewal=False)``, or the plain demo before the renewal module) and the clock is
   after its period (today, 2026-12-07, is).
2. ``portal_shows_the_renewal(page, site, old_slug, new_slug, proposal_title)``: signed out,
   the new partnership's portal page says which period it continues and lists
   ``proposal_title`` under «Overført fra forrige avtaleperiode»; the old page says
   «Videreført i» with a link to the new one. Precondition: step 1 carried the proposal over.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import Partnership
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from tests.browser.conftest import sign_in

#: Called on each page a step shows, with a name: the tests collect axe's findings and take
#: screenshots there. By default nothing.
Look = Callable[[Page, str], None]


def _nothing(page: Page, name: str) -> None:
    return None


def _sign_out(page: Page) -> None:
    page.locator("footer form button").click()


def renew_partnership(
    page: Page,
    site: str,
    name: str,
    slug: str,
    period_end: str,
    carried: list[str] | None = None,
    look: Look = _nothing,
) -> str:
    """Step 1; returns the new partnership's slug."""
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/avtale/?partnerskap={PARTNERSHIP_SLUG}")
    page.get_by_role("link", name="Forny avtalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forny avtalen")
    expect(page.locator("#summary-h")).to_have_text("Dette tas med i fornyelsen")
    look(page, "renew-form")
    page.get_by_label("Navnet på det nye partnerskapet").fill(name)
    page.get_by_label("Nettadresse (slug)").fill(slug)
    page.get_by_label("Ny periode slutter").fill(period_end)
    if carried is not None:
        boxes = page.locator("input[name=proposals]")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
            if not any(title in label for title in carried):
                box.uncheck()
    page.get_by_role("button", name="Forny avtalen").click()
    expect(page.locator("[role=status]").first).to_contain_text("er fornyet som")
    renewed = Partnership.objects.get(slug=slug)
    assert renewed.predecessor is not None
    assert renewed.predecessor.slug == PARTNERSHIP_SLUG
    expect(page.locator(".chain")).to_contain_text("Fortsetter")
    look(page, "renewed-agreement")
    _sign_out(page)
    return renewed.slug


def portal_shows_the_renewal(
    page: Page,
    site: str,
    old_slug: str,
    new_slug: str,
    proposal_title: str,
    look: Look = _nothing,
) -> None:
    """Step 2."""
    page.goto(f"{site}{reverse('portal:partnership', args=[new_slug])}")
    chain = page.locator(".chain")
    expect(chain).to_contain_text("Fortsetter")
    expect(chain.get_by_role("link")).to_have_attribute(
        "href", reverse("portal:partnership", args=[old_slug])
    )
    carried = page.locator("section[aria-labelledby=carried-over]")
    expect(carried.get_by_role("heading")).to_have_text("Overført fra forrige avtaleperiode")
    expect(carried).to_contain_text(proposal_title)
    look(page, "portal-renewed")
    page.goto(f"{site}{reverse('portal:partnership', args=[old_slug])}")
    expect(page.locator(".chain")).to_contain_text("Videreført i")
    look(page, "portal-continued")

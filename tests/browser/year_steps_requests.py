"""Browser steps of the «requests» slice for the whole-year test (issue 16), each a function
that starts from a page signed in as the council's secretariat (``sign_in(page, site,
"sekretariat-radet")``) on the demo data and asserts its outcome.

Order and preconditions:

1. ``register_request``: at a time inside 2024 (``time_machine.travel(..., tick=True)``, the
   demo partnership's period is 2020–2024). Registers the council's request for an extra
   meeting (asked by Rådsmøtet, wished for ``REQUEST_WISHED_DATE``) and sees it open on the
   requests page. Leaves one open request with ``REQUEST_REASON``.
2. ``plan_meeting_from_request``: after 1, still inside 2024. Plans the meeting from the
   request (the form comes filled in from it), gives it a place, and sees the request closed
   by that meeting. Leaves a planned meeting titled ``REQUEST_MEETING_TITLE``.
3. ``concluded_partnership_is_read_only``: at the real date (after 2024; no time travel).
   The dashboard says the partnership has concluded and offers no planning; the year page
   offers no forms; a year outside the period explains itself with links to the valid years.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from partnerskap.demo.loader import PARTNERSHIP_SLUG

REQUEST_REASON = "Regional transportplan må drøftes før høringsfristen"
REQUEST_ASKED_BY = "Rådsleder Kari Nordmann"
REQUEST_WISHED_DATE = "2024-10-01"
REQUEST_MEETING_TITLE = "Ekstra møte om transportplanen"
REQUESTS = "/sekretariat/foresporsler/"


def register_request(page: Page, site: str, wished: str = REQUEST_WISHED_DATE) -> None:
    """Register the council's request for an extra meeting through the requests page."""
    page.goto(site + REQUESTS)
    page.locator(f"a[href='{REQUESTS}{PARTNERSHIP_SLUG}/ny/']").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#id_requesting_party").select_option(index=1)  # the council
    page.locator("#id_requesting_body").select_option(label="Rådsmøtet for Asker og Bærum")
    page.locator("#id_asked_by").fill(REQUEST_ASKED_BY)
    page.locator("#id_wished_date").fill(wished)
    page.locator("#id_reason").fill(REQUEST_REASON)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + REQUESTS)
    row = page.locator("tr", has_text=REQUEST_REASON)
    expect(row).to_contain_text("Rådsmøtet for Asker og Bærum")
    expect(row).to_contain_text(REQUEST_ASKED_BY)
    expect(row.locator("a[href*='?foresporsel=']")).to_have_count(1)


def plan_meeting_from_request(page: Page, site: str, wished: str = REQUEST_WISHED_DATE) -> None:
    """Plan the meeting «from this request»: the form is filled in from it (partnership,
    title, the wished date, the request); saving closes the request."""
    page.goto(site + REQUESTS)
    page.locator("tr", has_text=REQUEST_REASON).locator("a[href*='?foresporsel=']").click()
    expect(page.locator("#id_starts_at")).to_have_value(f"{wished}T10:00")
    expect(page.locator("#id_request option:checked")).not_to_have_text(re.compile(r"^-+$"))
    page.locator("#id_title").fill(REQUEST_MEETING_TITLE)
    page.locator("#id_location").select_option(index=1)
    page.locator("#id_title").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(REQUEST_MEETING_TITLE)
    page.goto(site + REQUESTS)
    row = page.locator("tr", has_text=REQUEST_REASON)
    expect(row.locator("a[href*='?foresporsel=']")).to_have_count(0)
    expect(row.get_by_role("link", name=REQUEST_MEETING_TITLE)).to_be_visible()


def concluded_partnership_is_read_only(page: Page, site: str) -> None:
    """After the period: the dashboard and year page say the partnership has concluded and
    offer no planning; a year outside the period explains itself."""
    page.goto(f"{site}/sekretariat/")
    expect(page.locator("main")).to_contain_text("31.12.2024")
    expect(page.locator("a[href='/sekretariat/moter/ny/']")).to_have_count(0)
    page.goto(f"{site}/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2024/")
    expect(page.locator("main")).to_contain_text("31.12.2024")
    expect(page.locator("form[action*='/arshjul/']")).to_have_count(0)
    page.goto(f"{site}/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2027/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2027")
    expect(page.locator(f"a[href='/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2024/']")).to_have_count(
        1
    )

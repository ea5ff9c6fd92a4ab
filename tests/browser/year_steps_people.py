"""Browser steps of the «people» slice for the whole-year test (issue 16): people and roles,
places and temporary committees with members from outside the parties' roles.

Every step starts from a page signed in as the council's secretariat (``sekretariat-radet``,
with ``tests.browser.conftest.sign_in``) on the demo data, with the clock inside 2024
(``time_machine.travel(..., tick=True)``), and asserts its own outcome. In order:

1. ``add_substitute(page, site)``: registers «Kari Varaberg» as the council's substitute,
   second in the order (before it the demo's Mari Storli is the only one). No precondition.
2. ``add_place(page, site)``: registers the place «Bærum rådhus, Kommunestyresalen» with an
   accessibility note; returns its label as the meeting form shows it. No precondition.
3. ``plan_meeting_at(page, site, place, title)``: plans a meeting at that place through the
   meeting form (lands on the meeting page, which shows the place). Precondition: step 2.
4. ``set_up_committee_with_expert(page, site, name)``: sets up a committee under the first
   unused procedural decision about a committee, with the council's Jonas Eikeland as leader
   and an external expert, «Kari Fjellheim» of «NIBIO»; lands on the committee's page.
   Precondition: a meeting of 2024 has an agenda item about a committee whose outcome is
   recorded as a procedural decision (the meeting steps make one).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from partnerskap.demo.loader import PARTNERSHIP_SLUG

COUNCIL = "asker-og-baerum-rad"
PLACE = "Bærum rådhus"
ROOM = "Kommunestyresalen"


def add_substitute(page: Page, site: str) -> None:
    """Register a new person as the council's substitute, second in the order."""
    page.goto(f"{site}/sekretariat/personer/?partnerskap={PARTNERSHIP_SLUG}")
    page.get_by_role("link", name="Registrer en person").first.click()
    page.locator("#id_given_name").fill("Kari")
    page.locator("#id_family_name").fill("Varaberg")
    page.locator("#id_email").fill("kari.varaberg@example.invalid")
    page.locator("#id_title").fill("Varamedlem, Bærum")
    page.locator("#id_party").select_option(label="Interkommunalt politisk råd for Asker og Bærum")
    page.locator("#id_role").select_option("substitute")
    page.locator("#id_substitute_order").fill("2")
    page.get_by_role("button", name="Registrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kari Varaberg")
    expect(page.locator("table")).to_contain_text("nr. 2")
    page.goto(f"{site}/sekretariat/personer/?partnerskap={PARTNERSHIP_SLUG}")
    council = page.locator(
        "section",
        has=page.get_by_role("heading", name="Interkommunalt politisk råd for Asker og Bærum"),
    )
    rows = council.locator("tbody tr", has_text="Varamedlem")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Storli")
    expect(rows.nth(1)).to_contain_text("Varaberg")


def add_place(page: Page, site: str) -> str:
    """Register a place with its accessibility; returns its label on the meeting form."""
    page.goto(f"{site}/sekretariat/steder/")
    page.get_by_role("link", name="Registrer et sted").click()
    page.locator("#id_name").fill(PLACE)
    page.locator("#id_room").fill(ROOM)
    page.locator("#id_address").fill("Arnold Haukelands plass 10, 1338 Sandvika")
    page.locator("#id_accessibility").fill("Trinnfri inngang fra torget. Teleslynge i salen.")
    page.get_by_role("button", name="Registrer stedet").click()
    expect(page).to_have_url(f"{site}/sekretariat/steder/")
    expect(page.locator("table")).to_contain_text("Teleslynge i salen.")
    return f"{PLACE}, {ROOM}"


def plan_meeting_at(page: Page, site: str, place: str, title: str) -> None:
    """Plan a meeting in the demo partnership at ``place`` (late October 2024)."""
    page.goto(f"{site}/sekretariat/moter/ny/")
    page.locator("#id_partnership").select_option(index=1)
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_at").fill("2024-10-28T10:00")
    page.locator("#id_ends_at").fill("2024-10-28T13:00")
    page.locator("#id_location").select_option(label=place)
    page.locator("#id_title").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text(PLACE)


def set_up_committee_with_expert(page: Page, site: str, name: str) -> None:
    """Set up a committee with a leader from the council and an external expert."""
    page.goto(f"{site}/sekretariat/utvalg/ny/?partnerskap={PARTNERSHIP_SLUG}")
    page.locator("#id_item").select_option(index=1)
    page.locator("#id_name").fill(name)
    page.locator("#id_task").fill("Kartlegge flomfare langs Sandvikselva.")
    page.locator("#id_mandate").fill("Utvalget skal foreslå tiltak innen 1. desember.")
    page.locator("#id_starts_on").fill("2024-06-01")
    page.locator("#id_ends_on").fill("2024-11-30")
    page.locator("input[name=areas]").first.check()
    leader = page.locator("#id_members-0-member option", has_text="Eikeland").first
    page.locator("#id_members-0-member").select_option(leader.get_attribute("value"))
    page.locator("#id_members-0-role").select_option("leader")
    page.locator("#id_outside-0-given_name").fill("Kari")
    page.locator("#id_outside-0-family_name").fill("Fjellheim")
    page.locator("#id_outside-0-organisation").fill("NIBIO")
    page.locator("#id_outside-0-sits_for").select_option("external")
    page.get_by_role("button", name="Opprett utvalget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    composition = page.locator("section", has=page.get_by_role("heading", name="Sammensetning"))
    expect(composition).to_contain_text("Kari Fjellheim")
    expect(composition).to_contain_text("NIBIO")
    expect(composition).to_contain_text("Eksternt medlem")

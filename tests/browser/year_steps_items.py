"""Browser steps of slice «items» (issue 16) for the whole-year test: each starts from a page
signed in as a party's secretariat (``conftest.sign_in``) on the demo data, with the clock in
2024 (``time_machine.travel(…, tick=True)``), and asserts its outcome.

Order and preconditions:

1. ``invite_guest_for_own_party(page, site, meeting_pk, guest)``: a meeting of the demo
   partnership not yet held. Only the user's own party is offered as the inviting party (A13;
   signed in as the council's secretariat, Viken is not); the guest is invited and listed.
2. ``close_item(page, site, item_pk, public_title)``: an open, not withdrawn item of a meeting
   not yet held. Closed on «kommuneloven § 11-5 andre ledd bokstav a – personalsak», chosen by
   its plain name; the item page then names the basis with its plain name.
3. ``reopen_item(page, site, item_pk, reason)``: the item closed (step 2), the meeting not yet
   held. After the notice a reason is required (the step first tries without one and sees the
   refusal); the item is open again.
4. ``record_outcome_confirming_individual_case(page, site, item_pk, reason)``: the meeting's
   notice published, the item of kind «proposal to the parties» and open. A conclusion that
   grants money is refused with the A9 warning; confirmed with ``reason`` it is recorded and
   the reason is shown on the item page.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from partnerskap.meetings.models import GuestInvitation
from tests.browser.conftest import open_details_of

PERSONNEL = "kommuneloven § 11-5 andre ledd bokstav a – personalsak"
GRANT = "Partnerskapsmøtet innvilger tilskudd på 200 000 kr til Asker Idrettslag."


def invite_guest_for_own_party(page: Page, site: str, meeting_pk: int, guest: str) -> None:
    page.goto(f"{site}/sekretariat/moter/{meeting_pk}/")
    party = page.locator("#id_inviting_party")
    open_details_of(page, "#id_inviting_party")  # the «Prepare» step and the form's own
    options = [o.strip() for o in party.locator("option").all_text_contents()]
    assert not any("Viken" in o for o in options), options
    assert any("Asker og Bærum" in o for o in options), options
    page.locator("#id_guest_name").fill(guest)
    page.locator("#id_guest_role").fill("Forsker, transportøkonomi")
    page.locator("#id_guest_email").fill("ekspert@example.org")  # gets the notice (issue 18)
    page.locator("#id_guest_kind").select_option("expert")
    party.select_option(label=next(o for o in options if "Asker og Bærum" in o))
    party.locator("xpath=ancestor::form").locator("button").click()
    expect(page.locator("main")).to_contain_text("Gjesten er invitert")
    expect(page.locator("main")).to_contain_text(guest)
    assert GuestInvitation.objects.get(guest_name=guest).guest_email == "ekspert@example.org"


def close_item(page: Page, site: str, item_pk: int, public_title: str) -> None:
    page.goto(f"{site}/sekretariat/saker/{item_pk}/")
    page.locator("#id_close-legal_basis").select_option(label=PERSONNEL)
    page.locator("#id_close-public_title").fill(public_title)
    page.locator("#id_close-public_title").press("Enter")
    expect(page.locator("main")).to_contain_text("Saken får lukket behandling")
    expect(page.locator("dl.facts")).to_contain_text(PERSONNEL)


def reopen_item(page: Page, site: str, item_pk: int, reason: str) -> None:
    page.goto(f"{site}/sekretariat/saker/{item_pk}/")
    button = page.get_by_role("button", name="Åpne saken igjen")
    button.click()
    expect(page.locator("#id_reopen-reason_err")).to_contain_text("skriv hvorfor")
    page.locator("#id_reopen-reason").fill(reason)
    page.get_by_role("button", name="Åpne saken igjen").click()
    expect(page.locator("main")).to_contain_text("Saken er offentlig igjen")
    expect(page.locator("dl.facts")).not_to_contain_text(PERSONNEL)


def record_outcome_confirming_individual_case(
    page: Page, site: str, item_pk: int, reason: str
) -> None:
    page.goto(f"{site}/sekretariat/saker/{item_pk}/")
    page.locator("#id_outcome-outcome").select_option("proposal")
    page.locator("#id_outcome-outcome_text").fill(GRANT)
    page.get_by_role("button", name="Registrer utfallet").click()
    expect(page.locator("#id_outcome-confirmed_reason_err")).to_contain_text("«innvilger»")
    page.locator("#id_outcome-confirm_individual_case").check()
    page.locator("#id_outcome-confirmed_reason").fill(reason)
    page.get_by_role("button", name="Registrer utfallet").click()
    expect(page.locator("main")).to_contain_text("Utfallet er registrert")
    expect(page.locator("dl.facts")).to_contain_text(reason)

"""Browser steps of the «amendments» slice for the whole-year test (issue 16): an amendment to
one section of the agreement, from the meeting's proposal to a new version in force and signed
by both parties (A10, A17), and its diff on the public portal.

Each step signs in as the persona it names (``tests.browser.conftest.sign_in``), works only
in the back office or the portal (never ``/admin/``), and asserts its outcome. In order:

1. ``propose_amendment(page, site, item_id, old, new)`` → the amendment's id. As the council's
   secretariat: from the amendments page, the link of the agenda item; picks the section
   «Oppfølging av avtalen» from the list, replaces ``old`` by ``new`` in the pre-filled text,
   previews the diff (one word struck through, one underlined, the rest counted as unchanged
   paragraphs) and sends it to the council's and the county's councils (pre-ticked), with
   Asker kommunestyre for information. Precondition: the agenda item ``item_id`` has the
   outcome «proposal to the parties» and no proposal yet; ``old`` is in the section's text.
2. ``record_adoption(page, site, username, proposal_id, body, on, case_number)``: as
   ``username`` (a secretariat or case officer who answers for ``body``), on the follow-up
   list (the page that holds the body's follow-up of the amendment), records
   «adopted» for the body with its case number and decision. Precondition: step 1, and the
   clock on or after ``on``. Run it for each party's body («Rådsmøtet for Asker og Bærum» by
   ``sekretariat-radet``, «Viken fylkesting» by the county's case officer); after the last one
   the new version is in force.
3. ``sign_new_version(page, site, username, party, signatory, place, on)``: as the party's
   secretariat, from the agreement page, records the party's signature on the newest version.
   Precondition: step 2 for every party; ``on`` on or after the last adoption, not in the future.
4. ``check_version_signed(page, site, number)``: the agreement page shows version ``number`` in
   force and «Yes, by every party»; its page shows the change against the previous version.
   Precondition: step 3 for every party.
5. ``portal_shows_the_diff(page, site, proposal_id)``: signed out, the portal's amendment page
   shows the diff with the change marked and unchanged paragraphs counted.

The clock: the demo's county (Viken) ended on 31.12.2023; from 2024 its successor (Akershus)
acts in its seat (A1), and these steps are written for Viken's people.
``test_amendment_browser.py`` runs these steps in 2023 (``time_machine.travel(..., tick=True)``)
and gives Viken's case officer (Kristian Lunde, no login in the demo) a login first
(``give_login``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerskap.demo.loader import DEMO_PASSWORD, PARTNERSHIP_SLUG
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.people.models import Person
from tests.browser.conftest import sign_in

SECTION = "Oppfølging av avtalen"


#: Called on each page a step shows, with a name: the tests collect axe's findings and take
#: screenshots there. By default nothing.
Look = Callable[[Page, str], None]


def _nothing(page: Page, name: str) -> None:
    return None


def give_login(given_name: str, family_name: str, username: str) -> None:
    """A login with the demo password for a demo person who has none (no second factor: a
    case officer reads no exempt content)."""
    user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
    person = Person.objects.get(given_name=given_name, family_name=family_name)
    person.user = user
    person.save(update_fields=["user", "modified"])


def _sign_out(page: Page) -> None:
    page.locator("footer form button").click()


def propose_amendment(
    page: Page, site: str, item_id: int, old: str, new: str, look: Look = _nothing
) -> int:
    """Step 1; returns the amendment's id."""
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/avtale/endringer/?partnerskap={PARTNERSHIP_SLUG}")
    look(page, "amendments")
    page.locator(f"a[href='/sekretariat/avtale/endringer/ny/{item_id}/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foreslå en endring i avtalen")
    look(page, "propose-choose")
    page.locator("#c_del").select_option(label=SECTION)
    page.get_by_role("button", name="Rediger dette avsnittet").click()
    text = page.locator("#id_proposed_text")
    current = text.input_value()
    assert old in current, f"«{old}» is not in the text of «{SECTION}»"
    text.fill(current.replace(old, new))
    page.get_by_label("Asker kommunestyre (Asker kommune)").last.check()  # for information
    page.get_by_role("button", name="Forhåndsvis endringen").click()
    expect(page.locator("#step-preview")).to_be_visible()
    diff = page.locator(".diff").last
    expect(diff.locator("ins")).to_have_count(1)
    expect(diff.locator("del")).to_have_count(1)
    expect(diff).to_contain_text("uendrede avsnitt")
    look(page, "portal-amendment")
    look(page, "propose-preview")
    page.get_by_role("button", name="Send til organene").click()
    expect(page.locator("[role=status]").first).to_contain_text("sendt til organene")
    match = re.search(r"/sekretariat/avtale/endringer/(\d+)/(#.*)?$", page.url)
    assert match, page.url
    proposal = Proposal.objects.get(pk=int(match.group(1)))
    assert proposal.kind == Proposal.Kind.AMENDMENT
    assert new in proposal.proposed_text
    look(page, "amendment")
    _sign_out(page)
    return proposal.pk


def record_adoption(
    page: Page, site: str, username: str, proposal_id: int, body: str, on: str, case_number: str
) -> None:
    """Step 2, for one body."""
    sign_in(page, site, username)
    follow_up = FollowUp.objects.get(proposal_id=proposal_id, elected_body__name=body)
    page.goto(f"{site}/sekretariat/oppfolging/?oppfolging={follow_up.pk}")
    card = page.locator(f"#f{follow_up.pk}")
    card.locator("summary").click()
    card.locator("select[name$='-status']").select_option("adopted")
    card.locator("input[name$='-on']").fill(on)
    card.locator("input[name$='-body_case_number']").fill(case_number)
    card.locator("textarea[name$='-decision_text']").fill("Vedtatt som foreslått.")
    card.get_by_role("button", name="Registrer").click()
    expect(page.locator("[role=status]").first).to_contain_text(body)
    _sign_out(page)


def sign_new_version(
    page: Page, site: str, username: str, party: str, signatory: str, place: str, on: str
) -> None:
    """Step 3, for one party."""
    sign_in(page, site, username)
    page.goto(f"{site}/sekretariat/avtale/?partnerskap={PARTNERSHIP_SLUG}")
    page.get_by_role("link", name=f"Registrer underskriften til {party}").first.click()
    item = page.locator("li[id^='sign-']").filter(has_text=party)
    item.locator("summary").click()
    item.get_by_label("Signert av").fill(signatory)
    item.get_by_label("Sted").fill(place)
    item.get_by_label("Signeringsdato").fill(on)
    item.get_by_role("button", name="Registrer underskriften").click()
    expect(page.locator("[role=status]").first).to_contain_text(party)
    _sign_out(page)


def check_version_signed(page: Page, site: str, number: int, look: Look = _nothing) -> None:
    """Step 4."""
    sign_in(page, site, "sekretariat-radet")
    page.goto(f"{site}/sekretariat/avtale/?partnerskap={PARTNERSHIP_SLUG}")
    row = page.locator("tr").filter(has=page.get_by_role("link", name=f"Versjon {number}"))
    expect(row).to_contain_text("gjeldende")
    expect(row).to_contain_text("Ja, av alle parter")
    look(page, "agreement")
    row.get_by_role("link", name=f"Versjon {number}").click()
    expect(page.locator("#chg-h")).to_be_visible()
    expect(page.locator(".diff ins").first).to_be_visible()
    expect(page.locator("#vers-h + ol")).to_contain_text(f"Versjon {number - 1}")
    look(page, "version")
    _sign_out(page)


def portal_shows_the_diff(page: Page, site: str, proposal_id: int, look: Look = _nothing) -> None:
    """Step 5."""
    page.goto(f"{site}{reverse('portal:proposal', args=[PARTNERSHIP_SLUG, proposal_id])}")
    diff = page.locator(".diff")
    expect(diff.locator("ins").first).to_be_visible()
    expect(diff.locator("del").first).to_be_visible()
    expect(diff).to_contain_text("uendrede avsnitt")
    look(page, "portal-amendment")

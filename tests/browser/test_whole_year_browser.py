"""Issue 16, «done when»: a whole year of the demo partnership in the browser, as the two
secretariats and a case officer, without the admin: people and a place, a request for an extra
meeting and the meeting planned from it, a meeting with a guest, an item closed and reopened,
the notice changed after it went out, the chair elected because chair and deputy were absent,
the minutes read, corrected and approved, an outcome that reads as an individual case confirmed
with a reason (A9), and an amendment adopted by both parties' bodies and signed into a new
version (A10, A17), shown on the portal.

The year is 2023: the last year in which both of the demo's parties act (Viken ceased on
1.1.2024, and Akershus acts in its seat from then: tests/browser/test_succession_browser.py
and tests/demo/test_demo_succession.py). The clock travels through
the year (``time_machine``, the live server's thread included); every step is a function of the
slices' ``year_steps_*`` modules, which assert their own outcomes. The browser's whole trace
is checked for ``/admin/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import version_in_force, version_is_signed
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from tests.browser import (
    year_steps_amendments as amendments,
)
from tests.browser import (
    year_steps_items as items,
)
from tests.browser import (
    year_steps_meeting as meeting_steps,
)
from tests.browser import (
    year_steps_people as people,
)
from tests.browser import (
    year_steps_requests as requests,
)
from tests.browser.conftest import collect_axe_problems, open_details_of, post_step, sign_in
from tests.world import OSLO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("var/screenshots")
SPRING = "Vårmøte 2023"
EXTRA_DAY = "2023-06-12"
ADDITEM = "form[action$='/add_item/']"


def at(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=OSLO)


def add_item(page: Page, site: str, meeting_id: int, title: str) -> AgendaItem:
    """An item «proposal to the parties» on the meeting's agenda, through its page."""
    page.goto(f"{site}/sekretariat/moter/{meeting_id}/")
    open_details_of(page, f"{ADDITEM} #id_title")
    page.locator(f"{ADDITEM} #id_kind").select_option("proposal")
    page.locator(f"{ADDITEM} #id_title").fill(title)
    page.locator(f"{ADDITEM} input[name=areas]").first.check()
    page.locator(f"{ADDITEM} button").click()
    expect(page.locator("#agenda")).to_contain_text(title)
    return AgendaItem.objects.get(meeting_id=meeting_id, title=title)


def record_proposal(page: Page, site: str, item: AgendaItem, text: str) -> None:
    """The meeting's conclusion on an item: a proposal to the parties, on the item's page."""
    page.goto(f"{site}/sekretariat/saker/{item.pk}/")
    page.locator("#id_outcome-outcome").select_option("proposal")
    page.locator("#id_outcome-outcome_text").fill(text)
    page.get_by_role("button", name="Registrer utfallet").click()
    expect(page.locator("main")).to_contain_text("Utfallet er registrert")


def test_a_whole_year_runs_in_the_back_office_without_the_admin(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    trace: list[str] = []
    page.on("request", lambda request: trace.append(request.url))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(page: Page, name: str) -> None:
        collect_axe_problems(page, problems, name)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / f"year-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    part = partnership.agreement.special_part
    version_before = version_in_force(part=part)
    assert version_before is not None

    with time_machine.travel(at(2023, 1, 9, 9), tick=True) as clock:

        def later(when: dt.datetime, *, user: str | None = "sekretariat-radet") -> None:
            """Move the clock; a session lasts a working day, so sign in again."""
            clock.move_to(when)
            if user:
                sign_in(page, site, user)

        # January: the council's secretariat keeps its people and places.
        sign_in(page, site, "sekretariat-radet")
        look(page, "dashboard")
        people.add_substitute(page, site)
        people.add_place(page, site)

        # February: the council asks for an extra meeting; it is planned from the request.
        later(at(2023, 2, 6, 9))
        requests.register_request(page, site, wished=EXTRA_DAY)
        requests.plan_meeting_from_request(page, site, wished=EXTRA_DAY)
        extra = Meeting.objects.get(title=requests.REQUEST_MEETING_TITLE)
        assert extra.requested_by is not None
        assert extra.requested_by.reason == requests.REQUEST_REASON

        # The spring meeting: notice, a guest, an item closed and opened again, then moved.
        later(at(2023, 2, 27, 9))
        spring = meeting_steps.plan_with_notice(
            page, site, SPRING, "2023-03-20T10:00", "2023-03-20T13:00"
        )
        items.invite_guest_for_own_party(page, site, spring, "Eva Solberg")
        item = AgendaItem.objects.get(meeting_id=spring, title="Regional transportplan")
        items.close_item(page, site, item.pk, "Sak om personalforhold")
        items.reopen_item(page, site, item.pk, "Saken gjelder ingen ansatte likevel")
        meeting_steps.edit_after_notice(page, site, spring)
        look(page, "meeting-notice")

        # The day of the meeting (moved to 21.3): chair and deputy are absent, one is elected.
        later(at(2023, 3, 21, 11))
        meeting_steps.elect_chair(page, site, spring)
        later(at(2023, 3, 21, 15))
        meeting_steps.minutes_read_corrected_approved(page, site, spring)
        look(page, "meeting-minutes")

        # May: the extra meeting's agenda and notice.
        later(at(2023, 5, 8, 9))
        grant = add_item(page, site, extra.pk, "Tilskudd til idrettsanlegg")
        frequency = add_item(page, site, extra.pk, "Flere partnerskapsmøter i året")
        page.goto(f"{site}/sekretariat/moter/{extra.pk}/")
        meeting_steps.open_step(page, "notice")
        post_step(page, "publish_notice")
        expect(page.locator("[role=status]")).to_contain_text("nnkalling")

        # The extra meeting (12.6): an outcome that reads as an individual case is confirmed
        # with a reason (A9); the other item proposes an amendment of the agreement.
        later(at(2023, 6, 12, 11))
        items.record_outcome_confirming_individual_case(
            page, site, grant.pk, "Et forslag til partene, ikke et vedtak om tilskudd"
        )
        record_proposal(
            page, site, frequency, "Partnerskapsmøtet foreslår å endre avtalen til tre møter."
        )

        # June: the amendment to a signed version, by both secretariats and a case officer.
        later(at(2023, 6, 13, 9), user=None)  # each step signs in as its persona
        amendments.give_login("Kristian", "Lunde", "saksbehandler-viken")
        proposal_id = amendments.propose_amendment(
            page, site, frequency.pk, "minst to møter", "minst tre møter", look=look
        )
        later(at(2023, 6, 20, 9), user=None)  # each step signs in as its persona
        amendments.record_adoption(
            page,
            site,
            "sekretariat-radet",
            proposal_id,
            "Rådsmøtet for Asker og Bærum",
            "2023-06-20",
            "RS 14/23",
        )
        amendments.record_adoption(
            page,
            site,
            "saksbehandler-viken",
            proposal_id,
            "Viken fylkesting",
            "2023-06-20",
            "FT-sak 61/23",
        )
        later(at(2023, 6, 22, 9), user=None)  # each step signs in as its persona
        amendments.sign_new_version(
            page,
            site,
            "sekretariat-viken",
            "Viken fylkeskommune",
            "Astrid Fjeldstad",
            "Drammen",
            "2023-06-22",
        )
        amendments.sign_new_version(
            page,
            site,
            "sekretariat-radet",
            "Interkommunalt politisk råd for Asker og Bærum",
            "Sigrid Aasheim",
            "Sandvika",
            "2023-06-22",
        )
        version_after = version_in_force(part=part)
        assert version_after is not None
        assert version_after.number == version_before.number + 1
        assert version_is_signed(version=version_after)
        amendments.check_version_signed(page, site, version_after.number, look=look)
        amendments.portal_shows_the_diff(page, site, proposal_id, look=look)

    held = Meeting.objects.get(pk=spring)
    assert held.status == Meeting.Status.MINUTES_APPROVED
    assert held.chair_reason == Meeting.ChairReason.ELECTED
    assert Proposal.objects.get(pk=proposal_id).kind == Proposal.Kind.AMENDMENT
    assert problems == {}
    assert trace, "the browser's requests were traced"
    assert not [url for url in trace if "/admin/" in url], "a task needed the admin"

"""Issue 5, «done when»: a secretariat runs a meeting of the year in the browser, from the plan
to the minutes (attendance, outcome and the parties' votes included), sends its proposal to the
bodies, Bærum's case officer records what the council decided, and the public portal shows it,
all without the admin or the shell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.meetings.models import Meeting, Minutes
from tests.browser.conftest import (
    collect_axe_problems,
    open_details_of,
    plan_meeting,
    post_step,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(site_before_renewal: str) -> str:
    """The demo before its renewal (A18): these steps work in the 2020–2024 partnership, as
    its secretariat did then, when the back office's lists and choices held only it."""
    return site_before_renewal


@pytest.fixture(autouse=True)
def _in_the_period(site: str) -> Iterator[None]:
    """Inside the demo partnership's period (2020–2024), after the demo was loaded in the
    present: a concluded partnership is not planned in (``policy.can_plan``)."""
    when = dt.datetime(2024, 11, 15, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(when, tick=True):
        yield


TITLE = "Høstmøte om innfartsparkering"


def sign_out(page: Page) -> None:
    page.locator("footer form button").click()


def test_a_secretariat_runs_a_meeting_from_plan_to_follow_up_in_the_browser(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")

    # Plan the meeting and build its agenda.
    plan_meeting(page, site, TITLE, "2024-10-14T10:00", "2024-10-14T13:00")
    meeting = Meeting.objects.get(title=TITLE)
    open_details_of(page, "#id_kind")  # the add-item form is folded
    page.locator("#id_kind").select_option("proposal")
    page.locator("#id_title").fill("Felles innfartsparkering ved Bekkestua")
    page.locator("#id_case_presentation").fill("Kommunene og fylket vurderer felles anlegg.")
    page.locator("input[name=areas]").first.check()
    page.locator("#id_title").press("Enter")
    expect(page.locator("#agenda")).to_contain_text("Felles innfartsparkering ved Bekkestua")
    item = meeting.items.get()

    # Publish the notice; the meeting is held with its members present.
    post_step(page, "publish_notice")
    expect(page.locator("form[action$='/record_held/']")).to_have_count(1)
    open_details_of(page, "form[action$='/attendance/']")
    boxes = page.locator("form[action$='/attendance/'] input[name=present]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.locator("form[action$='/attendance/'] button").click()
    expect(page.locator("#att-h")).to_be_visible()
    assert meeting.attendances.filter(present=True).exists()

    open_details_of(page, f"#oc{item.pk}")
    page.locator(f"#oc{item.pk}").select_option("proposal")
    page.locator(f"#ot{item.pk}").fill("Partnerskapsmøtet foreslår et felles anlegg.")
    page.locator(f"#oc{item.pk}").locator("xpath=ancestor::form").locator("button").click()
    expect(page.locator("#agenda")).to_contain_text("Forslag")
    # The vote, on the item's page (L4).
    page.locator(f"#agenda a[href='/sekretariat/saker/{item.pk}/']").click()
    page.locator("#votes-h").locator("xpath=..").locator("summary").click()
    page.locator("#id_vote-motion").fill("Innstillingen")
    page.get_by_label("Interkommunalt politisk råd for Asker og Bærum").select_option("for")
    page.locator("form[action$='/stemmer/'] button").click()
    expect(page.locator("#votes-h").locator("xpath=..")).to_contain_text("Innstillingen")
    assert item.votes.get().choice == "for"
    collect_axe_problems(page, problems, "item")
    page.locator(f"a[href='/sekretariat/moter/{meeting.pk}/']").first.click()
    post_step(page, "record_held")
    expect(page.locator("form[action$='/draft_minutes/']")).to_have_count(1)
    collect_axe_problems(page, problems, "meeting")

    # Minutes: draft from the records, read on its page, then approve from there.
    post_step(page, "draft_minutes")
    expect(page.locator("main")).to_contain_text("ikke godkjent")
    post_step(page, "approve_minutes")
    expect(page.locator("main")).to_contain_text("Godkjent versjon 1")
    page.goto(f"{site}/sekretariat/moter/{meeting.pk}/")
    assert Minutes.objects.filter(meeting=meeting, status="approved").exists()

    # Send the proposal to Bærum's council.
    open_details_of(page, "form[action$='/propose/']")
    form = page.locator("form[action$='/propose/']")
    form.locator("input[name=title]").fill("Felles innfartsparkering")
    form.locator("textarea[name=text]").fill("Bærum kommunestyre bes slutte seg til anlegget.")
    form.get_by_label("Bærum kommunestyre").check()
    form.locator("button").click()
    expect(page.locator("#agenda")).to_contain_text("Forslaget ble sendt til organene")
    proposal = Proposal.objects.get(item=item)
    follow_up = proposal.follow_ups.get()
    sign_out(page)

    # Bærum's case officer records the council's handling.
    sign_in(page, site, "saksbehandler-baerum")
    page.goto(f"{site}/sekretariat/oppfolging/?oppfolging={follow_up.pk}")
    prefix = f"#id_f{follow_up.pk}"
    page.locator(f"#f{follow_up.pk} summary").click()
    expect(page.locator(f"{prefix}-status")).to_be_visible()
    page.locator(f"{prefix}-status").select_option("adopted")
    page.locator(f"{prefix}-body_case_number").fill("KS 101/24")
    page.locator(f"{prefix}-decision_text").fill("Kommunestyret slutter seg til forslaget.")
    page.locator(f"#f{follow_up.pk} form button").click()
    expect(page.locator("[role=status]")).to_contain_text("Bærum")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.ADOPTED
    collect_axe_problems(page, problems, "follow-up")

    # The public sees the minutes and what Bærum's council did.
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/forslag/{proposal.pk}/")
    expect(page.locator("main")).to_contain_text("Kommunestyret slutter seg til forslaget.")
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/moter/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text("Partnerskapsmøtet foreslår et felles anlegg.")
    expect(page.locator("main")).to_contain_text("Innstillingen")
    assert problems == {}

"""Plan the year and run temporary committees in a real browser, as the secretariat: the
decision items are put on a meeting's agenda and decided through the meeting page, then the
annual cycle is revised and adopted (A12) and a committee set up, reported and dissolved (A11).
A member reads the pages but is refused every change; every new page passes axe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import Party
from partnerskap.committees.models import Committee
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.meetings.models import AgendaItem, AnnualCycle, Meeting
from partnerskap.people.models import Person
from tests.browser.conftest import (
    collect_axe_problems,
    csrf_token,
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


YEAR_2024 = f"/sekretariat/arshjul/{PARTNERSHIP_SLUG}/2024/"


def decide_at_a_new_meeting(page: Page, site: str, title: str, subjects: list[str]) -> Meeting:
    """Plan a meeting, put a procedural item per subject on its agenda, publish the notice
    and record each item's outcome as a procedural decision, all through the meeting page."""
    plan_meeting(page, site, title, "2024-05-20T10:00", "2024-05-20T13:00")
    meeting = Meeting.objects.get(title=title)
    for subject in subjects:
        open_details_of(page, "#id_kind")  # the add-item form is folded
        page.locator("#id_kind").select_option("procedural")
        page.locator("#id_procedural_subject").select_option(subject)
        page.locator("#id_title").fill(f"Vedtak om {subject}")
        page.locator("input[name=areas]").first.check()
        page.locator("#id_title").press("Enter")
        expect(page.locator("#agenda")).to_contain_text(f"Vedtak om {subject}")
    post_step(page, "publish_notice")
    expect(page.locator("form[action$='/record_held/']")).to_have_count(1)
    for item in meeting.items.all():
        open_details_of(page, f"#oc{item.pk}")
        page.locator(f"#oc{item.pk}").select_option("procedural")
        page.locator(f"#oc{item.pk}").locator("xpath=ancestor::form").locator("button").click()
        expect(page.locator("#agenda")).to_be_visible()
    assert set(meeting.items.values_list("outcome", flat=True)) == {"procedural"}
    return meeting


def test_the_secretariat_revises_and_adopts_the_annual_cycle(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    meeting = decide_at_a_new_meeting(page, site, "Ekstra møte om årshjulet", ["annual_cycle"])
    item = meeting.items.get()

    page.goto(f"{site}/sekretariat/arshjul/")
    collect_axe_problems(page, problems)
    page.locator(f"a[href='{YEAR_2024}']").click()
    expect(page).to_have_url(site + YEAR_2024)
    expect(page.locator("h1")).to_contain_text("2024")
    collect_axe_problems(page, problems)

    # Revise: the form starts from the version in force; add a milestone in an empty row.
    row = int(page.locator("#id_entries-INITIAL_FORMS").input_value())
    assert row > 0, "prefilled from the version in force"
    page.locator("#id_cycle-note").fill("Ekstra møte i mai")
    page.locator(f"#id_entries-{row}-kind").select_option("milestone")
    page.locator(f"#id_entries-{row}-date").fill("2024-09-01")
    page.locator(f"#id_entries-{row}-title").fill("Frist for innspill til høstmøtet")
    page.locator("form[action$='/utkast/'] button[type=submit]").click()
    expect(page.locator("form[action$='/vedta/']")).to_have_count(1)
    draft = AnnualCycle.objects.get(partnership__slug=PARTNERSHIP_SLUG, year=2024, version=2)
    assert not draft.is_adopted
    assert draft.entries.filter(title="Frist for innspill til høstmøtet").exists()
    collect_axe_problems(page, problems)

    # Change the draft on its own page before it is adopted: the note, and a milestone's date.
    page.locator("a[href$='/utkast/endre/']").click()
    expect(page.locator("h1")).to_contain_text("2")
    collect_axe_problems(page, problems)
    milestone = page.locator("input[value='Frist for innspill til høstmøtet']")
    row = milestone.get_attribute("id").split("-")[1]  # id_entries-<row>-title
    page.locator("#id_cycle-note").fill("Ekstra møte i mai; frist flyttet")
    page.locator(f"#id_entries-{row}-date").fill("2024-09-15")
    page.locator("form[action$='/utkast/endre/'] button[type=submit]").click()
    expect(page).to_have_url(site + YEAR_2024)
    draft.refresh_from_db()
    assert draft.note == "Ekstra møte i mai; frist flyttet"
    assert draft.entries.get(title="Frist for innspill til høstmøtet").date.isoformat() == (
        "2024-09-15"
    )

    page.locator("#id_item").select_option(str(item.pk))
    page.locator("form[action$='/vedta/'] button[type=submit]").click()
    expect(page.locator("form[action$='/vedta/']")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.adopted_by == item
    expect(page.locator("#v2")).to_be_visible()
    expect(page.locator("section[aria-labelledby=hist-h]")).to_contain_text(
        "Årshjulet ble vedtatt under sak"
    )
    collect_axe_problems(page, problems)
    assert problems == {}


def test_the_secretariat_sets_up_reports_and_dissolves_a_committee(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "sekretariat-radet")
    meeting = decide_at_a_new_meeting(page, site, "Møte om nytt utvalg", ["committee"])
    decision = meeting.items.get()
    council = Party.objects.get(slug="asker-og-baerum-rad")
    county = Party.objects.get(slug="viken-fylkeskommune")
    leader = Person.objects.get(family_name="Eikeland")
    member = Person.objects.get(family_name="Rustad")

    page.goto(f"{site}/sekretariat/utvalg/")
    collect_axe_problems(page, problems)
    page.locator("#f-status").select_option("overdue")
    page.locator("form.filters button").click()
    expect(page.locator("tbody")).to_contain_text("Utvalg for skoleskyss og elevdata")
    expect(page.locator("tbody")).not_to_contain_text("Arbeidsutvalg for felles klimaindikatorer")
    collect_axe_problems(page, problems)

    page.locator("a[href='/sekretariat/utvalg/ny/']").click()
    collect_axe_problems(page, problems)
    page.locator("#id_item").select_option(str(decision.pk))
    page.locator("#id_name").fill("Utvalg for innfartsparkering")
    page.locator("#id_task").fill("Kartlegge behovet for innfartsparkering.")
    page.locator("#id_mandate").fill("Utvalget foreslår tiltak innen 30. juni.")
    page.locator("#id_starts_on").fill("2024-05-20")
    page.locator("#id_ends_on").fill("2024-06-30")
    page.locator("input[name=areas]").first.check()
    page.locator("#id_members-0-member").select_option(f"{leader.pk}:{council.pk}")
    page.locator("#id_members-0-role").select_option("leader")
    page.locator("#id_members-1-member").select_option(f"{member.pk}:{county.pk}")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Utvalg for innfartsparkering")
    committee = Committee.objects.get(established_by=decision)
    assert committee.members.count() == 2
    expect(page.locator(f"a[href='/sekretariat/moter/{meeting.pk}/']").first).to_be_visible()
    collect_axe_problems(page, problems)

    report_item = AgendaItem.objects.get(year=2024, title__startswith="Overgangsprosjektet")
    open_details_of(page, "form[action$='/rapport/']")
    page.locator("#id_report-item").select_option(str(report_item.pk))
    page.locator("#id_report-summary").fill("Utvalget anbefaler tre nye anlegg.")
    page.locator("form[action$='/rapport/'] button[type=submit]").click()
    expect(page.locator("#reports-h").locator("xpath=..")).to_contain_text(
        "Utvalget anbefaler tre nye anlegg."
    )
    assert committee.reports.get().item == report_item

    open_details_of(page, "form[action$='/opplos/']")
    page.locator("#id_dissolve-on").fill("2024-07-01")
    page.locator("form[action$='/opplos/'] button[type=submit]").click()
    expect(page.locator("form[action$='/opplos/']")).to_have_count(0)
    committee.refresh_from_db()
    assert str(committee.dissolved_on) == "2024-07-01"
    expect(page.locator("section[aria-labelledby=hist-h]")).to_contain_text(
        "Utvalget ble oppløst fra 1.7.2024."
    )
    collect_axe_problems(page, problems)
    assert problems == {}


def test_a_member_reads_the_plan_and_committees_but_is_refused_changes(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    sign_in(page, site, "medlem")
    committee = Committee.objects.get(name="Utvalg for skoleskyss og elevdata")
    cycle = AnnualCycle.objects.get(partnership__slug=PARTNERSHIP_SLUG, year=2024, version=1)
    for path in (
        "/sekretariat/arshjul/",
        YEAR_2024,
        "/sekretariat/utvalg/",
        f"/sekretariat/utvalg/{committee.pk}/",
    ):
        response = page.goto(site + path)
        assert response is not None
        assert response.ok, path
        expect(page.locator("main form[method=post]")).to_have_count(0)
        collect_axe_problems(page, problems)
    assert problems == {}

    response = page.goto(f"{site}/sekretariat/utvalg/ny/")
    assert response is not None
    assert response.status == 403
    headers = {"X-CSRFToken": csrf_token(page)}
    for path, data in (
        (f"{YEAR_2024}utkast/", {"cycle-note": "x"}),
        (f"{YEAR_2024}vedta/", {"cycle": str(cycle.pk), "item": "1"}),
        (f"/sekretariat/utvalg/{committee.pk}/opplos/", {"dissolve-on": "2024-07-01"}),
    ):
        refused = page.request.post(site + path, form=data, headers=headers)
        assert refused.status == 403, path
        reason = refused.text().lower()
        assert "secretariat" in reason or "sekretariat" in reason, "a reason, not a CSRF failure"
    committee.refresh_from_db()
    assert committee.dissolved_on is None
    assert AnnualCycle.objects.filter(partnership__slug=PARTNERSHIP_SLUG, year=2024).count() == 1

"""People, places and committees with an external expert in a real browser, as the council's
secretariat in 2024 (issue 16, slice «people»): a new substitute second in order, a new place
used by a new meeting, and a committee with an expert from outside the parties' roles. Every
page passes axe and is photographed at 360 and 1280 px (var/screenshots/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.selectors import areas_current
from partnerskap.committees.models import Committee
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_add, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.people.models import Membership
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.browser.year_steps_people import (
    add_place,
    add_substitute,
    plan_meeting_at,
    set_up_committee_with_expert,
)
from tests.world import oslo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(site_before_renewal: str) -> str:
    """The demo before its renewal (A18): these steps work in the 2020–2024 partnership, as
    its secretariat did then, when the back office's lists and choices held only it."""
    return site_before_renewal


SHOTS = Path("var/screenshots")
IN_2024 = dt.datetime(2024, 5, 2, 9, tzinfo=dt.UTC)


def photograph(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"people-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def committee_decision(meeting: Meeting) -> None:
    """The precondition of the committee step: a decided procedural item about a committee
    (made here with the services; the meeting steps of the whole-year test make it by hand)."""
    item = agenda_item_add(
        meeting=meeting,
        title="Utvalg for klimatilpasning",
        kind=AgendaItem.Kind.PROCEDURAL,
        procedural_subject=AgendaItem.ProceduralSubject.COMMITTEE,
        areas=list(areas_current(partnership=meeting.partnership)[:1]),
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome="procedural", actor=None)


def test_the_secretariat_keeps_people_places_and_an_external_expert(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    with time_machine.travel(IN_2024, tick=True):
        sign_in(page, site, "sekretariat-radet")

        add_substitute(page, site)
        new = Membership.objects.get(person__family_name="Varaberg")
        assert (new.role, new.substitute_order) == ("substitute", 2)
        collect_axe_problems(page, problems)
        photograph(page, "list")
        page.goto(f"{site}/sekretariat/personer/{new.person_id}/")
        collect_axe_problems(page, problems)
        photograph(page, "person")
        page.goto(f"{site}/sekretariat/personer/ny/")
        collect_axe_problems(page, problems)
        page.goto(f"{site}/sekretariat/parter/asker-og-baerum-rad/varamedlemmer/")
        collect_axe_problems(page, problems)
        photograph(page, "substitutes")
        page.goto(f"{site}/sekretariat/organer/?partnerskap={PARTNERSHIP_SLUG}")
        collect_axe_problems(page, problems)
        photograph(page, "bodies")

        place = add_place(page, site)
        collect_axe_problems(page, problems)
        photograph(page, "places")
        plan_meeting_at(page, site, place, "Høstmøte i Sandvika")
        meeting = Meeting.objects.get(title="Høstmøte i Sandvika")
        assert meeting.location is not None
        assert meeting.location.accessibility.startswith("Trinnfri")

        start = oslo(2024, 5, 20)
        decided = meeting_create(
            partnership=meeting.partnership,
            title="Møte om utvalg",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            location=meeting.location,
            form=Meeting.Form.IN_PERSON,
            actor=None,
        )
        committee_decision(decided)
        page.goto(f"{site}/sekretariat/utvalg/ny/?partnerskap={PARTNERSHIP_SLUG}")
        collect_axe_problems(page, problems)
        photograph(page, "committee-form")
        set_up_committee_with_expert(page, site, "Utvalg for klimatilpasning")
        committee = Committee.objects.get(name="Utvalg for klimatilpasning")
        assert committee.members.filter(party__isnull=True, organisation="NIBIO").exists()
        collect_axe_problems(page, problems)
        photograph(page, "committee")
        page.goto(f"{site}/{PARTNERSHIP_SLUG}/utvalg/{committee.pk}/")
        expect(page.locator("main")).to_contain_text("Kari Fjellheim (eksternt medlem, NIBIO)")
        collect_axe_problems(page, problems)
        photograph(page, "portal-committee")
    assert problems == {}

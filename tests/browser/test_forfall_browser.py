"""The pages behind the personal links (issue 18, point 2) on a phone: a member reports
forfall for part of a meeting at 360 px, the first substitute is asked and answers; a used link
explains itself. Every page passes axe and reads at 360 and 1280 px (screenshots of each)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import areas_current
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.meetings.models import AgendaItem, Location, PersonalLink, SubstituteRequest
from partnerskap.meetings.services import forfall
from partnerskap.meetings.services.agenda import agenda_item_add
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.people.models import Person
from tests.browser.conftest import collect_axe_problems
from tests.world import OSLO

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path("var/screenshots")
Purpose = PersonalLink.Purpose


def _look(page: Page, name: str, problems: dict[str, list[str]]) -> None:
    collect_axe_problems(page, problems, name)
    for width in (1280, 360):  # ends on the phone
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"forfall-{name}-{width}.png"), full_page=True)


def test_a_member_reports_forfall_on_a_phone_and_the_substitute_answers(
    page: Page, site_before_renewal: str
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    site = site_before_renewal
    with time_machine.travel(dt.datetime(2022, 3, 8, 9, tzinfo=OSLO), tick=True):
        partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
        start = dt.datetime(2022, 3, 15, 10, tzinfo=OSLO)
        meeting = meeting_create(
            partnership=partnership,
            title="Partnerskapsmøte mars",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            location=Location.objects.create(name="Asker rådhus"),
            form="in_person",
            actor=None,
        )
        area = areas_current(partnership=partnership)[0]
        for title in ("Innfartsparkering", "Sykkelveier i Bærum"):
            agenda_item_add(
                meeting=meeting,
                kind=AgendaItem.Kind.DISCUSSION,
                title=title,
                areas=[area],
                actor=None,
            )
        meeting_publish_notice(meeting=meeting, actor=None)
        member = Person.objects.get(email="m-rad-2@demo.partnerskap.invalid")
        token = forfall.personal_link_issue(meeting=meeting, person=member, purpose=Purpose.FORFALL)

        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(f"{site}/lenke/forfall/{token}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Meld forfall")
        _look(page, "report", problems)
        page.get_by_label("Sykkelveier i Bærum", exact=False).check()
        page.get_by_label("Begrunnelse").fill("Annet offentlig verv")
        page.get_by_role("button", name="Meld forfall").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Takk, det er registrert")
        _look(page, "done", problems)

        page.goto(f"{site}/lenke/forfall/{token}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
        expect(page.get_by_text("allerede brukt")).to_be_visible()
        _look(page, "used", problems)

        request = SubstituteRequest.objects.get(meeting=meeting)
        answer = forfall.personal_link_issue(
            meeting=meeting, person=request.substitute, purpose=Purpose.SUBSTITUTE, request=request
        )
        page.goto(f"{site}/lenke/vara/{answer}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kan du møte som vara?")
        _look(page, "substitute", problems)
        page.get_by_role("button", name="Ja, jeg kan møte").click()
        expect(page.get_by_text("Du møter.")).to_be_visible()

        disqualify = forfall.personal_link_issue(
            meeting=meeting, person=member, purpose=Purpose.DISQUALIFICATION
        )
        page.goto(f"{site}/lenke/inhabil/{disqualify}/")
        _look(page, "disqualification", problems)
    request.refresh_from_db()
    assert request.status == SubstituteRequest.Status.ACCEPTED
    assert problems == {}

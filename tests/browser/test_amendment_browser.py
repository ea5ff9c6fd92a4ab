"""Issue 16, the amendment slice in a real browser (A10, A17): the council's secretariat proposes
a change to one section from a meeting's proposal, both parties' bodies adopt it (the council's
secretariat for its council, Viken's case officer for Viken fylkesting), both secretariats sign
the new version, which is then in force and signed, and the portal shows the diff. No request
goes to ``/admin/``; every page is free of serious accessibility violations and is looked at in
screenshots at 360 and 1280 px (``var/screenshots/``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import version_in_force, version_is_signed
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.meetings.models import AgendaItem, Location
from partnerskap.meetings.services.agenda import agenda_item_add, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from tests.browser.conftest import collect_axe_problems
from tests.browser.year_steps_amendments import (
    check_version_signed,
    give_login,
    portal_shows_the_diff,
    propose_amendment,
    record_adoption,
    sign_new_version,
)
from tests.world import OSLO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("var/screenshots")


def _item_with_a_proposal(partnership: Partnership) -> AgendaItem:
    """A meeting of April 2023 whose item's outcome is a proposal to the parties (what the
    meeting steps of the whole-year test leave behind)."""
    start = dt.datetime(2023, 4, 20, 10, tzinfo=OSLO)
    meeting = meeting_create(
        partnership=partnership,
        title="Vårmøte om møtefrekvens",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location=Location.objects.first(),
        form="in_person",
        actor=None,
    )
    item = agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.PROPOSAL,
        title="Flere partnerskapsmøter i året",
        areas=list(partnership.agreement.special_part.areas.all()[:1]),
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(
        item=item,
        outcome="proposal",
        outcome_text="Partnerskapsmøtet foreslår tre møter i året.",
        actor=None,
    )
    return item


def test_an_amendment_goes_from_proposal_to_a_signed_new_version_in_the_browser(
    site: str, page: Page
):
    problems: dict[str, list[str]] = {}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(page: Page, name: str) -> None:
        collect_axe_problems(page, problems, name)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / f"amendment-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    with time_machine.travel(dt.datetime(2023, 5, 2, 12, tzinfo=OSLO), tick=True):
        partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
        part = partnership.agreement.special_part
        before = version_in_force(part=part)
        assert before is not None
        item = _item_with_a_proposal(partnership)
        give_login("Kristian", "Lunde", "saksbehandler-viken")

        proposal_id = propose_amendment(
            page, site, item.pk, "minst to møter", "minst tre møter", look=look
        )
        record_adoption(
            page,
            site,
            "sekretariat-radet",
            proposal_id,
            "Rådsmøtet for Asker og Bærum",
            "2023-05-02",
            "RS 9/23",
        )
        assert version_in_force(part=part) == before, "one party has not adopted it yet"
        record_adoption(
            page,
            site,
            "saksbehandler-viken",
            proposal_id,
            "Viken fylkesting",
            "2023-05-02",
            "FT-sak 40/23",
        )
        after = version_in_force(part=part)
        assert after is not None
        assert after.number == before.number + 1
        assert "minst tre møter" in after.sections.get(slug="oppfolging-av-avtalen").body

        sign_new_version(
            page,
            site,
            "sekretariat-viken",
            "Viken fylkeskommune",
            "Astrid Fjeldstad",
            "Drammen",
            "2023-05-02",
        )
        assert not version_is_signed(version=after)
        sign_new_version(
            page,
            site,
            "sekretariat-radet",
            "Interkommunalt politisk råd for Asker og Bærum",
            "Sigrid Aasheim",
            "Sandvika",
            "2023-05-02",
        )
        assert version_is_signed(version=after)
        check_version_signed(page, site, after.number, look=look)
        portal_shows_the_diff(page, site, proposal_id, look=look)

    assert problems == {}
    assert not [url for url in requests if "/admin/" in url]

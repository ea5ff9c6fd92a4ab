"""Issue 16, slice «items», in a real browser as the council's secretariat, in 2024 (inside
the demo partnership's period): a guest invited on behalf of one's own party only (A13), an
item closed by its legal basis's plain name and opened again, and an outcome that reads as a
grant confirmed with a reason (A9). Every page passes axe and reads at 360 and 1280 px."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import areas_current
from partnerskap.core.models import AuditEntry
from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.services.agenda import agenda_item_add
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from tests.browser import year_steps_items as steps
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.world import oslo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"items-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _meeting_with_items() -> tuple[Meeting, AgendaItem, AgendaItem]:
    partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    start = oslo(2024, 10, 14, 10)
    meeting = meeting_create(
        partnership=partnership,
        title="Høstmøte om idrettsanlegg",
        starts_at=start,
        ends_at=oslo(2024, 10, 14, 13),
        location=Location.objects.first(),
        form=Meeting.Form.IN_PERSON,
        actor=None,
    )
    areas = list(areas_current(partnership=partnership))[:1]
    grant = agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.PROPOSAL,
        title="Felles idrettsanlegg i Bærum",
        areas=areas,
        actor=None,
    )
    staff = agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.DISCUSSION,
        title="Bemanning i sekretariatet",
        areas=areas,
        actor=None,
    )
    return meeting, grant, staff


def test_guest_close_reopen_and_a9_confirmation_in_the_browser(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    with time_machine.travel(oslo(2024, 9, 2, 9), tick=True):
        meeting, grant, staff = _meeting_with_items()
        sign_in(page, site, "sekretariat-radet")

        steps.invite_guest_for_own_party(page, site, meeting.pk, "Dr. Åse Ekspert")
        collect_axe_problems(page, problems, "meeting page, guest invited")
        _shoot(page, "meeting-guest")
        assert meeting.guests.get().inviting_party.slug == "asker-og-baerum-rad"

        steps.close_item(page, site, staff.pk, "Personalsak")
        collect_axe_problems(page, problems, "item closed")
        _shoot(page, "item-closed")

        meeting_publish_notice(meeting=meeting, actor=None)
        steps.reopen_item(page, site, staff.pk, "Saken gjelder ingen enkeltperson.")
        collect_axe_problems(page, problems, "item reopened")
        assert AuditEntry.objects.filter(action="meetings.item.reopened").count() == 1

        page.goto(f"{site}/sekretariat/saker/{grant.pk}/")
        steps.record_outcome_confirming_individual_case(
            page, site, grant.pk, "Møtet anbefaler; fylkestinget avgjør tilskuddet."
        )
        collect_axe_problems(page, problems, "outcome confirmed")
        _shoot(page, "item-outcome-confirmed")
        grant.refresh_from_db()
        assert grant.individual_case_reason == "Møtet anbefaler; fylkestinget avgjør tilskuddet."
    assert problems == {}


def test_the_a9_warning_page_passes_axe(site: str, page: Page):
    """The warning itself (the confirmation fields shown, the error next to the reason)."""
    with time_machine.travel(oslo(2024, 9, 2, 9), tick=True):
        meeting, grant, _staff = _meeting_with_items()
        meeting_publish_notice(meeting=meeting, actor=None)
        sign_in(page, site, "sekretariat-radet")
        page.goto(f"{site}/sekretariat/saker/{grant.pk}/")
        page.locator("#id_outcome-outcome").select_option("proposal")
        page.locator("#id_outcome-outcome_text").fill(steps.GRANT)
        page.get_by_role("button", name="Registrer utfallet").click()
        page.locator("#id_outcome-confirmed_reason").wait_for()
        assert axe_clean(page) == []
        _shoot(page, "item-a9-warning")


def axe_clean(page: Page) -> list[str]:
    problems: dict[str, list[str]] = {}
    collect_axe_problems(page, problems, "warning")
    return problems.get("warning", [])

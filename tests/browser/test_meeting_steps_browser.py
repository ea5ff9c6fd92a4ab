"""Issue 16, the meeting slice in the browser: a meeting changed after its notice (the public
page and the mail show it), a chair elected when chair and deputy are absent (L6), and draft
minutes read, corrected and approved, then corrected again as a new version (L4). The clock
travels into the demo partnership's period (2020–2024), as the whole-year test does. Every
page passes axe; the meeting and minutes pages are shot at 360 and 1280 px."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page

from tests.browser import year_steps_meeting as steps
from tests.browser.conftest import collect_axe_problems, sign_in
from tests.world import oslo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
        page.screenshot(path=str(SHOTS / f"meeting-{name}-{width}.png"), full_page=True)


def test_a_meeting_changed_after_notice_chaired_by_an_elected_chair_and_minuted(
    site: str, page: Page
):
    problems: dict[str, list[str]] = {}
    with time_machine.travel(oslo(2024, 11, 1), tick=True):
        sign_in(page, site, "sekretariat-radet")
        meeting_id = steps.plan_with_notice(
            page, site, "Ekstra høstmøte «2024»", "2024-11-18T10:00", "2024-11-18T13:00"
        )
        collect_axe_problems(page, problems, "meeting: notice published")
        steps.edit_after_notice(page, site, meeting_id)
        collect_axe_problems(page, problems, "meeting: changed after notice")
        steps.open_step(page, "notice")
        _shoot(page, "notice")
    with time_machine.travel(oslo(2024, 11, 19, 10, 30), tick=True):
        sign_in(page, site, "sekretariat-radet")
        steps.elect_chair(page, site, meeting_id)
        collect_axe_problems(page, problems, "meeting: held with an elected chair")
        _shoot(page, "held")
    with time_machine.travel(oslo(2024, 11, 20), tick=True):
        sign_in(page, site, "sekretariat-radet")
        steps.minutes_read_corrected_approved(page, site, meeting_id)
        collect_axe_problems(page, problems, "minutes")
        _shoot(page, "minutes")
    assert problems == {}

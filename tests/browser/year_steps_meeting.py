"""Browser steps of the meeting slice, for the whole-year test (issue 16) and
``test_meeting_steps_browser.py``. Each takes a signed-in page (the council's secretariat,
``sekretariat-radet``) on the demo data, and asserts its outcome.

Order and preconditions, on one meeting of the demo partnership in 2024:

1. ``plan_with_notice(page, site, title, starts_at, ends_at)`` → the meeting's id. The clock
   inside 2024 and before the meeting. Plans the meeting, adds an item (its form is folded
   in the «Prepare» step) and publishes the notice.
2. ``edit_after_notice(page, site, meeting_id)``: the notice is published; the clock before
   the meeting. Changes time and place with a reason in the «Notice» step; the notice is
   issued again (version 2), the public page says so, and the changed notice is mailed to
   those who got it (the jobs are run here, as the worker would).
3. ``elect_chair(page, site, meeting_id)``: the notice is published; the clock after the
   meeting started. Registers the absence of the council's chair and deputy chair, records
   attendance, sees «Record as held» refused, elects a chair among those attending, and
   records the meeting as held with the elected chair.
4. ``minutes_read_corrected_approved(page, site, meeting_id)``: the meeting is held; the clock
   after it. Records the items' outcomes, generates the draft minutes, reads them (page and
   PDF), corrects an outcome, generates the draft again, approves it; then corrects the
   approved minutes with a reason and approves version 2. The minutes name the elected chair.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from playwright.sync_api import Page, expect

from partnerskap.core.worker import run_pending
from partnerskap.meetings import tasks as meeting_tasks
from partnerskap.meetings.models import Meeting, Minutes
from partnerskap.meetings.services.chair import council_of
from partnerskap.people.models import Membership, Person, Role
from tests.browser.conftest import open_details_of, plan_meeting, post_step

ADDITEM = "form[action$='/add_item/']"


def _meeting_page(page: Page, site: str, meeting_id: int) -> None:
    page.goto(f"{site}/sekretariat/moter/{meeting_id}/")


def open_step(page: Page, slug: str) -> None:
    """Unfold a step of the meeting page (``prepare``, ``notice``, …) unless it is open."""
    step = page.locator(f"#step-{slug}")
    if step.get_attribute("open") is None:
        step.locator("xpath=./summary").click()


def plan_with_notice(page: Page, site: str, title: str, starts_at: str, ends_at: str) -> int:
    plan_meeting(page, site, title, starts_at, ends_at)
    meeting = Meeting.objects.get(title=title)
    expect(page.locator("#step-prepare")).to_have_attribute("open", "")
    open_details_of(page, f"{ADDITEM} #id_title")
    page.locator("#id_kind").select_option("discussion")
    page.locator(f"{ADDITEM} #id_title").fill("Regional transportplan")
    page.locator(f"{ADDITEM} input[name=areas]").first.check()
    page.locator(f"{ADDITEM} button").click()
    expect(page.locator("#agenda")).to_contain_text("Regional transportplan")
    open_step(page, "notice")
    post_step(page, "publish_notice")
    expect(page.locator("[role=status]")).to_contain_text("nnkalling")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_PUBLISHED
    return meeting.pk


def edit_after_notice(page: Page, site: str, meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("notice").get(pk=meeting_id)
    start = meeting.starts_at + dt.timedelta(days=1)
    _meeting_page(page, site, meeting_id)
    open_step(page, "notice")
    open_details_of(page, "#id_edit-starts_at")
    local = start.astimezone(dt.timezone(dt.timedelta(hours=1)))  # Oslo in winter
    page.locator("#id_edit-starts_at").fill(local.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_edit-ends_at").fill(
        (local + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("#id_edit-reason").fill("Flyttet en dag: salen er opptatt")
    sent_before = len(mail.outbox)
    page.locator("form[action$='/edit/'] button").click()
    expect(page.locator("[role=status]")).to_contain_text("endret")
    meeting.refresh_from_db()
    meeting.notice.refresh_from_db()
    assert meeting.starts_at == start
    assert meeting.notice.version == 2
    # The public page shows the current notice and why it changed.
    page.goto(f"{site}/{meeting.partnership.slug}/moter/{meeting_id}/")
    expect(page.locator("main")).to_contain_text("Flyttet en dag: salen er opptatt")
    # The worker's run: the changed notice goes to those who got the first one.
    run_pending(task_paths={meeting_tasks.mail_notice.module_path}, in_process=True)
    changed = [m for m in mail.outbox[sent_before:] if m.subject.startswith("Endret innkalling")]
    assert changed, "the changed notice is mailed"
    assert all("Flyttet en dag: salen er opptatt" in m.body for m in changed)
    _meeting_page(page, site, meeting_id)


def _leaders(meeting: Meeting) -> list[Person]:
    council = council_of(meeting)
    day = meeting.date
    return [
        Membership.objects.filter(party=council, role=role, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .get()
        .person
        for role in (Role.CHAIR, Role.DEPUTY_CHAIR)
    ]


def elect_chair(page: Page, site: str, meeting_id: int) -> None:
    meeting = Meeting.objects.get(pk=meeting_id)
    _meeting_page(page, site, meeting_id)
    expect(page.locator("#step-meeting")).to_have_attribute("open", "")
    for person in _leaders(meeting):
        open_details_of(page, "form[action$='/absence/']")
        page.locator("#id_person").select_option(str(person.pk))
        page.locator("form[action$='/absence/'] #id_reason").fill("Reise")
        page.locator("form[action$='/absence/'] button").click()
        expect(page.locator("[role=status]")).to_contain_text("orfall")
    open_details_of(page, "form[action$='/attendance/']")
    boxes = page.locator("form[action$='/attendance/'] input[name=present]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.locator("form[action$='/attendance/'] button").click()
    post_step(page, "record_held")  # refused: chair and deputy are absent
    expect(page.locator("[role=status]")).to_contain_text("velge")
    elected = page.locator("#id_chair-person option").first.text_content()
    page.locator("form[action$='/elect_chair/'] button").click()
    expect(page.locator("[role=status]")).to_contain_text("valgt")
    post_step(page, "record_held")
    expect(page.locator(".facts")).to_contain_text(elected or "")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.chair_reason == Meeting.ChairReason.ELECTED


def minutes_read_corrected_approved(page: Page, site: str, meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("chaired_by").get(pk=meeting_id)
    _meeting_page(page, site, meeting_id)
    for item in meeting.items.filter(withdrawn=False):
        open_details_of(page, f"#oc{item.pk}")
        page.locator(f"#oc{item.pk}").select_option("noted")
        page.locator(f"#ot{item.pk}").fill("Tatt til orientering med en skrivefeil")
        page.locator(f"#oc{item.pk}").locator("xpath=ancestor::form").locator("button").click()
        expect(page.locator("#agenda")).to_contain_text("orientering")
    open_step(page, "minutes")
    post_step(page, "draft_minutes")
    expect(page).to_have_url(re.compile(rf"/moter/{meeting_id}/motebok/$"))
    main = page.locator("main")
    expect(main).to_contain_text("ikke godkjent")
    expect(main).to_contain_text("skrivefeil")
    expect(main).to_contain_text(str(meeting.chaired_by))
    expect(main).to_contain_text("leder og nestleder hadde forfall")
    pdf = page.request.get(f"{site}/sekretariat/moter/{meeting_id}/motebok.pdf", timeout=90_000)
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")
    # Correct the record and generate the draft again; approve it.
    _meeting_page(page, site, meeting_id)
    item = meeting.items.filter(withdrawn=False).first()
    assert item is not None
    open_details_of(page, f"#oc{item.pk}")
    page.locator(f"#oc{item.pk}").select_option("noted")
    page.locator(f"#ot{item.pk}").fill("Tatt til orientering")
    page.locator(f"#oc{item.pk}").locator("xpath=ancestor::form").locator("button").click()
    open_step(page, "minutes")
    post_step(page, "draft_minutes")
    expect(main).not_to_contain_text("skrivefeil")
    post_step(page, "approve_minutes")
    expect(page.locator("[role=status]")).to_contain_text("godkjent")
    # After approval a correction is a new version with its reason.
    open_details_of(page, "#id_correct-reason")
    page.locator("#id_correct-reason").fill("Feil i oppmøtelisten")
    page.locator("form[action$='/correct_minutes/'] button").click()
    expect(main).to_contain_text("Feil i oppmøtelisten")
    post_step(page, "approve_minutes")
    expect(page.locator("[role=status]")).to_contain_text("godkjent")
    versions = list(
        Minutes.objects.filter(meeting=meeting).values_list("version", "status").order_by("version")
    )
    assert versions == [(1, "approved"), (2, "approved")]

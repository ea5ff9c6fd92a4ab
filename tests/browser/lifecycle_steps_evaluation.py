"""Browser steps of the «evaluation» slice of the agreement lifecycle (issue 17), each a
function that starts from a page signed in as the persona it names (``sign_in(page, site,
…)``) on the demo data and asserts its outcome, so they chain with the other lifecycle steps
(succession, renewal).

Order and preconditions:

0. ``demo_without_evaluation``: the demo as it was before its evaluation was published
   (14.6.2024): a test setup, not a user's step (a published evaluation is final).
1. ``start_and_write_assessment``: a secretariat (``sekretariat-radet``) starts the evaluation
   of the demo partnership and saves ``ASSESSMENT``. Leaves a draft without approvals.
2. ``approve_for_own_party``: after 1, as each party's secretariat in turn (the council's,
   then the county's: at a time when that person acts for the county). The first approval
   freezes the figures; after the last one the evaluation is approved.
3. ``publish``: after 2, as either secretariat. Leaves the evaluation published.
4. ``portal_shows_evaluation``: after 3, anyone (signed in or not): the partnership page links
   the evaluation; its page shows the assessment, the charts with their tables and a PDF/A.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from partnerskap.demo.loader import PARTNERSHIP_SLUG
from partnerskap.reports.models import Evaluation

ASSESSMENT = (
    "Partnerskapet har gitt partene en fast arena for dialog om areal og transport.\n\n"
    "Sekretariatene anbefaler en ny avtale med færre og mer konkrete samarbeidsområder."
)
PAGE = f"/sekretariat/evaluering/{PARTNERSHIP_SLUG}/"


def demo_without_evaluation() -> None:
    """TEST SETUP: remove the demo's published evaluation, as before 14.6.2024."""
    Evaluation.objects.filter(partnership__slug=PARTNERSHIP_SLUG).delete()


def start_and_write_assessment(page: Page, site: str, assessment: str = ASSESSMENT) -> None:
    """From the back office's menu: open the partnership's evaluation, start it, write and save
    the assessment."""
    page.goto(f"{site}/sekretariat/")
    page.get_by_role("link", name="Evaluering", exact=True).click()
    page.locator(f"a[href='{PAGE}']").click()
    expect(page.locator("main")).to_contain_text("Evalueringen er ikke startet.")
    page.get_by_role("button", name="Start evalueringen").click()
    expect(page.locator("#evaluation-status")).to_have_text("Utkast")
    page.locator("#id_assessment").fill(assessment)
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.locator("main")).to_contain_text("Vurderingen er lagret.")
    expect(page.locator("#id_assessment")).to_have_value(assessment)


def approve_for_own_party(page: Page, site: str, party: str, *, last: bool = False) -> None:
    """Approve the evaluation for ``party`` (its name), the only party this secretariat may
    approve for; ``last``: every party has approved after this one."""
    page.goto(site + PAGE)
    form = page.locator("form[action$='/godkjenn/']")
    form.locator("select").select_option(label=party)
    form.get_by_role("button", name="Godkjenn for denne parten").click()
    expect(page.locator("main")).to_contain_text(f"Evalueringen er godkjent for {party}.")
    expect(page.locator("main")).to_contain_text("Slik de ble låst ved første godkjenning")
    status = "Godkjent av alle parter" if last else "Utkast"
    expect(page.locator("#evaluation-status")).to_have_text(status)
    expect(page.locator("#id_assessment")).to_have_count(0)  # the approved text is fixed


def publish(page: Page, site: str) -> None:
    """Publish the evaluation every party has approved."""
    page.goto(site + PAGE)
    page.get_by_role("button", name="Publiser evalueringen").click()
    expect(page.locator("main")).to_contain_text("Evalueringen er publisert på portalen.")
    expect(page.locator("#evaluation-status")).to_have_text("Publisert")
    expect(page.get_by_role("button", name="Godkjenn for denne parten")).to_have_count(0)


def portal_shows_evaluation(page: Page, site: str, assessment: str = ASSESSMENT) -> None:
    """The portal's partnership page links the evaluation; its page shows the assessment, two
    charts with a title and a table each, and the PDF/A."""
    page.goto(f"{site}/{PARTNERSHIP_SLUG}/")
    page.get_by_role("link", name="Evaluering av avtaleperioden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluering av avtaleperioden")
    for paragraph in assessment.split("\n\n"):
        expect(page.locator("main")).to_contain_text(paragraph)
    expect(page.locator("svg[role='img']")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Rådsmøtet for Asker og Bærum")
    pdf = page.request.get(f"{site}/{PARTNERSHIP_SLUG}/evaluering.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

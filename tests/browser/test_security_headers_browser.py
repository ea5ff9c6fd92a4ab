"""Issue 13, F5, in a real browser: the strict Content-Security-Policy breaks nothing. The
``page`` fixture fails a test on any violation the browser reports, so every browser test runs
with the policy on; these visit what the others do not: the admin as an operator (its own
scripts and widgets), the API's documentation page, the portal's charts and error pages, and
the language switch. And the net itself is tested: a page with inline code is caught."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerskap.meetings.models import Meeting
from tests.browser.conftest import collect_axe_problems, sign_in, watch_policy_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "asker-baerum-viken-2020-2024"


def test_the_browser_tests_catch_a_policy_violation(browser: Browser):
    context = browser.new_context()
    violations = watch_policy_violations(context)
    page = context.new_page()
    page.route(
        "http://policy.test/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'"},
            body='<!DOCTYPE html><p style="color:red">x</p><script>document.title="ran"</script>',
        ),
    )
    page.goto("http://policy.test/")
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    context.close()
    assert any("inline script" in v or "script-src" in v for v in violations), violations
    assert any("inline style" in v or "style-src" in v for v in violations), violations


def test_f5_public_pages_api_docs_and_errors_work_under_the_policy(site: str, page: Page):
    problems: dict[str, list[str]] = {}
    year = Meeting.objects.order_by("-starts_at").first().starts_at.year
    for path in (
        f"/{SLUG}/ar/{year}/",
        f"/{SLUG}/arshjul/{year}/",
        "/api/v1/docs/",
        "/finnes-ikke/",
    ):
        response = page.goto(site + path)
        assert response is not None
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
        collect_axe_problems(page, problems)
    assert problems == {}


def test_f8_the_language_switch_keeps_the_reader_on_the_same_page(site: str, page: Page):
    page.goto(f"{site}/sok/?q=m%C3%B8te")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/en/sok/?q=m%C3%B8te")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Norsk bokmål").click()
    expect(page).to_have_url(f"{site}/sok/?q=m%C3%B8te")
    assert not [c for c in page.context.cookies() if c["name"] == "csrftoken"]


def test_f5_the_admin_works_under_the_policy(site: str, page: Page):
    sign_in(page, site, "admin")
    page.goto(f"{site}/admin/")
    expect(page.locator("#content")).to_be_visible()
    # A change list with its filters and actions, a change form with date widgets and
    # related-object links.
    page.goto(f"{site}/admin/meetings/meeting/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#content form")).to_be_visible()
    page.goto(f"{site}/admin/meetings/meeting/add/")
    expect(page.locator("#content form")).to_be_visible()
    # Select2 (autocomplete) and the two-box selector (filter_horizontal).
    for changelist in ("/admin/agreements/party/", "/admin/meetings/agendaitem/"):
        page.goto(site + changelist)
        page.locator("#result_list tbody a").first.click()
        expect(page.locator("#content form")).to_be_visible()
    page.goto(f"{site}/admin/core/auditentry/")
    expect(page.locator("#content")).to_be_visible()

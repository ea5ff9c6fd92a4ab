"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against
Django's live server. In CI a missing browser is a failure, not a skip.

The fixtures give a browser page and the demo site; the helpers below are the steps the tests
share (signing in, planning a meeting, opening a folded form, collecting axe's findings)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect, sync_playwright

from partnerskap.demo.loader import DEMO_PASSWORD
from tests.snapshot import as_migrated, demo_loaded

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: The demo partnership's name, as the back office's choosers show it.
DEMO_PARTNERSHIP_NAME = "Asker og Bærum – Viken 2020–2024"

CHROMIUM = next(
    (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(15_000)
    violations = watch_policy_violations(context)
    yield context.new_page()
    context.close()
    assert violations == [], "the Content-Security-Policy refused something on a page"


# The browser reports what the Content-Security-Policy refuses on the console («Refused to
# execute inline script …», «Refused to apply inline style …») and as a
# `securitypolicyviolation` event; a Permissions-Policy it cannot parse is a console error too.
POLICY_MESSAGE = re.compile(
    r"Refused to |Content Security Policy|securitypolicyviolation|Permissions-Policy",
    re.IGNORECASE,
)
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.violatedDirective} refused ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch_policy_violations(context: Any) -> list[str]:
    """Collect, for every page of the browser context, each CSP violation (console message or
    ``securitypolicyviolation`` event) as «page URL: message»; the ``page`` fixture fails the
    test when the list is not empty."""
    found: list[str] = []
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message: Any) -> None:
        if POLICY_MESSAGE.search(message.text):
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return found


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server with the demo partnership, as a new user gets it from `make run`.
    Transactional tests flush the database after themselves, so it is first put back as
    migrated, then the demo is copied in (tests/snapshot.py: a fraction of a second instead
    of a real load's seconds)."""
    as_migrated()
    demo_loaded()
    return str(live_server.url)


@pytest.fixture
def site_before_renewal(live_server, transactional_db) -> str:
    """The live server with the demo before its renewal (``load_demo(renewal=False)``): the
    2020–2024 partnership with its history, not yet renewed, for tests that renew it (A18)."""
    as_migrated()
    demo_loaded(renewal=False)
    return str(live_server.url)


_AXE = Axe()


def axe_problems(page: Any, *, every_impact: bool = False) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page (with ``every_impact``, the
    minor and moderate ones too), readable in an assertion."""
    results = _AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if every_impact or v["impact"] in ("serious", "critical")
    ]


def collect_axe_problems(page: Page, problems: dict[str, list[str]], name: str = "") -> None:
    """Add the page's serious WCAG violations to ``problems`` under ``name`` (by default the
    page's URL), so a test checks many pages and asserts ``problems == {}`` once at the end."""
    found = axe_problems(page)
    if found:
        problems[name or page.url] = found


def current_code(username: str) -> str:
    """The code the user's authenticator app shows now. The device's memory of the last code
    used is cleared first, so a test may sign the same persona in twice within 30 seconds."""
    TOTPDevice.objects.filter(user__username=username).update(last_t=-1, throttling_failure_count=0)
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(page: Page, site: str, username: str) -> None:
    """Sign in to the back office as one of the demo's personas, with the password and, when
    the persona has an authenticator (the demo's published secret), its current code; lands
    on the dashboard."""
    page.goto(f"{site}/sekretariat/logg-inn/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(re.escape(f"{site}/sekretariat/") + r"(logg-inn/kode/.*)?$"))
    if "/logg-inn/kode/" in page.url:  # (not when this persona is signed in already)
        page.locator("#id_code").fill(current_code(username))
        page.locator("#id_code").press("Enter")
    expect(page).to_have_url(f"{site}/sekretariat/")


def plan_meeting(page: Page, site: str, title: str, starts_at: str, ends_at: str) -> None:
    """Plan a meeting in the demo's 2020–2024 partnership (or, without it, the first one
    offered) and the first location, with the keyboard's Enter; lands on the new meeting's
    page. Times as the form takes them: 2024-10-14T10:00. (The demo's renewal, 2025–2028, is
    offered too: first, as the newest.)"""
    page.goto(f"{site}/sekretariat/moter/ny/")
    choice = page.locator("#id_partnership")
    demo = choice.locator("option", has_text=DEMO_PARTNERSHIP_NAME)
    if demo.count():
        choice.select_option(label=demo.first.inner_text().strip())
    else:
        choice.select_option(index=1)
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_at").fill(starts_at)
    page.locator("#id_ends_at").fill(ends_at)
    page.locator("#id_location").select_option(index=1)
    page.locator("#id_title").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def open_details_of(page: Page, selector: str) -> None:
    """Unfold every closed ``<details>`` that holds the element, outermost first (the meeting
    page folds its steps, and forms inside them), and wait until the element shows:
    Designsystemet unfolds ``ds-details`` over 0.4 s (a transition of its content's
    ``content-visibility``), and until then the content is not rendered (its text reads as
    empty)."""
    target = page.locator(selector).first
    folds = target.locator("xpath=ancestor::details")
    for i in range(folds.count()):
        fold = folds.nth(i)
        if fold.get_attribute("open") is None:
            fold.locator("xpath=./summary").click()
    expect(target).to_be_visible()


def post_step(page: Page, action: str) -> None:
    """Press the button of the meeting page's form for one action (``publish_notice``, …)."""
    page.locator(f"form[action$='/{action}/'] button").click()


def csrf_token(page: Page) -> str:
    """The signed-in page's CSRF token, for posting directly with ``page.request``."""
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")

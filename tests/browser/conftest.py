"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against
Django's live server. In CI a missing browser is a failure, not a skip."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from playwright.sync_api import Browser, Page, sync_playwright

from partnerskap.demo.loader import load_demo

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
    yield context.new_page()
    context.close()


REFERENCE_DATA = (
    "partnerskap.agreements.migrations.0002_sustainable_development_goals",
    "partnerskap.core.migrations.0003_legal_bases",
)


@pytest.fixture
def site(live_server, transactional_db) -> Iterator[str]:
    """The live server with the demo partnership, as a new user gets it from `make run`.
    Transactional tests flush the database, so the data migrations' reference data is
    loaded again first."""
    for module in REFERENCE_DATA:
        importlib.import_module(module).load(apps, None)
    load_demo()
    return live_server.url


_AXE = Axe()


def axe_problems(page: Any) -> list[str]:
    """Serious and critical WCAG violations on the page, readable in an assertion."""
    results = _AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

from partnerskap.demo.loader import SEED_FILE, load_demo

SEED_BYTES = SEED_FILE.read_bytes()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None]:
    """In CI nothing may be skipped: a missing browser or database is a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which is not allowed: {report.longrepr}"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_BYTES


@pytest.fixture
def demo(db):
    """The demo partnership, loaded as `make run` loads it."""
    return load_demo()

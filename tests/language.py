"""Every test starts in bokmål, the default language (a plugin of tests/conftest.py).

Django's ``LocaleMiddleware`` activates the language of each request in the thread that serves
it and leaves it active afterwards. In production the next request activates its own, but in the
test process a test that opened a page under ``/en/`` left English active for whatever test ran
next on that worker: its ``reverse()`` gave ``/en/`` addresses and its services' errors came out
in English. Which test ran next depended on how pytest-xdist shared out the suite."""

from __future__ import annotations

from collections.abc import Generator

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Generator[None]:
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)

"""Settings for the test suite: the base settings with test-only speed-ups.

Only what makes tests fast and hermetic differs from production; the database still comes
from DATABASE_URL so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key-0123456789-abcdefghijklmnop")

from partnerskap.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
# One cache per test process, emptied before each test (tests/conftest.py). The page cache is
# off unless a test asks for it (the ``page_cache`` fixture): factories write without an audit
# entry, so a page fetched twice around one would not change.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PARTNERSKAP_PAGE_CACHE_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns on a missing root
# Tests use the real queue (the database backend, as in production): a job runs when the test
# runs the worker (`run_jobs` in tests/conftest.py), so PDFs render only when a test asks.
# SQLite's test database is in memory, one per test process. Said outright, because
# pytest-django recognises the in-memory default only under Django's own engine name (ours is
# django-prometheus's wrapper) and would otherwise give each xdist worker a file name of its own
# made from the main database's path.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405

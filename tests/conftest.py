from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Generator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from partnerskap.agreements.models import Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.demo.loader import SEED_FILE, DemoSummary
from partnerskap.meetings.models import Location, Meeting
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.people.models import Person
from tests.snapshot import demo_loaded, remember_pristine
from tests.world import World

pytest_plugins = [
    "pytester",
    "tests.canary",
    "tests.language",
    "tests.ordering",
    "tests.smtp",
]  # pytester; the leak tests' canary dataset; bokmål first; run order; the SMTP server
SEED_BYTES = SEED_FILE.read_bytes()

# Property tests check behaviour, not speed: on a shared two-core CI machine Hypothesis's timing
# checks (deadline, «too slow» data generation) fail at random. Speed lives in bench/.
hypothesis_settings.register_profile(
    "partnerskap", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("partnerskap")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None]:
    """In CI nothing may be skipped: a missing browser or database is a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which is not allowed: {report.longrepr}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that starts Chromium (the ``browser`` fixture of tests/browser/) is a browser
    test wherever it lives, so ``-m "not browser"`` (`make test-fast`) never waits for one."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line on how the demo reached the tests of this process (tests/snapshot.py)."""
    from tests.snapshot import STATS

    if STATS.copied or STATS.loaded:
        terminalreporter.write_line(
            f"demo: copied into {STATS.copied} tests, loaded for real in {STATS.loaded}"
            f" (the copies took {STATS.capture_seconds:.1f} s to make)"
            + "".join(f"; {reason}" for reason in STATS.reasons)
        )


#: Django's own ``Client.force_login``: a session with the password step only.
PASSWORD_ONLY_LOGIN = Client.force_login


def complete_second_factor(client: Client, user: AbstractBaseUser) -> None:
    """Mark the client's session as past the second factor with the user's authenticator
    (made, confirmed, when the user has none), as ``django_otp.login`` does after a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_completes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(user)`` (hundreds of tests, and every ``Client()``) signs in with
    both factors, so tests of what a role may do see the back office as that role does after
    a full sign-in. Enforcement is tested on password-only sessions
    (``PASSWORD_ONLY_LOGIN``, or the sign-in form) in tests/accounts/."""

    def force_login(self: Client, user: AbstractBaseUser, backend: str | None = None) -> None:
        PASSWORD_ONLY_LOGIN(self, user, backend)
        complete_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: rolled-back tests reuse audit ids, so two tests
    could otherwise meet under one data version with different data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def page_cache(settings: Any) -> None:
    """The shared page cache on (core/page_cache.py), as in production; off in other tests."""
    settings.PARTNERSKAP_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_BYTES


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, and a note of what it holds when freshly migrated (the
    demo fixtures copy the demo only onto that state: tests/snapshot.py)."""
    with django_db_blocker.unblock():
        remember_pristine()


@pytest.fixture(scope="session", autouse=True)
def _files_of_this_process(tmp_path_factory: pytest.TempPathFactory) -> Generator[None]:
    """Stored blobs go to a directory of this test process (each xdist worker has its own),
    not to var/files: a test whose failed upload removes the blob it created must not remove
    one another process has just stored too. (tests/documents/ gives each test its own.)"""
    from django.conf import settings

    before = settings.PARTNERSKAP_FILES_DIR
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path_factory.mktemp("files"))
    yield
    settings.PARTNERSKAP_FILES_DIR = before


@pytest.fixture
def demo(db):
    """The demo partnership with its 2020–2024 history, as `make run` loads it (copied from
    the process's one real load: tests/snapshot.py)."""
    return demo_loaded()


@pytest.fixture
def demo_before_renewal(db):
    """The demo before its renewal (``load_demo(renewal=False)``): the 2020–2024 partnership
    and its history only, for tests about the graph of one partnership or that renew it."""
    return demo_loaded(renewal=False)


@pytest.fixture
def bare_demo(request: pytest.FixtureRequest, db: None) -> DemoSummary:
    """The demo partnership, its parties, people and agreement, without meetings. In a test
    that asks for ``demo`` too (often through ``world``), the demo comes first, copied, and
    this second load adds nothing, as ``load_demo(history=False)`` after ``load_demo()`` does."""
    if "demo" in request.fixturenames:
        request.getfixturevalue("demo")
    return demo_loaded(history=False)


@pytest.fixture
def world(bare_demo) -> World:
    partnership = bare_demo.partnership
    people = {p.family_name: p for p in Person.objects.all()}
    return World(
        partnership=partnership,
        council=Party.objects.get(slug="asker-og-baerum-rad"),
        county=Party.objects.get(slug="viken-fylkeskommune"),
        areas=list(areas_current(partnership=partnership)),
        location=Location.objects.create(name="Asker rådhus", room="Formannskapssalen"),
        people=people,
    )


# ---------------------------------------------------------------------------- personas
# Clients signed in (both factors) as the demo's logins: ``def test_x(as_secretariat):
# as_secretariat.get(…)``. On the demo with its history, or on the bare demo when the test
# works there (it, or a fixture such as ``world``, asks for ``bare_demo``). Each is a client of
# its own, so a test may hold several at once.


def _on_the_demo(request: pytest.FixtureRequest) -> None:
    names = request.fixturenames
    bare = "bare_demo" in names and "demo" not in names
    request.getfixturevalue("bare_demo" if bare else "demo")


def _signed_in_as(request: pytest.FixtureRequest, username: str) -> Client:
    _on_the_demo(request)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def as_secretariat(request: pytest.FixtureRequest) -> Client:
    """The council's secretariat (sekretariat-radet): the whole back office of the partnership."""
    return _signed_in_as(request, "sekretariat-radet")


@pytest.fixture
def as_county_secretariat(request: pytest.FixtureRequest) -> Client:
    """Viken's secretariat (sekretariat-viken), whose membership ended with Viken (2023)."""
    return _signed_in_as(request, "sekretariat-viken")


@pytest.fixture
def as_chair(request: pytest.FixtureRequest) -> Client:
    """The council's chair (leder)."""
    return _signed_in_as(request, "leder")


@pytest.fixture
def as_member(request: pytest.FixtureRequest) -> Client:
    """A member of the council (medlem)."""
    return _signed_in_as(request, "medlem")


@pytest.fixture
def as_case_officer(request: pytest.FixtureRequest) -> Client:
    """Bærum's case officer (saksbehandler-baerum): answers for Bærum's bodies only."""
    return _signed_in_as(request, "saksbehandler-baerum")


@pytest.fixture
def as_operator(request: pytest.FixtureRequest) -> Client:
    """The demo's operator (admin): the Django admin and the whole back office."""
    return _signed_in_as(request, "admin")


@pytest.fixture
def as_public(request: pytest.FixtureRequest) -> Client:
    """Nobody signed in, on the demo: what the public gets."""
    _on_the_demo(request)
    return Client()


@pytest.fixture
def published(world) -> Callable[..., Meeting]:
    """A meeting with one item, its notice published."""

    def make(starts_at: dt.datetime | None = None, **kwargs) -> Meeting:
        meeting = world.meeting(starts_at, **kwargs)
        world.item(meeting)
        meeting_publish_notice(meeting=meeting, actor=None)
        return meeting

    return make


@pytest.fixture
def run_jobs(db) -> Callable[..., int]:
    """Run the queued jobs that are ready, as ``partnerskap worker --batch`` would, in the
    test's transaction; returns how many ran. Jobs are rows of the real queue (the database
    backend, as in production). ``run_jobs(search.tasks.index_meeting)`` runs only those; without
    arguments every job runs except the PDF renderers (a second each), which run only when a
    test names them or passes ``pdfs=True``."""
    from partnerskap.core import jobs
    from partnerskap.core.worker import run_pending

    def run(*only: Any, pdfs: bool = False) -> int:
        if only:
            paths = {job.module_path for job in only}
        else:
            paths = {p for p in jobs.registered() if pdfs or ".render_" not in p}
        return run_pending(task_paths=paths, in_process=True)

    return run


@pytest.fixture
def jobs_after(run_jobs) -> Callable[..., Any]:
    """``with jobs_after(): <a service call>`` runs the jobs it queued when the block ends
    (``jobs_after(some.tasks.job)`` only those)."""
    from contextlib import contextmanager

    @contextmanager
    def after(*only: Any, pdfs: bool = False) -> Generator[None]:
        yield
        run_jobs(*only, pdfs=pdfs)

    return after

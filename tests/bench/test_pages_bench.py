"""bench/pages_bench.py times the back office as a user past the second factor: the
administrator and the secretariats must use two, and a session that has only the password is
sent to the enrolment or the code step, so the figures would have been a redirect's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD_ONLY_LOGIN
from tests.factories import UserFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import pages_bench  # a script beside bench/measure.py, which it imports as such

pytestmark = pytest.mark.django_db


def test_the_back_office_is_timed_past_the_second_factor(monkeypatch):
    # Client.force_login as the bench calls it, not the tests' own that adds the second factor.
    monkeypatch.setattr(Client, "force_login", PASSWORD_ONLY_LOGIN)
    admin = UserFactory(is_staff=True, is_superuser=True)
    url = reverse("backoffice:dashboard")
    password_only = Client()
    password_only.force_login(admin)
    assert password_only.get(url).status_code == 302  # what the bench measured before
    response = pages_bench.signed_in(admin).get(url)
    assert response.status_code == 200
    assert pages_bench.signed_in(admin).get(url).status_code == 200  # the authenticator reused


def _run(verdict: str) -> pages_bench.Result:
    return pages_bench.Result(
        group="portal",
        name="home",
        url="/",
        status=200,
        queries=5,
        sql_ms=1.0,
        kb=10.0,
        p50=10.0,
        p95=12.0,
        max=20.0,
        cpu_p50=8.0,
        cpu_p95=9.0,
        n=200,
        target=30.0,
        verdict=verdict,
    )


@pytest.mark.parametrize(
    ("verdicts", "runs", "reported"),
    [
        (["met"], 1, "met"),
        (["NOT met"], 1, "NOT met"),  # a miss is never measured again
        (["not judged: slow", "NOT met"], 2, "NOT met"),
        (["not judged: slow"] * 5, 3, "not judged: slow"),  # at most JUDGE_ATTEMPTS runs
    ],
)
def test_a_page_is_measured_again_only_while_the_machine_left_it_unjudged(
    monkeypatch, verdicts, runs, reported
):
    given = iter(verdicts)
    calls = []

    def once(*args, **kwargs):
        calls.append(args)
        return _run(next(given))

    monkeypatch.setattr(pages_bench, "measure_once", once)
    result = pages_bench.measure("client", "portal", "home", "/")
    assert len(calls) == runs
    assert result.attempts == runs
    assert result.verdict == reported

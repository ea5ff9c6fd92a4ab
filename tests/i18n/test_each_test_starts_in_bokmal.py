"""A test that leaves another language active does not change the language of the next one
(tests/language.py). Run as an inner pytest session, since the leak is between two tests."""

from __future__ import annotations

import pytest

INNER_TESTS = """
from django.utils import translation


def test_one_leaves_english_active():
    translation.activate("en")


def test_the_next_starts_in_bokmal():
    assert translation.get_language() == "nb"
"""


@pytest.mark.parametrize(("plugin", "passed", "failed"), [("tests.language", 2, 0), (None, 1, 1)])
def test_a_leaked_language_is_reset_before_the_next_test(
    pytester: pytest.Pytester, plugin: str | None, passed: int, failed: int
) -> None:
    pytester.makepyfile(test_inner=INNER_TESTS)
    options = ["-p", "no:django", "-p", "no:xdist", "-p", "no:cacheprovider"]
    result = pytester.runpytest_inprocess(*options, *(["-p", plugin] if plugin else []))
    result.assert_outcomes(passed=passed, failed=failed)

"""The order the suite runs in (a plugin of tests/conftest.py)."""

from __future__ import annotations

import pytest

_DB_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_reset_sequences"})
_TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server"})


def _run_order(item: pytest.Item) -> tuple[int, int]:
    """pytest-django's order (database tests, then transactional ones, then the rest), with the
    ``slow`` tests first in their group, and the slow tests that use no test database before
    everything. Under pytest-xdist a long test started last leaves the other worker idle while
    it runs; started first, it runs beside the rest. Only the database-free ones move across
    groups: a transactional test empties the database, so it stays after the others."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(names & _TRANSACTIONAL_FIXTURES) or bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )
    uses_db = transactional or marker is not None or bool(names & _DB_FIXTURES)
    slow = 0 if item.get_closest_marker("slow") else 1
    if not uses_db:
        return (0, 0) if slow == 0 else (3, 0)
    return (2, slow) if transactional else (1, 0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django has ordered the tests: the long ones first (``_run_order``)."""
    items.sort(key=_run_order)

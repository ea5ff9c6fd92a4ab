"""The run order (tests/ordering.py): pytest-django's groups kept, long tests first."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.ordering import _run_order


@dataclass
class Item:
    name: str
    fixturenames: tuple[str, ...] = ()
    markers: dict[str, pytest.Mark] = field(default_factory=dict)

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.markers.get(name)


SLOW = {"slow": pytest.mark.slow.mark}


def test_groups_stay_and_long_tests_go_first_in_theirs():
    items = [
        Item("plain"),
        Item("db", ("db",)),
        Item("live", ("live_server",)),
        Item("db-marker", markers={"django_db": pytest.mark.django_db.mark}),
        Item(
            "transaction-marker",
            markers={"django_db": pytest.mark.django_db(transaction=True).mark},
        ),
        Item("slow-live", ("live_server",), SLOW),
        Item("slow-db", ("db",), SLOW),
        Item("slow-plain", (), SLOW),
    ]
    ordered = [i.name for i in sorted(items, key=_run_order)]  # type: ignore[arg-type]
    assert ordered == [
        "slow-plain",  # no database: safe to start first, beside everything else
        "db",
        "db-marker",
        "slow-db",  # a database test stays among them (only the group matters)
        "slow-live",  # first of the transactional tests, which empty the database: still last
        "live",
        "transaction-marker",
        "plain",
    ]

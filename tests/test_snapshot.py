"""The demo fixtures' copy (tests/snapshot.py) gives a test what a real ``load_demo()`` gives."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from partnerskap.demo.loader import load_demo
from partnerskap.search.models import SearchEntry
from partnerskap.search.selectors import search
from tests import snapshot


def _counts() -> dict[str, int]:
    return {name: rows.total() for name, rows in snapshot._read(snapshot._schema()).items()}


def _in_savepoint(load: Any) -> tuple[Any, dict[str, int]]:
    with transaction.atomic():
        summary = load()
        counts = _counts()
        transaction.set_rollback(True)
    return summary, counts


@pytest.mark.parametrize("history", [True, False])
def test_the_copy_holds_what_a_real_load_writes(db, history: bool) -> None:
    copied_before = snapshot.STATS.copied
    copy, copied = _in_savepoint(lambda: snapshot.demo_loaded(history=history))
    assert snapshot.STATS.copied == copied_before + 1, "the copy was used, not a real load"
    real, loaded = _in_savepoint(lambda: load_demo(history=history))
    assert copied == loaded  # the same number of rows in every table, the search index's too
    assert (copy.partnership.slug, copy.logins, copy.created) == (
        real.partnership.slug,
        real.logins,
        real.created,
    )


def test_the_copy_is_searchable_and_new_rows_get_new_ids(db) -> None:
    """The full-text index came along (SQLite's FTS table is copied, PostgreSQL computes its
    column), and the sequences are past the copied rows."""
    snapshot.demo_loaded()
    entry = SearchEntry.objects.order_by("pk").first()
    assert entry is not None
    word = max(re.findall(r"\w+", entry.title), key=len)
    found = search(query=word, per_page=100).results
    assert (entry.kind, entry.object_id) in {(result.kind, result.object_id) for result in found}
    user = get_user_model().objects.create(username="ny-bruker")
    assert user.pk > max(get_user_model().objects.exclude(pk=user.pk).values_list("pk", flat=True))


def test_a_database_that_is_not_as_migrated_gets_a_real_load(db) -> None:
    get_user_model().objects.create(username="først")
    loaded_before = snapshot.STATS.loaded
    summary = snapshot.demo_loaded(history=False)
    assert snapshot.STATS.loaded == loaded_before + 1
    assert summary.partnership.parties.count() == 2
    assert get_user_model().objects.filter(username__in=["først", "sekretariat-radet"]).count() == 2

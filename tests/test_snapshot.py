"""The demo fixtures' copy (tests/snapshot.py) gives a test what a real ``load_demo()`` gives."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partnerskap.demo.loader import load_demo
from partnerskap.meetings.models import Meeting
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


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_is_put_back_as_migrated_and_gets_the_copy() -> None:
    """What a transactional test (the browser tests' ``site``) finds after another one: every
    table emptied, the content types and permissions written again with new ids. It is put
    back as migrated (the reference data, the first ids, the id counters) and the demo is
    copied onto it, searchable, with new rows past the copied ones."""
    get_user_model().objects.create(username="fra-en-annen-test")
    call_command("flush", interactive=False, verbosity=0)  # as pytest-django does after one
    assert snapshot._tables_changed(snapshot._schema(), snapshot._pristine)
    snapshot.as_migrated()
    assert snapshot._tables_changed(snapshot._schema(), snapshot._pristine) == []
    if connection.vendor == "sqlite":
        assert snapshot._sqlite_sequences() == snapshot._pristine_sequences
    meeting_type = ContentType.objects.get_for_model(Meeting)  # the cache holds no stale ids
    assert ContentType.objects.filter(pk=meeting_type.pk, model="meeting").exists()

    _, loaded = _in_savepoint(load_demo)  # what a real load writes here, rolled back
    assert snapshot._tables_changed(snapshot._schema(), snapshot._pristine) == []
    copied_before = snapshot.STATS.copied
    summary = snapshot.demo_loaded()
    assert snapshot.STATS.copied == copied_before + 1, "the copy was used, not a real load"
    assert summary.partnership.parties.count() == 2
    assert _counts() == loaded
    entry = SearchEntry.objects.order_by("pk").first()
    assert entry is not None
    word = max(re.findall(r"\w+", entry.title), key=len)
    found = search(query=word, per_page=100).results
    assert (entry.kind, entry.object_id) in {(result.kind, result.object_id) for result in found}
    user = get_user_model().objects.create(username="ny-bruker")
    assert user.pk > max(get_user_model().objects.exclude(pk=user.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_database_as_migrated_is_left_alone() -> None:
    """The first transactional test of a process finds the database as migrated (the others
    rolled back): nothing is deleted or written."""
    snapshot.as_migrated()  # (whatever an earlier test left)
    with CaptureQueriesContext(connection) as queries:
        snapshot.as_migrated()
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("DELETE", "INSERT"))
    ]
    assert writes == []

"""Two people save one agenda item at the same moment, in two real threads with their own
database connections (F7). Used in-process on PostgreSQL and, on a file SQLite database, from
a fresh process: ``python -m tests.edges.concurrent_saves`` (DATABASE_URL names the file)."""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection

#: How long the first save holds its transaction, so that the two overlap.
HOLD_SECONDS = 0.5
#: The caption of the «someone else saved first» panel (``_conflict.html``), in either language.
CONFLICT_PANEL = ("Hva som ble endret", "What changed")


def race(item_pk: int, users: tuple[str, str] = ("sekretariat-radet", "admin")) -> list[Any]:
    """Both users post an edit from lock version 0 at once; returns each one's (status,
    whether the page shows the conflict panel, the text it tried to save)."""
    from django.test import Client

    from partnerskap.meetings.models import AgendaItem
    from tests.conftest import complete_second_factor

    item = AgendaItem.objects.get(pk=item_pk)
    form = {
        "title": item.title,
        "areas": [a.pk for a in item.areas.all()],
        "recommendation": item.recommendation,
        "lock_version": "0",
    }
    clients = []
    for username in users:
        client = Client(raise_request_exception=False)
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        # Outside pytest's fixtures force_login is the password step only; both need the code.
        complete_second_factor(client, user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    results: list[Any] = [None] * len(clients)
    original = AgendaItem.full_clean

    def slow_full_clean(self: AgendaItem, *args: Any, **kwargs: Any) -> None:
        time.sleep(HOLD_SECONDS)  # inside the save's transaction, after its first read
        original(self, *args, **kwargs)

    def save(index: int) -> None:
        text = f"Tekst fra {users[index]}"
        try:
            barrier.wait()
            response = clients[index].post(
                f"/sekretariat/saker/{item_pk}/endre/", {**form, "case_presentation": text}
            )
            html = response.content.decode()
            assert "logg-inn" not in response.get("Location", ""), "sent to the sign-in steps"
            results[index] = (response.status_code, any(c in html for c in CONFLICT_PANEL), text)
        finally:
            connection.close()

    with mock.patch.object(AgendaItem, "full_clean", slow_full_clean):
        threads = [threading.Thread(target=save, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    return results


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from partnerskap.agreements.selectors import areas_current
    from partnerskap.demo.loader import load_demo
    from partnerskap.meetings.models import Location
    from partnerskap.meetings.services.agenda import agenda_item_add
    from partnerskap.meetings.services.lifecycle import meeting_create
    from tests.world import oslo

    setup_test_environment()
    call_command("migrate", verbosity=0)
    partnership = load_demo(history=False).partnership
    start = oslo(2024, 3, 12)
    meeting = meeting_create(
        partnership=partnership,
        title="Partnerskapsmøte",
        starts_at=start,
        ends_at=start.replace(hour=13),
        location=Location.objects.create(name="Asker rådhus"),
        form="in_person",
        actor=None,
    )
    item = agenda_item_add(
        meeting=meeting,
        kind="discussion",
        title="Innfartsparkering",
        areas=list(areas_current(partnership=partnership))[:1],
        actor=None,
    )
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    results = race(item.pk)
    item.refresh_from_db()
    sys.stdout.write(
        json.dumps({"journal": journal, "results": results, "saved": item.case_presentation}) + "\n"
    )


if __name__ == "__main__":
    main()

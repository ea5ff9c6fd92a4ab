from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from partnerskap.agreements.models import ElectedBody
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from partnerskap.search.backends import FTS
from partnerskap.search.indexer import index_meeting
from partnerskap.search.models import SearchEntry
from tests.world import World


@pytest.fixture
def bodies(world: World) -> dict[str, ElectedBody]:
    return {b.slug: b for b in ElectedBody.objects.all()}


@pytest.fixture
def public_meeting(world: World) -> Callable[..., Meeting]:
    """A meeting with the given items (title, body text[, keyword arguments]), its notice
    published and indexed."""

    def make(*items: tuple[str, str] | tuple[str, str, dict[str, object]], **kwargs) -> Meeting:
        meeting = world.meeting(kwargs.pop("starts_at", None))
        for title, text, *extra in items:
            world.item(meeting, title=title, case_presentation=text, **(extra[0] if extra else {}))
        meeting_publish_notice(meeting=meeting, actor=None)
        index_meeting(meeting.pk)
        return meeting

    return make


def close(item: AgendaItem, public_title: str = "Personalsak") -> None:
    agenda_item_close(
        item=item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title=public_title,
        actor=None,
    )


def index_text() -> str:
    """Every piece of text the index holds, in the entries and in the full-text data of the
    database at hand (PostgreSQL's tsvector, SQLite's FTS5 rows), lower-cased."""
    parts = [f"{e.title}\n{e.body}\n{e.url}" for e in SearchEntry.objects.all()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT document::text FROM search_searchentry")
        else:
            cursor.execute(f"SELECT title, body FROM {FTS}")
        parts += [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    return "\n".join(parts).lower()

"""What one search entry should hold (``Doc``), and the helpers every builder uses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partnerskap.meetings.models import AgendaItem
from partnerskap.search.models import SearchEntry
from partnerskap.search.text import clean

Kind = SearchEntry.Kind
#: Kinds reindexed with their meeting.
OWN_KINDS = (Kind.ITEM, Kind.PROPOSAL, Kind.MINUTES, Kind.DOCUMENT)
#: Extracted text beyond this is not indexed (PostgreSQL's tsvector holds at most 1 MB).
MAX_DOCUMENT_TEXT = 200_000


@dataclass(frozen=True)
class Doc:
    """What one entry should hold."""

    kind: str
    object_id: int
    partnership_id: int
    meeting_id: int | None
    date: dt.date
    title: str
    body: str
    url: str
    areas: frozenset[int] = frozenset()
    parties: frozenset[int] = frozenset()

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.object_id)

    @property
    def year(self) -> int:
        return self.date.year


def portal_url(name: str, slug: str, pk: int, fragment: str = "") -> str:
    """The portal path in the default language (no /en/ prefix); results localise it."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"portal:{name}", kwargs={"partnership": slug, "pk": pk}) + fragment


def text_of(*parts: object) -> str:
    return clean("\n\n".join(str(p).strip() for p in parts if p and str(p).strip()))


def item_areas(item_ids: Sequence[int]) -> dict[int, set[int]]:
    """Areas of open public items (ids only; the relation is public for an open item)."""
    through = AgendaItem.areas.through
    areas: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(agendaitem_id__in=item_ids).values_list(
        "agendaitem_id", "cooperationarea_id"
    )
    for item_id, area_id in rows:
        areas[item_id].add(area_id)
    return areas

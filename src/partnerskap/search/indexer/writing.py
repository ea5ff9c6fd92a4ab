"""Writing the entries: compare what is stored with what should be, and write only the
difference (entries, their areas and parties, the full-text data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from partnerskap.search.backends import backend
from partnerskap.search.indexer.docs import Doc
from partnerskap.search.models import SearchEntry, SearchEntryArea, SearchEntryParty

#: The fields whose change rewrites the full-text data, and every field an entry stores.
TEXT_FIELDS = ("title", "body")
FIELDS = ("partnership_id", "meeting_id", "year", "date", "title", "body", "url")


@dataclass
class IndexResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def __iadd__(self, other: IndexResult) -> IndexResult:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        return self

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def relations(entry_ids: Iterable[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """The stored areas and parties of these entries."""
    ids = list(entry_ids)
    areas: dict[int, set[int]] = defaultdict(set)
    parties: dict[int, set[int]] = defaultdict(set)
    for entry_id, area_id in SearchEntryArea.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "area_id"
    ):
        areas[entry_id].add(area_id)
    for entry_id, party_id in SearchEntryParty.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "party_id"
    ):
        parties[entry_id].add(party_id)
    return areas, parties


def set_relations(areas: dict[int, frozenset[int]], parties: dict[int, frozenset[int]]) -> None:
    """Replace the stored areas and parties of these entries."""
    if areas:
        SearchEntryArea.objects.filter(entry_id__in=list(areas)).delete()
        SearchEntryArea.objects.bulk_create(
            [SearchEntryArea(entry_id=e, area_id=a) for e, ids in areas.items() for a in ids],
            ignore_conflicts=True,  # a concurrent indexer may have written the same rows
        )
    if parties:
        SearchEntryParty.objects.filter(entry_id__in=list(parties)).delete()
        SearchEntryParty.objects.bulk_create(
            [SearchEntryParty(entry_id=e, party_id=p) for e, ids in parties.items() for p in ids],
            ignore_conflicts=True,
        )


@dataclass
class Plan:
    """The writes that turn the existing entries into the wanted ones."""

    created: list[SearchEntry]
    updated: list[SearchEntry]
    text_changed: list[SearchEntry]
    areas: dict[int, frozenset[int]]
    parties: dict[int, frozenset[int]]


def plan_writes(
    wanted: dict[tuple[str, int], Doc],
    current: dict[tuple[str, int], SearchEntry],
    *,
    rewrite: bool,
) -> Plan:
    areas, parties = relations(e.pk for e in current.values())
    now = timezone.now()
    plan = Plan(created=[], updated=[], text_changed=[], areas={}, parties={})
    for key, doc in wanted.items():
        values = {name: getattr(doc, name) for name in FIELDS}
        entry = current.get(key)
        if entry is None:
            plan.created.append(SearchEntry(kind=doc.kind, object_id=doc.object_id, **values))
            continue
        changed = [name for name, value in values.items() if getattr(entry, name) != value]
        if areas.get(entry.pk, frozenset()) != doc.areas:
            plan.areas[entry.pk] = doc.areas
        if parties.get(entry.pk, frozenset()) != doc.parties:
            plan.parties[entry.pk] = doc.parties
        if changed or entry.pk in plan.areas or entry.pk in plan.parties:
            for name in changed:
                setattr(entry, name, values[name])
            entry.indexed_at = now
            plan.updated.append(entry)
        if rewrite or any(name in TEXT_FIELDS for name in changed):
            plan.text_changed.append(entry)
    return plan


def sync(scope: Q, docs: Sequence[Doc], *, rewrite: bool = False) -> IndexResult:
    """Make the entries in ``scope`` exactly ``docs``. Unchanged entries are not written.

    Without ``rewrite`` an entry outside the scope with a doc's key is taken over too (an
    item's entry is found even if its meeting changed). ``rewrite`` (for ``rebuild``, whose
    scope holds every key) also rewrites the full-text data, repairing SQLite's FTS table."""
    wanted = {doc.key: doc for doc in docs}
    if not rewrite:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for kind, object_id in wanted:
            by_kind[kind].append(object_id)
        for kind, ids in by_kind.items():
            scope |= Q(kind=kind, object_id__in=ids)
    existing = {(e.kind, e.object_id): e for e in SearchEntry.objects.filter(scope)}
    stale = [e.pk for key, e in existing.items() if key not in wanted]
    if stale:
        SearchEntry.objects.filter(pk__in=stale).delete()
    current = {key: e for key, e in existing.items() if key in wanted}
    plan = plan_writes(wanted, current, rewrite=rewrite)
    if plan.created:
        # An upsert: two indexers running at once for the same thing both end with one entry.
        SearchEntry.objects.bulk_create(
            plan.created,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=[*FIELDS, "indexed_at"],
        )
        for entry in plan.created:
            doc = wanted[(entry.kind, entry.object_id)]
            if doc.areas:
                plan.areas[entry.pk] = doc.areas
            if doc.parties:
                plan.parties[entry.pk] = doc.parties
    if plan.updated:
        SearchEntry.objects.bulk_update(plan.updated, [*FIELDS, "indexed_at"])
    set_relations(plan.areas, plan.parties)
    backend().write([*plan.created, *plan.text_changed])
    return IndexResult(created=len(plan.created), updated=len(plan.updated), deleted=len(stale))

"""Keeping the search index in step with what is public.

Every entry is built from the public selectors and nothing else (L3, L8):

* agenda items from ``meetings.selectors.agenda_public`` (a closed item gives only its case
  number, neutral title and legal basis; nothing before the notice is published);
* minutes from ``meetings.selectors.minutes_public`` (the public part of the latest approved
  version; never ``content["internal"]``);
* meetings from ``meetings.selectors.meetings_public`` and proposals from
  ``followup.selectors.proposals_public``;
* documents from ``documents.selectors.documents_public``: the public title (the neutral one of
  an exempt document), type and legal basis, and the text extracted from the *public file*
  only (an exempt document's main file is never read, L8).

A document entry belongs to the meeting whose pages list it (its own, its item's, its
proposal's item's or its committee's deciding meeting), so reindexing a meeting refreshes its
documents too; documents of an agreement version or an annual report have no meeting and are
refreshed by ``index_document`` (the ``documents.document_changed`` event) and ``rebuild``.

``index_meeting`` and ``index_proposal`` bring one meeting (its items, minutes and the proposals
made under its items) or one proposal up to date, adding, changing and removing entries so the
index holds exactly what the selectors return; ``rebuild`` does the same for everything. All
three are idempotent: a second run writes nothing. They run as jobs (``search.tasks``) queued by
the change's own transaction (``core.events``), so a rolled-back change never reaches the index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from partnerskap.agreements.models import Partnership
from partnerskap.documents.models import Document
from partnerskap.documents.selectors import DocumentEntry, documents_public, public_documents
from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.selectors import agenda_public, meetings_public, minutes_public
from partnerskap.search.backends import backend
from partnerskap.search.models import SearchEntry, SearchEntryArea, SearchEntryParty
from partnerskap.search.text import clean

Kind = SearchEntry.Kind
#: Kinds reindexed with their meeting.
OWN_KINDS = (Kind.ITEM, Kind.PROPOSAL, Kind.MINUTES, Kind.DOCUMENT)
#: Extracted text beyond this is not indexed (PostgreSQL's tsvector holds at most 1 MB).
MAX_DOCUMENT_TEXT = 200_000
TEXT_FIELDS = ("title", "body")
FIELDS = ("partnership_id", "meeting_id", "year", "date", "title", "body", "url")


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


def _url(name: str, slug: str, pk: int, fragment: str = "") -> str:
    """The portal path in the default language (no /en/ prefix); results localise it."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"portal:{name}", kwargs={"partnership": slug, "pk": pk}) + fragment


def _text(*parts: object) -> str:
    return clean("\n\n".join(str(p).strip() for p in parts if p and str(p).strip()))


# ---------------------------------------------------------------- building entries


def _item_areas(item_ids: Sequence[int]) -> dict[int, set[int]]:
    """Areas of open public items (ids only; the relation is public for an open item)."""
    through = AgendaItem.areas.through
    areas: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(agendaitem_id__in=item_ids).values_list(
        "agendaitem_id", "cooperationarea_id"
    )
    for item_id, area_id in rows:
        areas[item_id].add(area_id)
    return areas


def _minutes_body(public: dict[str, object]) -> str:
    """The searchable text of the public minutes: items, outcomes, votes of open items,
    guests, place and chair. Attendance lists are left out (L10: a name search should not list
    every meeting someone attended or missed)."""
    parts: list[object] = [public.get("title"), public.get("location")]
    chair = public.get("chair")
    if isinstance(chair, dict):
        parts.append(chair.get("name"))
    items = public.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        parts.append(f"{item.get('case_number', '')} {item.get('title', '')}")
        if item.get("closed"):
            # A closed item: its neutral title and legal basis only, as on the agenda (L3).
            parts.append(item.get("legal_basis"))
            continue
        parts.append(item.get("outcome_text"))
        votes = item.get("votes")
        motions = [v.get("motion") for v in votes or [] if isinstance(v, dict)]
        parts.extend(dict.fromkeys(m for m in motions if m))
    guests = public.get("guests")
    for guest in guests if isinstance(guests, list) else []:
        if isinstance(guest, dict):
            parts.append(f"{guest.get('name', '')} {guest.get('role', '')}")
    parts.append(public.get("correction_reason"))
    return _text(*parts)


def _meeting_docs(meeting: Meeting) -> list[Doc]:
    """The public items and the public minutes of a meeting from ``meetings_public``."""
    slug = meeting.partnership.slug
    day = meeting.date
    items = agenda_public(meeting=meeting)
    areas = _item_areas([i.pk for i in items if not i.closed])
    docs = []
    for item in items:
        if item.closed:
            body = _text(item.legal_basis)
            item_areas: frozenset[int] = frozenset()
        else:
            body = _text(item.case_presentation, item.recommendation, item.outcome_text)
            item_areas = frozenset(areas.get(item.pk, ()))
        docs.append(
            Doc(
                kind=Kind.ITEM,
                object_id=item.pk,
                date=day,
                title=clean(f"{item.case_number} {item.title}"),
                body=body,
                url=_url("item", slug, item.pk),
                areas=item_areas,
                partnership_id=meeting.partnership_id,
                meeting_id=meeting.pk,
            )
        )
    minutes = minutes_public(meeting=meeting)
    if minutes is not None:
        docs.append(
            Doc(
                kind=Kind.MINUTES,
                object_id=meeting.pk,
                date=day,
                title=clean(f"Møtebok: {minutes.get('title') or meeting.title}"),
                body=_minutes_body(minutes),
                url=_url("meeting", slug, meeting.pk, "#motebok"),
                areas=frozenset(a for ids in areas.values() for a in ids),
                partnership_id=meeting.partnership_id,
                meeting_id=meeting.pk,
            )
        )
    return docs


def _proposals(partnership: Partnership | None = None) -> QuerySet[Proposal]:
    return proposals_public(partnership=partnership).prefetch_related(
        "areas", "follow_ups__elected_body__party"
    )


def _proposal_doc(proposal: Proposal) -> Doc:
    parties: set[int] = set()
    for follow_up in proposal.follow_ups.all():
        party = follow_up.elected_body.party
        parties.add(party.pk)
        if party.council_id is not None:
            parties.add(party.council_id)
    amendment = (
        (proposal.section_heading, proposal.proposed_text)
        if proposal.kind == Proposal.Kind.AMENDMENT
        else ()
    )
    return Doc(
        kind=Kind.PROPOSAL,
        object_id=proposal.pk,
        partnership_id=proposal.partnership_id,
        meeting_id=proposal.item.meeting_id,
        date=proposal.sent_on,
        title=clean(proposal.title),
        body=_text(proposal.item.case_number, proposal.text, *amendment),
        url=_url("proposal", proposal.partnership.slug, proposal.pk),
        areas=frozenset(a.pk for a in proposal.areas.all()),
        parties=frozenset(parties),
    )


def _document_url(entry: DocumentEntry, owner: Mapping[str, object]) -> str:
    """The public file when there is one, else the portal page that lists the document."""
    if entry.file is not None:
        return entry.file.url
    slug = str(owner["partnership__slug"])
    pages = (
        ("item", entry.item_id),
        ("meeting", owner["meeting_id"]),
        ("proposal", owner["proposal_id"]),
        ("committee", owner["committee_id"]),
    )
    for name, pk in pages:
        if pk is not None:
            return _url(name, slug, int(str(pk)))
    kwargs: dict[str, object] = {"partnership": slug}
    name = "agreement"
    if owner["generated"] == Document.Generated.ANNUAL_REPORT:
        name, kwargs["year"] = "year", entry.date.year
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"portal:{name}", kwargs=kwargs)


def _document_docs(scope: Q) -> list[Doc]:
    """The public documents in ``scope``, with the text of their public file."""
    owners = {
        row["pk"]: row
        for row in public_documents()
        .filter(scope)
        .values(
            "pk",
            "partnership__slug",
            "meeting_id",
            "proposal_id",
            "proposal__item_id",
            "committee_id",
            "generated",
        )
    }
    if not owners:
        return []
    entries = documents_public(document_ids=owners, with_text=True)
    item_of = {
        e.pk: e.item_id or owners[e.pk]["proposal__item_id"] for e in entries
    }  # a proposal's document is found under the proposal's item's areas
    areas = _item_areas([int(str(i)) for i in item_of.values() if i is not None])
    docs = []
    for entry in entries:
        item_id = item_of[entry.pk]
        docs.append(
            Doc(
                kind=Kind.DOCUMENT,
                object_id=entry.pk,
                partnership_id=entry.partnership_id,
                meeting_id=entry.meeting_id,
                date=entry.date,
                title=clean(entry.title),
                body=_text(
                    entry.document_type_label.capitalize(),
                    entry.legal_basis,
                    entry.extracted_text[:MAX_DOCUMENT_TEXT],
                ),
                url=_document_url(entry, owners[entry.pk]),
                areas=frozenset(areas.get(int(str(item_id)), ())) if item_id else frozenset(),
            )
        )
    return docs


def _documents_of_meeting(meeting_id: int) -> Q:
    """Documents listed on the meeting's pages (the same owners as ``Doc.meeting_id``)."""
    return (
        Q(meeting_id=meeting_id)
        | Q(item__meeting_id=meeting_id)
        | Q(proposal__item__meeting_id=meeting_id)
        | Q(committee__established_by__meeting_id=meeting_id)
    )


# ---------------------------------------------------------------- writing


def _relations(entry_ids: Iterable[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
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


def _set_relations(areas: dict[int, frozenset[int]], parties: dict[int, frozenset[int]]) -> None:
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
class _Plan:
    """The writes that turn the existing entries into the wanted ones."""

    created: list[SearchEntry]
    updated: list[SearchEntry]
    text_changed: list[SearchEntry]
    areas: dict[int, frozenset[int]]
    parties: dict[int, frozenset[int]]


def _plan(
    wanted: dict[tuple[str, int], Doc],
    current: dict[tuple[str, int], SearchEntry],
    *,
    rewrite: bool,
) -> _Plan:
    areas, parties = _relations(e.pk for e in current.values())
    now = timezone.now()
    plan = _Plan(created=[], updated=[], text_changed=[], areas={}, parties={})
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


def _sync(scope: Q, docs: Sequence[Doc], *, rewrite: bool = False) -> IndexResult:
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
    plan = _plan(wanted, current, rewrite=rewrite)
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
    _set_relations(plan.areas, plan.parties)
    backend().write([*plan.created, *plan.text_changed])
    return IndexResult(created=len(plan.created), updated=len(plan.updated), deleted=len(stale))


# ---------------------------------------------------------------- the API


@transaction.atomic
def index_meeting(meeting_id: int) -> IndexResult:
    """Index a meeting's public agenda items, its approved minutes and the public proposals
    made under its items; remove whatever of it is no longer public (an item withdrawn or
    closed after publication, an agenda no longer public, a proposal from a closed item) and
    the public documents listed on its pages."""
    meeting = meetings_public().filter(pk=meeting_id).first()
    docs: list[Doc] = []
    if meeting is not None:
        docs = _meeting_docs(meeting)
        docs += [_proposal_doc(p) for p in _proposals().filter(item__meeting_id=meeting_id)]
    docs += _document_docs(_documents_of_meeting(meeting_id))
    return _sync(Q(meeting_id=meeting_id, kind__in=OWN_KINDS), docs)


@transaction.atomic
def index_proposal(proposal_id: int) -> IndexResult:
    """Index one proposal (its text, areas and the parties whose bodies received it), or
    remove it when ``proposals_public`` no longer returns it."""
    proposal = _proposals().filter(pk=proposal_id).first()
    docs = [] if proposal is None else [_proposal_doc(proposal)]
    own = Document.objects.filter(proposal_id=proposal_id).values_list("pk", flat=True)
    documents = list(own)
    docs += _document_docs(Q(pk__in=documents))
    scope = Q(kind=Kind.PROPOSAL, object_id=proposal_id) | Q(
        kind=Kind.DOCUMENT, object_id__in=documents
    )
    return _sync(scope, docs)


@transaction.atomic
def index_document(document_id: int) -> IndexResult:
    """Index one document as the public may see it, or remove it when it is no longer public
    (deleted, its owner closed, its partnership a draft)."""
    docs = _document_docs(Q(pk=document_id))
    return _sync(Q(kind=Kind.DOCUMENT, object_id=document_id), docs)


@transaction.atomic
def rebuild(partnership: Partnership | None = None) -> IndexResult:
    """Make the index (or one partnership's part of it) exactly what the selectors say is
    public now. Safe to run at any time and as often as wanted."""
    docs: list[Doc] = []
    for meeting in meetings_public(partnership=partnership).order_by("starts_at", "pk"):
        docs += _meeting_docs(meeting)
    docs += [_proposal_doc(p) for p in _proposals(partnership)]
    docs += _document_docs(Q() if partnership is None else Q(partnership=partnership))
    scope = Q(kind__in=OWN_KINDS)
    if partnership is not None:
        scope &= Q(partnership=partnership)
    return _sync(scope, docs, rewrite=True)

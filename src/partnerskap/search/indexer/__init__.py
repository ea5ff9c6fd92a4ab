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

One sub-module per step: ``docs`` (what an entry holds), ``meetings`` and ``documents`` (building
the entries), ``writing`` (the difference to what is stored); the API is here.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from partnerskap.agreements.models import Partnership
from partnerskap.documents.models import Document
from partnerskap.meetings.selectors import meetings_public
from partnerskap.search.indexer.docs import OWN_KINDS, Doc, Kind
from partnerskap.search.indexer.documents import document_docs, documents_of_meeting
from partnerskap.search.indexer.meetings import meeting_docs, proposal_doc, proposals
from partnerskap.search.indexer.writing import IndexResult, sync

__all__ = ["Doc", "IndexResult", "index_document", "index_meeting", "index_proposal", "rebuild"]


@transaction.atomic
def index_meeting(meeting_id: int) -> IndexResult:
    """Index a meeting's public agenda items, its approved minutes and the public proposals
    made under its items; remove whatever of it is no longer public (an item withdrawn or
    closed after publication, an agenda no longer public, a proposal from a closed item) and
    the public documents listed on its pages."""
    meeting = meetings_public().filter(pk=meeting_id).first()
    docs: list[Doc] = []
    if meeting is not None:
        docs = meeting_docs(meeting)
        docs += [proposal_doc(p) for p in proposals().filter(item__meeting_id=meeting_id)]
    docs += document_docs(documents_of_meeting(meeting_id))
    return sync(Q(meeting_id=meeting_id, kind__in=OWN_KINDS), docs)


@transaction.atomic
def index_proposal(proposal_id: int) -> IndexResult:
    """Index one proposal (its text, areas and the parties whose bodies received it), or
    remove it when ``proposals_public`` no longer returns it."""
    proposal = proposals().filter(pk=proposal_id).first()
    docs = [] if proposal is None else [proposal_doc(proposal)]
    own = Document.objects.filter(proposal_id=proposal_id).values_list("pk", flat=True)
    documents = list(own)
    docs += document_docs(Q(pk__in=documents))
    scope = Q(kind=Kind.PROPOSAL, object_id=proposal_id) | Q(
        kind=Kind.DOCUMENT, object_id__in=documents
    )
    return sync(scope, docs)


@transaction.atomic
def index_document(document_id: int) -> IndexResult:
    """Index one document as the public may see it, or remove it when it is no longer public
    (deleted, its owner closed, its partnership a draft)."""
    docs = document_docs(Q(pk=document_id))
    return sync(Q(kind=Kind.DOCUMENT, object_id=document_id), docs)


@transaction.atomic
def rebuild(partnership: Partnership | None = None) -> IndexResult:
    """Make the index (or one partnership's part of it) exactly what the selectors say is
    public now. Safe to run at any time and as often as wanted."""
    docs: list[Doc] = []
    for meeting in meetings_public(partnership=partnership).order_by("starts_at", "pk"):
        docs += meeting_docs(meeting)
    docs += [proposal_doc(p) for p in proposals(partnership)]
    docs += document_docs(Q() if partnership is None else Q(partnership=partnership))
    scope = Q(kind__in=OWN_KINDS)
    if partnership is not None:
        scope &= Q(partnership=partnership)
    return sync(scope, docs, rewrite=True)

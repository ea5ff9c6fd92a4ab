"""Search jobs: keep the index in step with committed changes (``core.events``). Each one
re-reads through the public selectors, so running one twice leaves the same index."""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.search import indexer


@job()
def index_meeting(meeting_id: int) -> int:
    result = indexer.index_meeting(meeting_id)
    return result.created + result.updated + result.deleted


@job()
def index_proposal(proposal_id: int) -> int:
    result = indexer.index_proposal(proposal_id)
    return result.created + result.updated + result.deleted


@job()
def index_document(document_id: int) -> int:
    result = indexer.index_document(document_id)
    return result.created + result.updated + result.deleted

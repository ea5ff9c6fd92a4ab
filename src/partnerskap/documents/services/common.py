"""Helpers shared by the document services."""

from __future__ import annotations

from partnerskap.core import events
from partnerskap.documents.models import Document


def meeting_of(document: Document) -> int | None:
    """The meeting whose pages list the document, if any."""
    if document.meeting_id is not None:
        return document.meeting_id
    if document.item_id is not None:
        return document.item.meeting_id  # type: ignore[union-attr]
    if document.proposal_id is not None:
        return document.proposal.item.meeting_id  # type: ignore[union-attr]
    if document.committee_id is not None:
        return document.committee.established_by.meeting_id  # type: ignore[union-attr]
    return None


def changed(document: Document) -> None:
    """Announce (inside the service's transaction) that what the public may see of the
    document may have changed; the search index subscribes."""
    events.announce(
        "documents.document_changed",
        document_id=document.pk,
        partnership_id=document.partnership_id,
        meeting_id=meeting_of(document),
    )

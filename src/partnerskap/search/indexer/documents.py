"""The entries of public documents, built from ``documents.selectors`` only: the public title,
type and legal basis, and the text of the public file (L8)."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from partnerskap.documents.models import Document
from partnerskap.documents.selectors import DocumentEntry, documents_public, public_documents
from partnerskap.search.indexer.docs import (
    MAX_DOCUMENT_TEXT,
    Doc,
    Kind,
    item_areas,
    portal_url,
    text_of,
)
from partnerskap.search.text import clean


def document_url(entry: DocumentEntry, owner: Mapping[str, object]) -> str:
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
            return portal_url(name, slug, int(str(pk)))
    kwargs: dict[str, object] = {"partnership": slug}
    name = "agreement"
    if owner["generated"] == Document.Generated.ANNUAL_REPORT:
        name, kwargs["year"] = "year", entry.date.year
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"portal:{name}", kwargs=kwargs)


def document_docs(scope: Q) -> list[Doc]:
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
    areas = item_areas([int(str(i)) for i in item_of.values() if i is not None])
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
                body=text_of(
                    entry.document_type_label.capitalize(),
                    entry.legal_basis,
                    entry.extracted_text[:MAX_DOCUMENT_TEXT],
                ),
                url=document_url(entry, owners[entry.pk]),
                areas=frozenset(areas.get(int(str(item_id)), ())) if item_id else frozenset(),
            )
        )
    return docs


def documents_of_meeting(meeting_id: int) -> Q:
    """Documents listed on the meeting's pages (the same owners as ``Doc.meeting_id``)."""
    return (
        Q(meeting_id=meeting_id)
        | Q(item__meeting_id=meeting_id)
        | Q(proposal__item__meeting_id=meeting_id)
        | Q(committee__established_by__meeting_id=meeting_id)
    )

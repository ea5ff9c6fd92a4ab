"""The notice (innkalling) with its agenda (saksliste), L1.

The public variant reads the agenda only through ``meetings.selectors.agenda_public`` (a closed
item: its neutral title and legal basis) and the documents only through
``documents_public``. The internal variant, for members, adds the closed items' real titles,
case presentations and recommendations, and every document of the items.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext

from partnerskap.core.time import local
from partnerskap.documents.models import Document
from partnerskap.documents.pdf import typography as ty
from partnerskap.documents.pdf.language import document_language
from partnerskap.documents.selectors import DocumentEntry, documents_internal, documents_public
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.public import item_closed_q
from partnerskap.meetings.selectors import agenda_public

TEMPLATE = "documents/pdf/notice.html"
#: The documents to list, by item (``None``: the meeting's own).
Grouped = dict[int | None, list[dict[str, str]]]


def _documents(entries: list[DocumentEntry]) -> Grouped:
    grouped: Grouped = defaultdict(list)
    for entry in entries:
        if entry.generated:
            continue
        grouped[entry.item_id].append(
            {
                "title": entry.title,
                "type": entry.document_type_label,
                "exempt": ty.nbsp(entry.legal_basis),
            }
        )
    return grouped


def _kind(kind: str) -> str:
    return str(capfirst(AgendaItem.Kind(kind).label))


def has_internal_content(meeting: Meeting) -> bool:
    """Whether the members' variant would differ: a closed item, or an exempt document."""
    return (
        meeting.items.filter(item_closed_q(), withdrawn=False).exists()
        or Document.objects.filter(item__meeting=meeting, legal_basis__isnull=False).exists()
        or Document.objects.filter(meeting=meeting, legal_basis__isnull=False).exists()
    )


def notice_context(meeting: Meeting, *, internal: bool) -> dict[str, Any]:
    """The notice's content, in the partnership's written form (``document_language``)."""
    language = document_language(meeting.partnership)
    with translation.override(language):
        return _context(meeting, internal=internal, language=language)


def _context(meeting: Meeting, *, internal: bool, language: str) -> dict[str, Any]:
    notice = meeting.notice
    partnership = meeting.partnership
    if internal:
        entries = documents_internal(partnership=partnership, meeting=meeting, include_items=True)
    else:
        entries = documents_public(meeting=meeting, include_items=True)
    documents = _documents(entries)
    items = _items_internal(meeting, documents) if internal else _items_public(meeting, documents)
    published = local(notice.published_at)
    location = meeting.location
    return {
        "doc": {
            "kind": pgettext("generated document", "Notice of meeting"),
            "title": pgettext("generated document", "Notice of meeting – %(title)s")
            % {"title": meeting.title},
            "date": ty.date(published.date()),
            "iso_date": published.date().isoformat(),
            "partnership": partnership.name,
            "internal": internal,
            "description": pgettext("generated document", "Notice of %(title)s, %(date)s")
            % {"title": meeting.title, "date": ty.date(meeting.date)},
            "language": language,
        },
        "meeting": {
            "title": meeting.title,
            "when": ty.span(meeting.starts_at, meeting.ends_at),
            "place": str(location) if location else "",
            "address": location.address if location else "",
            "form": str(capfirst(Meeting.Form(meeting.form).label)),
        },
        "notice": {
            "published": ty.moment(notice.published_at),
            "late": notice.is_late,
            "deadline": ty.moment(notice.deadline),
            "message": notice.message,
        },
        "items": items,
        "documents": documents.get(None, []),
    }


def _items_internal(meeting: Meeting, documents: Grouped) -> list[dict[str, Any]]:
    """The members' agenda: every item that is not withdrawn, a closed one with its real
    title, its neutral public title and its legal basis."""
    items: list[dict[str, Any]] = []
    for item in (
        meeting.items.filter(withdrawn=False)
        .select_related("closed_session__legal_basis")
        .order_by("position", "number")
    ):
        closed = item.closed_session if item.is_closed else None
        items.append(
            {
                "case_number": ty.nbsp(item.case_number),
                "title": item.title,
                "kind": _kind(item.kind),
                "closed": closed is not None,
                "public_title": closed.public_title if closed else "",
                "legal_basis": ty.nbsp(closed.legal_basis.reference) if closed else "",
                "case_presentation": item.case_presentation,
                "recommendation": item.recommendation,
                "documents": documents.get(item.pk, []),
            }
        )
    return items


def _items_public(meeting: Meeting, documents: Grouped) -> list[dict[str, Any]]:
    """The public agenda (``agenda_public``): a closed item without its documents (L3)."""
    return [
        {
            "case_number": ty.nbsp(public.case_number),
            "title": public.title,
            "kind": _kind(public.kind),
            "closed": public.closed,
            "public_title": "",
            "legal_basis": ty.nbsp(public.legal_basis),
            "case_presentation": public.case_presentation,
            "recommendation": public.recommendation,
            "documents": [] if public.closed else documents.get(public.pk, []),
        }
        for public in agenda_public(meeting=meeting)
    ]

"""The minutes (møtebok), L4: from the approved minutes' snapshot, never from live records.

The public variant reads only ``meetings.selectors.minutes_public`` (the public part of the
latest approved version). The internal variant adds ``Minutes.content["internal"]``: the closed
items' real titles and conclusions, for members.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext

from partnerskap.documents.pdf import typography as ty
from partnerskap.meetings.models import AgendaItem, Attendance, Meeting, Vote

TEMPLATE = "documents/pdf/minutes.html"


def minutes_filename(*, day: dt.date, version: int, draft: bool, language: str) -> str:
    """«motebok-2022-03-15-v2-godkjent.pdf» for minutes rendered on request, the state in the
    document's written form (nynorsk «godkjend»); ASCII, as a file name travels."""
    with translation.override(language):
        state = pgettext("file name", "draft") if draft else pgettext("file name", "approved")
    return f"motebok-{day.isoformat()}-v{version}-{state}.pdf"


def _label(choices: Any, value: str) -> str:
    try:
        return str(capfirst(choices(value).label))
    except ValueError:
        return value


def minutes_context(
    public: dict[str, Any],
    *,
    partnership: str,
    internal: dict[str, dict[str, str]] | None,
    language: str = "nb",
) -> dict[str, Any]:
    """``public`` is what ``minutes_public`` returns; ``internal`` is the minutes'
    ``content["internal"]`` for the members' variant, or None for the public one; ``language``
    the partnership's written form (``document_language``)."""
    with translation.override(language):
        return _context(public, partnership=partnership, internal=internal, language=language)


def _context(
    public: dict[str, Any],
    *,
    partnership: str,
    internal: dict[str, dict[str, str]] | None,
    language: str,
) -> dict[str, Any]:
    starts_at = dt.datetime.fromisoformat(public["starts_at"])
    ends_at = dt.datetime.fromisoformat(public["ends_at"])
    notice = public.get("notice") or {}
    approved_at = public.get("approved_at")
    title = pgettext("generated document", "Minutes – %(title)s") % {"title": public["title"]}
    return {
        "doc": {
            "kind": pgettext("generated document", "Minutes"),
            "title": title,
            "date": ty.date(starts_at.date()),
            "iso_date": starts_at.date().isoformat(),
            "partnership": partnership,
            "internal": internal is not None,
            "description": pgettext("generated document", "Minutes of %(title)s, %(date)s")
            % {"title": public["title"], "date": ty.date(starts_at.date())},
            "language": language,
        },
        "meeting": _meeting(public, starts_at, ends_at),
        "notice": {
            "published": ty.moment(dt.datetime.fromisoformat(notice["published_at"]))
            if notice.get("published_at")
            else "",
            "late": bool(notice.get("late")),
        },
        **_people(public),
        "items": _items(public, internal),
        "approval": {
            "draft": bool(public.get("draft")),
            "version": public.get("version", 1),
            "approved": ty.moment(approved_at) if isinstance(approved_at, dt.datetime) else "",
            "correction_reason": public.get("correction_reason", ""),
        },
    }


def _meeting(
    public: dict[str, Any], starts_at: dt.datetime, ends_at: dt.datetime
) -> dict[str, str]:
    """When, where and in what form the meeting was held, and who chaired it."""
    chair = public.get("chair") or {}
    return {
        "title": public["title"],
        "when": ty.span(starts_at, ends_at),
        "place": public.get("location", ""),
        "form": _label(Meeting.Form, public.get("form", "")),
        "chair": chair.get("name", ""),
        "chair_reason": _label(Meeting.ChairReason, chair.get("reason", ""))
        if chair.get("reason")
        else "",
        # L6: a chair elected by the meeting, because chair and deputy were both absent.
        "chair_elected": chair.get("reason") == Meeting.ChairReason.ELECTED,
    }


def _people(public: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Who attended (and in what capacity), who was absent, and the guests."""
    return {
        "attended": [
            {
                "name": a["name"],
                "party": a["party"],
                "capacity": _label(Attendance.Capacity, a.get("capacity", "")),
                "substitute_for": a.get("substitute_for", ""),
            }
            for a in public.get("attended", [])
        ],
        "absent": [
            {
                "name": a["name"],
                "party": a["party"],
                "registered": bool(a.get("registered_absence")),
            }
            for a in public.get("absent", [])
        ],
        "guests": [
            {
                "name": g["name"],
                "role": g.get("role", ""),
                "inviting_party": g.get("inviting_party", ""),
                "late": bool(g.get("late_notice")),
            }
            for g in public.get("guests", [])
        ],
    }


def _items(
    public: dict[str, Any], internal: dict[str, dict[str, str]] | None
) -> list[dict[str, Any]]:
    """The items with their outcomes and votes; a closed item shows its real title and
    conclusion only in the members' variant (``internal``)."""
    items = []
    for entry in public.get("items", []):
        hidden = (internal or {}).get(entry["case_number"], {}) if entry.get("closed") else {}
        items.append(
            {
                "case_number": ty.nbsp(entry["case_number"]),
                "title": hidden.get("title") or entry["title"],
                "public_title": entry["title"] if hidden else "",
                "closed": bool(entry.get("closed")),
                "legal_basis": ty.nbsp(entry.get("legal_basis", "")),
                "kind": _label(AgendaItem.Kind, entry.get("kind", "")),
                "outcome": _label(AgendaItem.Outcome, entry.get("outcome", "")),
                "outcome_text": hidden.get("outcome_text") or entry.get("outcome_text", ""),
                "votes": [
                    {
                        "motion": v["motion"],
                        "party": v["party"],
                        "choice": _label(Vote.Choice, v["choice"]),
                    }
                    for v in entry.get("votes", [])
                ],
            }
        )
    return items

"""The agreement as in force on a day (A14, A10): the general part's version and the special
part's version in force that day, with a table of both parts' versions (which was in force
when). Rendered on request (``portal`` and back office), not stored: see docs/documents.md.
In the partnership's written form (``document_language``), whatever the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext

from partnerskap.agreements.models import Agreement, AgreementPart, AgreementVersion
from partnerskap.agreements.selectors import version_in_force, versions_in_force_between
from partnerskap.documents.pdf import typography as ty
from partnerskap.documents.pdf.language import document_language

TEMPLATE = "documents/pdf/agreement.html"


def _text(version: AgreementVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "title": version.title,
        "in_force_from": ty.date(version.in_force_from) if version.in_force_from else "",
        "sections": [
            {"heading": s.heading, "body": s.body} for s in version.sections.order_by("position")
        ],
    }


def _rows(part: AgreementPart, kind: str, start: dt.date, end: dt.date) -> list[dict[str, str]]:
    rows = []
    for span in versions_in_force_between(part=part, start=start, end=end):
        adoptions = "; ".join(
            f"{a.elected_body.name} {ty.date(a.decided_on)} ({a.decision_reference})"
            for a in span.version.adoptions.all()
        )
        rows.append(
            {
                "part": kind,
                "number": str(span.version.number),
                "from": ty.date(span.start),
                "until": ty.date(span.until) if span.until else "",
                "adopted": adoptions or "–",
            }
        )
    return rows


def agreement_context(*, agreement: Agreement, on: dt.date) -> dict[str, Any]:
    """What the PDF shows: only public text (an agreement has no closed content), in the
    partnership's written form."""
    language = document_language(agreement.partnership)
    with translation.override(language):
        return _context(agreement=agreement, on=on, language=language)


def _context(*, agreement: Agreement, on: dt.date, language: str) -> dict[str, Any]:
    partnership = agreement.partnership
    general = agreement.general_part
    special = _text(version_in_force(part=agreement.special_part, on=on))
    start, end = partnership.period_start, partnership.period_end
    rows = _rows(agreement.special_part, pgettext("generated document", "Special part"), start, end)
    if general is not None:
        rows += _rows(general, pgettext("generated document", "General part"), start, end)
    names = {"title": agreement.title, "partnership": partnership.name, "date": ty.date(on)}
    return {
        "doc": {
            "kind": pgettext("generated document", "Agreement"),
            "title": pgettext("generated document", "%(title)s – in force on %(date)s") % names,
            "date": ty.date(on),
            "iso_date": on.isoformat(),
            "partnership": partnership.name,
            "internal": False,
            "description": pgettext(
                "generated document", "The agreement of %(partnership)s as it stood on %(date)s"
            )
            % names,
            "language": language,
        },
        "agreement": agreement.title,
        "on": ty.date(on),
        "general_title": general.title if general else "",
        "general": _text(version_in_force(part=general, on=on)) if general else None,
        "special": special,
        "rows": rows,
    }

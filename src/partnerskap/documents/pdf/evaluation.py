"""The published evaluation of an agreement period (``reports.models.Evaluation``) as a PDF/A:
the approved assessment and the figures frozen at approval (public by construction, see
``reports.evaluation``), so the document never drifts from what the parties approved. In the
partnership's written form (``document_language``), whatever the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext

from partnerskap.core.time import local
from partnerskap.documents.pdf import typography as ty
from partnerskap.documents.pdf.language import document_language
from partnerskap.reports.models import Evaluation

TEMPLATE = "documents/pdf/evaluation.html"


def evaluation_context(evaluation: Evaluation) -> dict[str, Any]:
    language = document_language(evaluation.partnership)
    with translation.override(language):
        return _context(evaluation, language=language)


def _context(evaluation: Evaluation, *, language: str) -> dict[str, Any]:
    partnership = evaluation.partnership
    published = evaluation.published_at or evaluation.modified
    day = local(published).date()
    names = {"partnership": partnership.name}
    figures = evaluation.snapshot or {}
    taken_on = figures.get("taken_on")
    return {
        "doc": {
            "kind": pgettext("generated document", "Evaluation"),
            "title": pgettext(
                "generated document", "Evaluation of the agreement period – %(partnership)s"
            )
            % names,
            "date": ty.date(day),
            "iso_date": day.isoformat(),
            "partnership": partnership.name,
            "internal": False,
            "description": pgettext(
                "generated document", "Evaluation of the partnership agreement %(partnership)s"
            )
            % names,
            "language": language,
        },
        "evaluation": evaluation,
        "approvals": [
            {"party": a.party.name, "date": ty.date(local(a.approved_at).date())}
            for a in evaluation.approvals.all()
        ],
        "figures": figures,
        "taken_on": ty.date(dt.date.fromisoformat(taken_on)) if taken_on else "",
    }


def evaluation_filename(evaluation: Evaluation) -> str:
    return f"evaluering-{evaluation.partnership.slug}.pdf"

"""The published evaluation of an agreement period (``reports.models.Evaluation``) as a PDF/A:
the approved assessment and the figures frozen at approval (public by construction, see
``reports.evaluation``), so the document never drifts from what the parties approved."""

from __future__ import annotations

from typing import Any

from partnerskap.core.time import local
from partnerskap.documents.pdf import typography as ty
from partnerskap.reports.models import Evaluation

TEMPLATE = "documents/pdf/evaluation.html"


def evaluation_context(evaluation: Evaluation) -> dict[str, Any]:
    partnership = evaluation.partnership
    published = evaluation.published_at or evaluation.modified
    day = local(published).date()
    return {
        "doc": {
            "kind": "Evaluering",
            "title": f"Evaluering av avtaleperioden – {partnership.name}",
            "date": ty.date(day),
            "iso_date": day.isoformat(),
            "partnership": partnership.name,
            "internal": False,
            "description": f"Evaluering av partnerskapsavtalen {partnership.name}",
        },
        "evaluation": evaluation,
        "approvals": [
            {"party": a.party.name, "date": ty.date(local(a.approved_at).date())}
            for a in evaluation.approvals.all()
        ],
        "figures": evaluation.snapshot or {},
    }


def evaluation_filename(evaluation: Evaluation) -> str:
    return f"evaluering-{evaluation.partnership.slug}.pdf"

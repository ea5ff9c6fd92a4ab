"""The published evaluation of an agreement period: the approved assessment, the figures as
they were frozen at approval, with accessible charts (SVG with a table each), and the same as
a PDF/A. Nothing here counts anything anew: the snapshot holds only public figures."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from partnerskap.agreements.models import Partnership
from partnerskap.portal.charts import bar_chart
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.reports.models import Evaluation
from partnerskap.reports.selectors import evaluation_published


def _published(partnership: Partnership) -> Evaluation:
    evaluation = evaluation_published(partnership=partnership)
    if evaluation is None:
        raise Http404
    return evaluation


def _charts(figures: dict[str, Any], partnership: Partnership) -> dict[str, Any]:
    years = figures.get("years", [])
    minimum = max((y["minimum"] for y in years), default=partnership.minimum_meetings_per_year)
    return {
        "meetings_chart": bar_chart([(str(y["year"]), y["held"]) for y in years], minimum=minimum),
        "areas_chart": bar_chart(
            [(a["name"], a["items"]) for a in figures.get("areas", [])], bar=64
        ),
    }


@public_page
def evaluation(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    published = _published(obj)
    figures = published.snapshot or {}
    context = {
        "partnership": obj,
        "evaluation": published,
        "figures": figures,
        **_charts(figures, obj),
    }
    return render(request, "portal/evaluation.html", context)


@public_page
def evaluation_pdf(_request: HttpRequest, partnership: str) -> HttpResponse:
    """The evaluation as a PDF/A, rendered from the frozen snapshot (the same every time)."""
    published = _published(partnership_or_404(partnership))
    from partnerskap.documents.pdf import evaluation as evaluation_doc  # noqa: PLC0415
    from partnerskap.documents.pdf.render import render_pdf  # noqa: PLC0415 - slow import

    pdf = render_pdf(evaluation_doc.TEMPLATE, evaluation_doc.evaluation_context(published))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = evaluation_doc.evaluation_filename(published)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response

"""The agreement (both parts, versions, diffs, signatures), its PDF as in force on a day, and
cooperation area pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import Agreement, Partnership
from partnerskap.agreements.selectors import (
    version_changes,
    version_in_force,
    versions_in_force_between,
)
from partnerskap.core import time
from partnerskap.core.params import int_param
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.portal.selectors import (
    agreement_of,
    agreement_versions,
    area_committees,
    area_items,
    area_proposals,
    areas_of,
    versions_signed,
)

ITEMS_PER_PAGE = 25
PROPOSALS_PER_PAGE = 20


@public_page
def agreement_detail(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    agreement = agreement_of(partnership=obj)
    if agreement is None:
        raise Http404
    versions = agreement_versions(part=agreement.special_part)
    in_force = version_in_force(part=agreement.special_part)
    chosen = in_force or (versions[-1] if versions else None)
    if request.GET.get("versjon"):
        number = int_param(request.GET, "versjon")
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            raise Http404
    signed = versions_signed(part=agreement.special_part, versions=versions)
    previous = next((v for v in versions if chosen and v.number == chosen.number - 1), None)
    changes = version_changes(version=chosen) if chosen is not None else []
    context = {
        "partnership": obj,
        "agreement": agreement,
        "versions": versions,
        "chosen": chosen,
        "in_force": in_force,
        "signed": signed,
        "previous": previous,
        "changes": changes,
        **_general_context(agreement, obj),
    }
    return render(request, "portal/agreement.html", context)


def _day_shown(partnership: Partnership) -> dt.date:
    """The day the agreement is shown as of: today, or the last day of a concluded period."""
    return min(time.today(), partnership.period_end)


def _general_context(agreement: Agreement, partnership: Partnership) -> dict[str, Any]:
    """The general part (A14): which version was in force when in the partnership's period,
    and the text of the one in force on the day shown. Two queries, whatever the history."""
    part = agreement.general_part
    if part is None:
        return {"general": None, "general_spans": []}
    spans = versions_in_force_between(
        part=part, start=partnership.period_start, end=partnership.period_end
    )
    day = _day_shown(partnership)
    shown = next(
        (s for s in reversed(spans) if s.start <= day and (s.until is None or day <= s.until)),
        None,
    )
    return {"general": shown, "general_spans": spans, "general_part": part}


@public_page
def agreement_pdf(request: HttpRequest, partnership: str) -> HttpResponse:
    """The agreement as in force on ``?dato=`` (default: the day shown on the page), both
    parts, rendered on request: a few pages, cached by ETag like the page itself."""
    obj = partnership_or_404(partnership)
    agreement = agreement_of(partnership=obj)
    if agreement is None:
        raise Http404
    day = _day_shown(obj)
    if request.GET.get("dato"):
        try:
            day = dt.date.fromisoformat(str(request.GET["dato"]))
        except ValueError as exc:
            raise Http404 from exc
    from partnerskap.documents.pdf import agreement as agreement_pdf_  # noqa: PLC0415 - slow
    from partnerskap.documents.pdf.render import render_pdf  # noqa: PLC0415 - slow import

    pdf = render_pdf(
        agreement_pdf_.TEMPLATE, agreement_pdf_.agreement_context(agreement=agreement, on=day)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="avtale-{obj.slug}-{day.isoformat()}.pdf"'
    return response


@public_page
def area_detail(request: HttpRequest, partnership: str, area: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    area_obj = get_object_or_404(areas_of(partnership=obj), slug=area)
    items = area_items(area=area_obj)
    proposals = area_proposals(partnership=obj, area=area_obj)
    # A page of each: an area gathers items and proposals over the partnership's whole history.
    context = {
        "partnership": obj,
        "area": area_obj,
        "items": Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("side")),
        "proposals": Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("forslag")),
        "committees": area_committees(partnership=obj, area=area_obj),
    }
    return render(request, "portal/area.html", context)

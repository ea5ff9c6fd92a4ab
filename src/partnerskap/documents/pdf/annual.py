"""The annual report (årsrapport) from ``reports.annual.annual_report_data``.

The internal variant shows the data as it is. The public variant leaves out what would reveal
closed items (L3): their cooperation areas and goals are not counted per area or goal (they are
counted once, with their legal bases), and committees set up in closed session are counted
without their names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext

from partnerskap.agreements.models import Partnership, SustainableDevelopmentGoal
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import committees_public
from partnerskap.core import time
from partnerskap.core.models import legal_basis_label
from partnerskap.documents.pdf import typography as ty
from partnerskap.documents.pdf.language import document_language
from partnerskap.finance.models import CostEntry
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.public import item_closed_q, item_open_q, items_public
from partnerskap.reports.annual import (
    AnnualReportData,
    annual_report_data,
    items_per_area_and_goal,
)

TEMPLATE = "documents/pdf/annual_report.html"


def money(amount: Decimal) -> str:
    """«kr 12 345,50» (Norwegian: space for thousands, comma for decimals)."""
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ty.NBSP)
    return f"kr{ty.NBSP}{text}"


def _label(choices: Any, value: str) -> str:
    try:
        return str(capfirst(choices(value).label))
    except ValueError:
        return value


def has_internal_content(partnership: Partnership, year: int) -> bool:
    return (
        AgendaItem.objects.filter(
            item_closed_q(), partnership=partnership, year=year, withdrawn=False
        ).exists()
        or _closed_committees(partnership, year).exists()
    )


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _committees(partnership: Partnership, year: int) -> Any:
    start, end = _year_bounds(year)
    return Committee.objects.filter(partnership=partnership, starts_on__lte=end, ends_on__gte=start)


def _closed_committees(partnership: Partnership, year: int) -> Any:
    return _committees(partnership, year).filter(item_closed_q("established_by"))


def _public_overrides(partnership: Partnership, year: int) -> dict[str, Any]:
    """The figures that would reveal closed items, computed from the public items
    (``meetings.public``: on a published agenda, not withdrawn), open ones only."""
    items = items_public(partnership=partnership).filter(year=year)
    open_items = items.filter(item_open_q())
    per_area, per_sdg = items_per_area_and_goal(open_items)
    bases = Counter(
        legal_basis_label(reference, plain_name)
        for reference, plain_name in items.filter(item_closed_q()).values_list(
            "closed_session__legal_basis__reference", "closed_session__legal_basis__plain_name"
        )
    )
    start, end = _year_bounds(year)
    open_committees = committees_public(partnership=partnership).filter(
        starts_on__lte=end, ends_on__gte=start
    )
    return {
        "items_per_area": {str(k): v for k, v in per_area.items()},
        "items_per_sdg": per_sdg,
        "closed_items": [
            {"legal_basis": ty.nbsp(str(basis)), "count": n} for basis, n in sorted(bases.items())
        ],
        "committees_active": [c.name for c in open_committees.order_by("starts_on")],
        "committees_closed": _closed_committees(partnership, year).count(),
    }


def annual_context(partnership: Partnership, year: int, *, internal: bool) -> dict[str, Any]:
    """The report's content, in the partnership's written form (``document_language``),
    whatever language the caller runs in: labels, warnings and dates are made under it."""
    language = document_language(partnership)
    with translation.override(language):
        data = annual_report_data(partnership=partnership, year=year)
        return _context(partnership, year, data, internal=internal, language=language)


def _context(
    partnership: Partnership, year: int, data: AnnualReportData, *, internal: bool, language: str
) -> dict[str, Any]:
    figures = _figures(partnership, year, data, internal=internal)
    return {
        "doc": _doc(partnership, year, internal=internal, language=language),
        "year": year,
        "compliance": _compliance(data),
        "meeting_requests": data.meeting_requests,
        **_items(figures),
        "closed_items": figures["closed_items"],
        "proposals": data.proposals,
        "follow_up": _follow_up(data),
        "amendments": [
            {"state": _label(Proposal.AmendmentState, state), "count": count}
            for state, count in data.amendments.items()
        ],
        "committees_active": figures["committees_active"],
        "committees_closed": figures["committees_closed"],
        "committee_reports": data.committee_reports,
        "guests": data.guests,
        "guests_late_notice": data.guests_late_notice,
        "finances": _finances(data),
    }


def _figures(
    partnership: Partnership, year: int, data: AnnualReportData, *, internal: bool
) -> dict[str, Any]:
    """The figures that differ between the internal report and the public one (which counts
    only what the public may see)."""
    if not internal:
        return _public_overrides(partnership, year)
    return {
        "items_per_area": data.items_per_area,
        "items_per_sdg": data.items_per_sdg,
        "closed_items": [],
        "committees_active": data.committees_active,
        "committees_closed": 0,
    }


def _doc(partnership: Partnership, year: int, *, internal: bool, language: str) -> dict[str, Any]:
    today = time.today()
    names = {"year": year, "partnership": partnership.name}
    return {
        "kind": pgettext("generated document", "Annual report %(year)s") % names,
        "title": pgettext("generated document", "Annual report %(year)s – %(partnership)s") % names,
        "date": ty.date(today),
        "iso_date": today.isoformat(),
        "partnership": partnership.name,
        "internal": internal,
        "description": pgettext("generated document", "Annual report %(year)s for %(partnership)s")
        % names,
        "language": language,
    }


def _compliance(data: AnnualReportData) -> dict[str, Any] | None:
    compliance = data.compliance
    if not compliance:
        return None
    return {
        "minimum": compliance.minimum,
        "planned": compliance.planned,
        "held": compliance.held,
        "cycle_adopted": compliance.cycle_adopted,
        "warnings": [str(w) for w in compliance.warnings],
    }


def _items(figures: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Items per cooperation area and per sustainable development goal (named in the
    document's language: ``annual_context`` runs in it)."""
    goals = {goal.number: goal.name for goal in SustainableDevelopmentGoal.objects.all()}
    return {
        "items_per_area": [
            {"name": name, "count": count} for name, count in figures["items_per_area"].items()
        ],
        "items_per_sdg": [
            {"number": number, "name": goals.get(number, ""), "count": count}
            for number, count in figures["items_per_sdg"].items()
        ],
    }


def _follow_up(data: AnnualReportData) -> list[dict[str, Any]]:
    return [
        {
            "body": body,
            "states": [
                {"status": _label(FollowUp.Status, status), "count": count}
                for status, count in states.items()
            ],
        }
        for body, states in data.follow_up_states.items()
    ]


def _finances(data: AnnualReportData) -> list[dict[str, Any]]:
    return [
        {
            "party": f.party,
            "costs": [
                {"category": _label(CostEntry.Category, category), "amount": money(amount)}
                for category, amount in f.costs_by_category.items()
            ],
            "total": money(f.total_costs),
            "allocated": money(f.allocated),
            "charged": money(f.charged_to_allocations),
            "remaining": money(f.remaining),
        }
        for f in data.finances
    ]

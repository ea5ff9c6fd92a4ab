"""The annual cycle as a year wheel, and the year's report figures with charts."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from partnerskap.agreements.models import Partnership
from partnerskap.core import time
from partnerskap.core.page_cache import data_version
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.selectors import annual_cycle_in_force, compliance_for_years
from partnerskap.portal.charts import bar_chart, wheel_dots, wheel_months
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.portal.selectors import cycle_entries, meetings_of_year
from partnerskap.reports.annual import annual_report_data


def _years(partnership: Partnership) -> list[int]:
    return list(range(partnership.period_start.year, partnership.period_end.year + 1))


def _outside_period(
    request: HttpRequest, partnership: Partnership, year: int, view: str
) -> HttpResponse:
    """A year outside the period explains itself and links to the period's years (404)."""
    context = {"partnership": partnership, "year": year, "years": _years(partnership), "view": view}
    return render(request, "portal/year_outside.html", context, status=404)


@public_page
def cycle(request: HttpRequest, partnership: str, year: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    if year not in _years(obj):
        return _outside_period(request, obj, year, "portal:cycle")
    adopted = annual_cycle_in_force(partnership=obj, year=year)
    entries = cycle_entries(cycle=adopted)
    meetings = meetings_of_year(partnership=obj, year=year)
    planned_dates = {e.date for e in entries if e.kind == "meeting"}
    dots = wheel_dots(
        [(e.date, e.kind, e.title) for e in entries]
        + [(m.date, "meeting", m.title) for m in meetings if m.date not in planned_dates]
    )
    context = {
        "partnership": obj,
        "year": year,
        "years": _years(obj),
        "cycle": adopted,
        "entries": entries,
        "meetings": meetings,
        "segments": wheel_months(year),
        "dots": sorted(dots, key=lambda d: d.date),
    }
    return render(request, "portal/cycle.html", context)


#: Seconds a year's figures stay in the cache; any write makes a new key sooner.
YEAR_CACHE_SECONDS = 24 * 60 * 60


def _year_figures(request: HttpRequest, partnership: Partnership, year: int) -> dict[str, Any]:
    """The year's report, compliance and charts: about twenty queries to compute, so they are
    cached under the data version the ETag uses (any write through a service or the admin
    gives a new key), the day (compliance and overdue marks depend on it) and the language
    (labels and warnings are translated). ``partnership.modified`` keeps a key from matching
    another database whose ids happen to be the same (tests roll back and reuse ids)."""
    key = ":".join(
        [
            "portal:year",
            str(partnership.pk),
            partnership.modified.isoformat(),
            str(year),
            get_language() or "",
            time.today().isoformat(),
            data_version(request),
        ]
    )
    figures: dict[str, Any] | None = cache.get(key)
    if figures is not None:
        return figures
    compliance = compliance_for_years(partnership=partnership)
    report = annual_report_data(partnership=partnership, year=year, public=True, years=compliance)
    outcome_totals: dict[str, int] = {}
    for statuses in report.follow_up_states.values():
        for status, count in statuses.items():
            outcome_totals[status] = outcome_totals.get(status, 0) + count
    status_labels = {value: str(label) for value, label in FollowUp.Status.choices}
    figures = {
        "report": report,
        "meetings_chart": bar_chart(
            [(str(y.year), y.held) for y in compliance],
            minimum=partnership.minimum_meetings_per_year,
        ),
        "compliance": compliance,
        "outcomes_chart": bar_chart(
            [(status_labels[s], n) for s, n in outcome_totals.items()], bar=64
        ),
        "areas_chart": bar_chart(list(report.items_per_area.items()), bar=64),
        "status_labels": status_labels,
    }
    cache.set(key, figures, YEAR_CACHE_SECONDS)
    return figures


@public_page
def year(request: HttpRequest, partnership: str, year: int) -> HttpResponse:
    obj = partnership_or_404(partnership)
    if year not in _years(obj):
        return _outside_period(request, obj, year, "portal:year")
    context = {
        "partnership": obj,
        "year": year,
        "years": _years(obj),
        **_year_figures(request, obj, year),
    }
    return render(request, "portal/year.html", context)

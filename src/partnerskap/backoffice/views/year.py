"""Plan the year: the annual cycle's versions and milestones (A12) and the year's meetings
against the minimum (A4). The secretariats draft a version and adopt it by the procedural item
it was decided under; everyone else with a role in the partnership reads the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.forms_year import AdoptForm, CycleForm, EntryFormSet
from partnerskap.backoffice.history import history_for
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry, Meeting
from partnerskap.meetings.selectors import HELD, YearCompliance, compliance_for_years
from partnerskap.meetings.services.cycle import CycleEntry, annual_cycle_adopt, annual_cycle_draft
from partnerskap.people import policy


@dataclass(frozen=True)
class YearRow:
    year: int
    planned: int
    held: int
    adopted_version: int | None
    draft_version: int | None


@dataclass(frozen=True)
class Version:
    cycle: AnnualCycle
    state: str  # "in_force", "draft" or "superseded"


def _years(partnership: Partnership) -> range:
    return range(partnership.period_start.year, partnership.period_end.year + 1)


@login_required
def year_index(request: HttpRequest) -> HttpResponse:
    """Every visible partnership's years, with the cycle's state and the meetings counted."""
    partnerships = list(policy.partnerships_visible(request.user).order_by("-period_start", "name"))
    latest: dict[tuple[int, int], AnnualCycle] = {}
    adopted: dict[tuple[int, int], int] = {}
    for cycle in AnnualCycle.objects.filter(partnership__in=partnerships).order_by("version"):
        key = (cycle.partnership_id, cycle.year)
        latest[key] = cycle
        if cycle.is_adopted:
            adopted[key] = cycle.version
    counts = {
        (row["partnership_id"], row["starts_at__year"]): row
        for row in Meeting.objects.filter(partnership__in=partnerships)
        .values("partnership_id", "starts_at__year")
        .annotate(
            planned=Count("pk", filter=~Q(status=Meeting.Status.CANCELLED)),
            held=Count("pk", filter=Q(status__in=HELD)),
        )
    }
    boards = []
    for partnership in partnerships:
        rows = []
        for year in _years(partnership):
            key = (partnership.pk, year)
            row = counts.get(key, {"planned": 0, "held": 0})
            last = latest.get(key)
            rows.append(
                YearRow(
                    year=year,
                    planned=row["planned"],
                    held=row["held"],
                    adopted_version=adopted.get(key),
                    draft_version=last.version if last and not last.is_adopted else None,
                )
            )
        boards.append((partnership, rows))
    return render(request, "backoffice/year/index.html", {"boards": boards})


def _partnership(request: HttpRequest, slug: str, year: int) -> Partnership:
    partnership = get_object_or_404(policy.partnerships_visible(request.user), slug=slug)
    if year not in _years(partnership):
        raise Http404(_("The year is outside the partnership's period."))
    return partnership


def _require_editor(request: HttpRequest, partnership: Partnership) -> None:
    if not policy.can_edit_partnership(request.user, partnership):
        raise PermissionDenied(_("Only the parties' secretariats can plan the year."))


def _meetings(partnership: Partnership, year: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(partnership=partnership, starts_at__year=year)
        .select_related("notice")
        .order_by("starts_at")
    )


def _versions(partnership: Partnership, year: int) -> list[Version]:
    cycles = (
        AnnualCycle.objects.filter(partnership=partnership, year=year)
        .select_related("adopted_by__meeting", "adopted_by__closed_session")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=AnnualCycleEntry.objects.select_related("meeting").order_by("date", "pk"),
            )
        )
        .order_by("-version")
    )
    versions = []
    in_force_seen = False
    for cycle in cycles:
        if not cycle.is_adopted:
            state = "draft"
        elif not in_force_seen:
            state, in_force_seen = "in_force", True
        else:
            state = "superseded"
        versions.append(Version(cycle, state))
    return versions


def _compliance(partnership: Partnership, year: int) -> YearCompliance | None:
    """A4 for the year; a year still ahead is judged as the year being planned."""
    today = time.today()
    on = today if year <= today.year else dt.date(year, 1, 1)
    years = compliance_for_years(partnership=partnership, today=on)
    return next((c for c in years if c.year == year), None)


def _adoptable(partnership: Partnership, year: int) -> QuerySet[AgendaItem]:
    """Items a cycle of ``year`` may be adopted under: procedural items about the annual cycle
    at the partnership's meetings that year or the year before, not used for another version."""
    return (
        AgendaItem.objects.filter(
            partnership=partnership,
            kind=AgendaItem.Kind.PROCEDURAL,
            procedural_subject=AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
            withdrawn=False,
            annual_cycle__isnull=True,
            meeting__starts_at__year__in=(year - 1, year),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "number")
    )


def _entry_initial(version: Version | None) -> list[dict[str, Any]]:
    if version is None:
        return []
    return [
        {
            "kind": e.kind,
            "date": e.date,
            "title": e.title,
            "description": e.description,
            "meeting": str(e.meeting_id) if e.meeting_id else "",
        }
        for e in version.cycle.entries.all()
    ]


def _context(
    request: HttpRequest,
    partnership: Partnership,
    year: int,
    *,
    cycle_form: CycleForm | None = None,
    entries: Any = None,
    adopt_form: AdoptForm | None = None,
) -> dict[str, Any]:
    versions = _versions(partnership, year)
    meetings = _meetings(partnership, year)
    latest = versions[0] if versions else None
    draft = latest if latest and latest.state == "draft" else None
    can_edit = policy.can_edit_partnership(request.user, partnership)
    context: dict[str, Any] = {
        "partnership": partnership,
        "year": year,
        "years": _years(partnership),
        "versions": versions,
        "latest": latest,
        "draft": draft,
        "in_force": next((v for v in versions if v.state == "in_force"), None),
        "meetings": meetings,
        "compliance": _compliance(partnership, year),
        "can_edit": can_edit,
        "can_read_exempt": policy.can_read_exempt(request.user, partnership),
        "history": history_for(*(v.cycle for v in versions)),
    }
    if can_edit:
        if cycle_form is None:
            cycle_form = CycleForm(prefix="cycle")
        if entries is None:
            entries = EntryFormSet(
                prefix="entries",
                initial=_entry_initial(latest),
                form_kwargs={"meetings": meetings},
            )
        context["cycle_form"], context["entries"] = cycle_form, entries
        if draft is not None and adopt_form is None:
            adopt_form = AdoptForm(
                items=_adoptable(partnership, year), initial={"cycle": draft.cycle.pk}
            )
        context["adopt_form"] = adopt_form if draft is not None else None
    return context


@login_required
def year_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    partnership = _partnership(request, slug, year)
    return render(request, "backoffice/year/detail.html", _context(request, partnership, year))


def _refused(
    request: HttpRequest, partnership: Partnership, year: int, exc: DomainError | None, **forms: Any
) -> HttpResponse:
    if exc is None:
        messages.error(request, _("Check the form: the fields marked below need fixing."))
        status = 400
    else:
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, ConflictError) else 400
    context = _context(request, partnership, year, **forms)
    return render(request, "backoffice/year/detail.html", context, status=status)


@login_required
@require_POST
def year_draft(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Draft the next version of the year's cycle (the first, or a revision of the one in force)."""
    partnership = _partnership(request, slug, year)
    _require_editor(request, partnership)
    cycle_form = CycleForm(request.POST, prefix="cycle")
    entries = EntryFormSet(
        request.POST, prefix="entries", form_kwargs={"meetings": _meetings(partnership, year)}
    )
    forms = {"cycle_form": cycle_form, "entries": entries}
    if not (cycle_form.is_valid() and entries.is_valid()):
        return _refused(request, partnership, year, None, **forms)
    kept = [
        f.cleaned_data
        for f in entries.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
    ]
    try:
        cycle = annual_cycle_draft(
            partnership=partnership,
            year=year,
            entries=[
                CycleEntry(
                    kind=d["kind"],
                    date=d["date"],
                    title=d["title"],
                    description=d["description"],
                    meeting=d["meeting"],
                )
                for d in kept
            ],
            note=cycle_form.cleaned_data["note"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        cycle_form.add_error(exc.field if exc.field in cycle_form.fields else None, str(exc))
        return _refused(request, partnership, year, exc, **forms)
    messages.success(
        request,
        _("Version %(version)d of the %(year)d cycle is drafted; the meeting adopts it.")
        % {"version": cycle.version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


@login_required
@require_POST
def year_adopt(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Adopt a drafted version by the procedural item it was decided under (A12)."""
    partnership = _partnership(request, slug, year)
    _require_editor(request, partnership)
    form = AdoptForm(request.POST, items=_adoptable(partnership, year))
    if not form.is_valid():
        return _refused(request, partnership, year, None, adopt_form=form)
    cycle = get_object_or_404(
        AnnualCycle, pk=form.cleaned_data["cycle"], partnership=partnership, year=year
    )
    try:
        annual_cycle_adopt(cycle=cycle, item=form.cleaned_data["item"], actor=user_of(request.user))
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else "item", str(exc))
        return _refused(request, partnership, year, exc, adopt_form=form)
    messages.success(
        request,
        _("Version %(version)d of the %(year)d cycle is adopted.")
        % {"version": cycle.version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


urlpatterns: list[URLPattern] = [
    path("arshjul/", year_index, name="years"),
    path("arshjul/<slug:slug>/<int:year>/", year_detail, name="year"),
    path("arshjul/<slug:slug>/<int:year>/utkast/", year_draft, name="year_draft"),
    path("arshjul/<slug:slug>/<int:year>/vedta/", year_adopt, name="year_adopt"),
]

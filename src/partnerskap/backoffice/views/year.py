"""Plan the year: the annual cycle's versions and milestones (A12) and the year's meetings
against the minimum (A4). The secretariats draft a version, change or discard it while it awaits
adoption, and adopt it by the procedural item it was decided under; everyone else with a role in
the partnership reads the page. The forms acting on a draft carry its lock token, so a change
made meanwhile is refused (409) with the user's input kept. Changing and discarding a draft are
in ``year_draft``."""

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
from partnerskap.backoffice.forms_year import (
    AdoptForm,
    CycleForm,
    DiscardForm,
    EntryFormSet,
)
from partnerskap.backoffice.history import Event, history_for
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry, Meeting
from partnerskap.meetings.selectors import HELD, YearCompliance, compliance_for_years, items_shown
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_adopt,
    annual_cycle_draft,
    annual_cycle_lock,
    draft_gone,
)
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
        .select_related("adopted_by__meeting", "adopted_by__closed_session__legal_basis")
        .prefetch_related(
            "adopted_by__areas",
            Prefetch(
                "entries",
                queryset=AnnualCycleEntry.objects.select_related("meeting").order_by("date", "pk"),
            ),
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


def _entry_initial(cycle: AnnualCycle | None, *, with_ids: bool = False) -> list[dict[str, Any]]:
    if cycle is None:
        return []
    return [
        {
            "kind": e.kind,
            "date": e.date,
            "title": e.title,
            "description": e.description,
            "meeting": str(e.meeting_id) if e.meeting_id else "",
            **({"id": e.pk} if with_ids else {}),
        }
        for e in cycle.entries.all()
    ]


def _history(partnership: Partnership, year: int, versions: list[Version]) -> list[Event]:
    """The history of the year's versions, discarded drafts included (their rows are gone; the
    discard's audit entry names the partnership and year)."""
    discarded = AuditEntry.objects.filter(
        action="meetings.cycle.discarded",
        target_type=AnnualCycle._meta.label_lower,
        data__partnership=partnership.pk,
        data__year=year,
    ).values_list("target_id", flat=True)
    gone = [AnnualCycle(pk=int(pk)) for pk in discarded if pk.isdigit()]
    return history_for(*(v.cycle for v in versions), *gone)


def _context(
    request: HttpRequest,
    partnership: Partnership,
    year: int,
    *,
    cycle_form: CycleForm | None = None,
    entries: Any = None,
    adopt_form: AdoptForm | None = None,
    discard_form: DiscardForm | None = None,
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
        # The items that adopted each version, as this user may see them (L3).
        "shown": {
            i.pk: i
            for i in items_shown(
                user=request.user,
                items=[v.cycle.adopted_by for v in versions if v.cycle.adopted_by],
            )
        },
        "history": _history(partnership, year, versions),
    }
    if not can_edit:
        return context
    if draft is None:
        # No draft awaits adoption: the form drafts the next version, from the latest one.
        if cycle_form is None:
            cycle_form = CycleForm(prefix="cycle")
        if entries is None:
            entries = EntryFormSet(
                prefix="entries",
                initial=_entry_initial(latest.cycle if latest else None),
                form_kwargs={"meetings": meetings},
            )
        context["cycle_form"], context["entries"] = cycle_form, entries
    else:
        # A draft awaits adoption: adopt or discard it as read now; it is changed on its own
        # page (``year_edit``), so this page does not render its entry forms.
        mark = {"cycle": draft.cycle.pk, "lock": annual_cycle_lock(draft.cycle)}
        if adopt_form is None:
            adopt_form = AdoptForm(items=_adoptable(partnership, year), initial=mark)
        if discard_form is None:
            discard_form = DiscardForm(prefix="discard", initial=mark)
        context["adopt_form"], context["discard_form"] = adopt_form, discard_form
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


def _cycle_entries(entries: Any) -> list[CycleEntry]:
    """The entries a valid formset keeps: empty rows and rows marked for deletion left out."""
    return [
        CycleEntry(
            kind=d["kind"],
            date=d["date"],
            title=d["title"],
            description=d["description"],
            meeting=d["meeting"],
            entry_id=d.get("id"),
        )
        for d in (f.cleaned_data for f in entries.forms)
        if d and not d.get("DELETE", False)
    ]


def _current_draft(partnership: Partnership, year: int) -> AnnualCycle | None:
    latest = (
        AnnualCycle.objects.filter(partnership=partnership, year=year)
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=AnnualCycleEntry.objects.select_related("meeting").order_by("date", "pk"),
            )
        )
        .order_by("-version")
        .first()
    )
    return latest if latest is not None and not latest.is_adopted else None


def _draft_of(partnership: Partnership, year: int, pk: int) -> AnnualCycle:
    """The draft a form names; a draft gone meanwhile is a conflict, not a missing page."""
    cycle = AnnualCycle.objects.filter(pk=pk, partnership=partnership, year=year).first()
    if cycle is None:
        raise draft_gone(year)
    return cycle


def _rebound(request: HttpRequest, draft: AnnualCycle | None, prefix: str) -> Any:
    """The submitted values, carrying the current draft's id and lock token, so that saving
    again (after reading what changed) keeps this user's version."""
    values = request.POST.copy()
    if draft is not None:
        values[f"{prefix}cycle"] = str(draft.pk)
        values[f"{prefix}lock"] = annual_cycle_lock(draft)
    return values


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
    try:
        cycle = annual_cycle_draft(
            partnership=partnership,
            year=year,
            entries=_cycle_entries(entries),
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
    try:
        cycle = _draft_of(partnership, year, form.cleaned_data["cycle"])
        annual_cycle_adopt(
            cycle=cycle,
            item=form.cleaned_data["item"],
            expected_lock=form.cleaned_data["lock"] or None,
            actor=user_of(request.user),
        )
    except ConflictError as exc:
        if exc.code == "meetings.cycle.already_adopted":
            form.add_error("item", str(exc))
            return _refused(request, partnership, year, exc, adopt_form=form)
        # Changed or discarded meanwhile: the page shows the draft as it is now; adopting it
        # takes a second, deliberate click.
        draft = _current_draft(partnership, year)
        retry = AdoptForm(_rebound(request, draft, ""), items=_adoptable(partnership, year))
        retry.is_valid()
        retry.add_error(None, str(exc))
        return _refused(request, partnership, year, exc, adopt_form=retry)
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

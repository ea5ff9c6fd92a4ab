"""Change or discard a draft of the annual cycle while it awaits adoption (A12), on a page of
its own: the forms carry the draft's lock token, so a change made meanwhile is refused (409)
with a table of what changed and the user's input kept; saving again keeps the user's version.
An adopted version is frozen (``meetings.cycle.adopted_is_frozen``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.forms_year import (
    CycleEditForm,
    CycleForm,
    DiscardForm,
    EditEntryFormSet,
    entry_initial,
)
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import (
    cycle_draft_current,
    cycle_draft_named,
    meetings_of_year,
)
from partnerskap.backoffice.views.year import (
    PlanYear,
    cycle_entries,
    planner_required,
    rebound,
    year_refused,
)
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AnnualCycle, AnnualCycleEntry, Meeting
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_discard,
    annual_cycle_lock,
    annual_cycle_update,
)


def _summaries(entries: list[CycleEntry]) -> str:
    """Entries one per line, as the conflict table compares them."""
    lines = []
    for e in sorted(entries, key=lambda e: (e.date, e.title)):
        parts = [f"{e.date:%d.%m.%Y}", str(AnnualCycleEntry.Kind(e.kind).label), e.title]
        parts += [e.description] if e.description else []
        parts += [e.meeting.title] if e.meeting else []
        lines.append(" · ".join(parts))
    return "\n".join(lines)


def _what_changed(
    draft: AnnualCycle | None, note: str, yours: list[CycleEntry]
) -> list[dict[str, str]]:
    """The note and entries as saved now against what this user submitted, where they differ."""
    if draft is None:
        return []
    saved = [
        CycleEntry(e.kind, e.date, e.title, e.description, e.meeting) for e in draft.entries.all()
    ]
    rows = []
    if draft.note != note:
        rows.append(
            {"field": str(CycleForm.base_fields["note"].label), "saved": draft.note, "yours": note}
        )
    if _summaries(saved) != _summaries(yours):
        rows.append({"field": _("Entries"), "saved": _summaries(saved), "yours": _summaries(yours)})
    return rows


def _edit_page(
    request: HttpRequest,
    partnership: Partnership,
    year: int,
    draft: AnnualCycle,
    meetings: list[Meeting],
    *,
    form: CycleEditForm | None = None,
    entries: Any = None,
    conflict: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        form = CycleEditForm(
            prefix="cycle",
            initial={"note": draft.note, "cycle": draft.pk, "lock": annual_cycle_lock(draft)},
        )
    if entries is None:
        entries = EditEntryFormSet(
            prefix="entries",
            initial=entry_initial(draft, with_ids=True),
            form_kwargs={"meetings": meetings},
        )
    context = {
        "partnership": partnership,
        "year": year,
        "draft": draft,
        "cycle_form": form,
        "entries": entries,
        "conflict": conflict,
    }
    return render(request, "backoffice/year/edit.html", context, status=status)


def _edit_refused(
    request: HttpRequest,
    partnership: Partnership,
    year: int,
    meetings: list[Meeting],
    exc: DomainError | None,
    *,
    draft: AnnualCycle | None,
    form: CycleEditForm,
    entries: Any,
    conflict: list[dict[str, str]] | None = None,
) -> HttpResponse:
    """A refused change, with everything typed kept: on the edit page while a draft awaits
    adoption; once it was adopted or discarded, on the year page, whose new-draft form then
    holds this user's entries."""
    if draft is None:
        return year_refused(request, partnership, year, exc, cycle_form=form, entries=entries)
    status = page_refusal(request, exc)
    return _edit_page(
        request,
        partnership,
        year,
        draft,
        meetings,
        form=form,
        entries=entries,
        conflict=conflict,
        status=status,
    )


def _edit_conflict(
    request: HttpRequest,
    partnership: Partnership,
    year: int,
    meetings: list[Meeting],
    exc: ConflictError,
    *,
    form: CycleEditForm,
    entries: Any,
) -> HttpResponse:
    """Someone else changed, adopted or discarded the draft meanwhile: show what is saved now
    against what this user typed; the form keeps the input and carries the current lock, so
    saving again, deliberately, keeps this user's version."""
    draft = cycle_draft_current(partnership=partnership, year=year)
    values = rebound(request, draft, "cycle-")
    # Entries removed meanwhile come back as new ones if this user saves again.
    ids = {str(e.pk) for e in draft.entries.all()} if draft is not None else set()
    for i in range(entries.total_form_count()):
        if values.get(f"entries-{i}-id", "") not in ids:
            values[f"entries-{i}-id"] = ""
    retry = CycleEditForm(values, prefix="cycle")
    retry_entries = EditEntryFormSet(values, prefix="entries", form_kwargs={"meetings": meetings})
    retry.is_valid()
    retry_entries.is_valid()
    retry.add_error(None, str(exc))
    return _edit_refused(
        request,
        partnership,
        year,
        meetings,
        exc,
        draft=draft,
        form=retry,
        entries=retry_entries,
        conflict=_what_changed(draft, form.cleaned_data["note"], cycle_entries(entries)),
    )


@login_required
@require_http_methods(["GET", "POST"])
@planner_required
def year_edit(request: HttpRequest, plan: PlanYear) -> HttpResponse:
    """Change the draft awaiting adoption: its note, and its entries (add, change, remove)."""
    partnership, year = plan.partnership, plan.year
    meetings = list(meetings_of_year(partnership=partnership, year=year))
    if request.method == "GET":
        draft = cycle_draft_current(partnership=partnership, year=year)
        if draft is None:
            messages.info(
                request, _("No draft of the %(year)d cycle awaits adoption.") % {"year": year}
            )
            return redirect("backoffice:year", slug=partnership.slug, year=year)
        return _edit_page(request, partnership, year, draft, meetings)
    form = CycleEditForm(request.POST, prefix="cycle")
    entries = EditEntryFormSet(request.POST, prefix="entries", form_kwargs={"meetings": meetings})
    if not (form.is_valid() and entries.is_valid()):
        draft = cycle_draft_current(partnership=partnership, year=year)
        return _edit_refused(
            request, partnership, year, meetings, None, draft=draft, form=form, entries=entries
        )
    try:
        cycle = annual_cycle_update(
            cycle=cycle_draft_named(
                partnership=partnership, year=year, pk=form.cleaned_data["cycle"]
            ),
            entries=cycle_entries(entries),
            note=form.cleaned_data["note"],
            expected_lock=form.cleaned_data["lock"],
            actor=user_of(request.user),
        )
    except ConflictError as exc:
        return _edit_conflict(request, partnership, year, meetings, exc, form=form, entries=entries)
    except DomainError as exc:
        form_refusal(form, exc)
        draft = cycle_draft_current(partnership=partnership, year=year)
        return _edit_refused(
            request, partnership, year, meetings, exc, draft=draft, form=form, entries=entries
        )
    messages.success(
        request,
        _("Version %(version)d of the %(year)d cycle is saved; the meeting adopts it.")
        % {"version": cycle.version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


@login_required
@require_POST
@planner_required
def year_discard(request: HttpRequest, plan: PlanYear) -> HttpResponse:
    """Discard the draft awaiting adoption, with its entries (an adopted version stays)."""
    partnership, year = plan.partnership, plan.year
    form = DiscardForm(request.POST, prefix="discard")
    if not form.is_valid():
        return year_refused(request, partnership, year, None, discard_form=form)
    try:
        cycle = cycle_draft_named(partnership=partnership, year=year, pk=form.cleaned_data["cycle"])
        version = cycle.version
        annual_cycle_discard(
            cycle=cycle, expected_lock=form.cleaned_data["lock"], actor=user_of(request.user)
        )
    except DomainError as exc:
        draft = cycle_draft_current(partnership=partnership, year=year)
        retry = DiscardForm(rebound(request, draft, "discard-"), prefix="discard")
        retry.is_valid()
        retry.add_error(None, str(exc))
        return year_refused(request, partnership, year, exc, discard_form=retry)
    messages.success(
        request,
        _("The draft of version %(version)d of the %(year)d cycle is discarded.")
        % {"version": version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


urlpatterns: list[URLPattern] = [
    path("arshjul/<slug:slug>/<year:year>/utkast/endre/", year_edit, name="year_edit"),
    path("arshjul/<slug:slug>/<year:year>/utkast/forkast/", year_discard, name="year_discard"),
]

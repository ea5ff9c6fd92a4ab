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
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.forms_year import (
    AdoptForm,
    CycleForm,
    DiscardForm,
    EntryFormSet,
    entry_initial,
)
from partnerskap.backoffice.history import Event, history_for
from partnerskap.backoffice.permissions import concluded_message, permission_required, run_refusal
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import (
    cycle_draft_current,
    cycle_draft_named,
    cycles_discarded,
    cycles_in,
    cycles_of_year,
    items_adoptable_for_cycle,
    meetings_counted_by_year,
    meetings_of_year,
)
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.meetings.models import AgendaItem, AnnualCycle, Meeting
from partnerskap.meetings.selectors import (
    YearCompliance,
    compliance_for_years,
    items_shown,
    meetings_beyond_cycle,
)
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_adopt,
    annual_cycle_draft,
    annual_cycle_lock,
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
    for cycle in cycles_in(partnerships=partnerships):
        key = (cycle.partnership_id, cycle.year)
        latest[key] = cycle
        if cycle.is_adopted:
            adopted[key] = cycle.version
    counts = meetings_counted_by_year(partnerships=partnerships)
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
    concluded = {p.pk for p in partnerships if policy.is_concluded(p)}
    return render(request, "backoffice/year/index.html", {"boards": boards, "concluded": concluded})


def _visible(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(policy.partnerships_visible(request.user), slug=slug)


def _partnership(request: HttpRequest, slug: str, year: int) -> Partnership:
    partnership = _visible(request, slug)
    if year not in _years(partnership):
        raise Http404(_("The year is outside the partnership's period."))
    return partnership


def _outside_period(request: HttpRequest, partnership: Partnership, year: int) -> HttpResponse:
    """A year outside the period explains itself and links to the years that are in it (and
    to the renewed partnership, when it covers the year)."""
    renewal = getattr(partnership, "renewal", None)
    visible = policy.partnerships_visible(request.user)
    successor = (
        renewal
        if renewal is not None
        and renewal.covers(dt.date(year, 1, 1))
        and visible.filter(pk=renewal.pk).exists()
        else None
    )
    context = {
        "partnership": partnership,
        "year": year,
        "years": _years(partnership),
        "successor": successor,
    }
    return render(request, "backoffice/year/outside.html", context, status=404)


@dataclass(frozen=True)
class PlanYear:
    """A year of a partnership the user works in, within its period."""

    partnership: Partnership
    year: int


def _plan_year(request: HttpRequest, slug: str, year: int) -> PlanYear:
    return PlanYear(_partnership(request, slug, year), year)


#: Drafting, changing, discarding and adopting the year's cycle: the parties' secretariats,
#: while the partnership has not concluded (``policy.can_plan``).
planner_required = permission_required(
    policy.can_plan,
    load=_plan_year,
    subject=lambda plan: plan.partnership,
    refusal=run_refusal(gettext_lazy("Only the parties' secretariats can plan the year.")),
)


def _meetings(partnership: Partnership, year: int) -> list[Meeting]:
    return list(meetings_of_year(partnership=partnership, year=year))


def _versions(partnership: Partnership, year: int) -> list[Version]:
    cycles = cycles_of_year(partnership=partnership, year=year)
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
    return items_adoptable_for_cycle(partnership=partnership, year=year)


def _history(partnership: Partnership, year: int, versions: list[Version]) -> list[Event]:
    """The history of the year's versions, discarded drafts included (their rows are gone; the
    discard's audit entry names the partnership and year)."""
    gone = cycles_discarded(partnership=partnership, year=year)
    return history_for(*(v.cycle for v in versions), *gone)


def _plan_forms(
    partnership: Partnership,
    year: int,
    latest: Version | None,
    draft: Version | None,
    meetings: list[Meeting],
    *,
    cycle_form: CycleForm | None,
    entries: Any,
    adopt_form: AdoptForm | None,
    discard_form: DiscardForm | None,
) -> dict[str, Any]:
    """The planner's forms (bound ones, after a refusal, kept as given)."""
    if draft is None:
        # No draft awaits adoption: the form drafts the next version, from the latest one.
        if entries is None:
            entries = EntryFormSet(
                prefix="entries",
                initial=entry_initial(latest.cycle if latest else None),
                form_kwargs={"meetings": meetings},
            )
        if cycle_form is None:
            cycle_form = CycleForm(prefix="cycle")
        return {"cycle_form": cycle_form, "entries": entries}
    # A draft awaits adoption: adopt or discard it as read now; it is changed on its own page
    # (``year_edit``), so this page does not render its entry forms.
    mark = {"cycle": draft.cycle.pk, "lock": annual_cycle_lock(draft.cycle)}
    if adopt_form is None:
        adopt_form = AdoptForm(items=_adoptable(partnership, year), initial=mark)
    if discard_form is None:
        discard_form = DiscardForm(prefix="discard", initial=mark)
    return {"adopt_form": adopt_form, "discard_form": discard_form}


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
    can_edit = policy.can_plan(request.user, partnership)
    concluded = policy.is_concluded(partnership)
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
        "concluded": concluded_message(partnership) if concluded else "",
        "beyond_cycle": meetings_beyond_cycle(partnership=partnership, year=year),
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
    if can_edit:
        context.update(
            _plan_forms(
                partnership,
                year,
                latest,
                draft,
                meetings,
                cycle_form=cycle_form,
                entries=entries,
                adopt_form=adopt_form,
                discard_form=discard_form,
            )
        )
    return context


@login_required
def year_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    partnership = _visible(request, slug)
    if year not in _years(partnership):
        return _outside_period(request, partnership, year)
    return render(request, "backoffice/year/detail.html", _context(request, partnership, year))


def year_refused(
    request: HttpRequest, partnership: Partnership, year: int, exc: DomainError | None, **forms: Any
) -> HttpResponse:
    status = page_refusal(request, exc)
    context = _context(request, partnership, year, **forms)
    return render(request, "backoffice/year/detail.html", context, status=status)


def cycle_entries(entries: Any) -> list[CycleEntry]:
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


def rebound(request: HttpRequest, draft: AnnualCycle | None, prefix: str) -> Any:
    """The submitted values, carrying the current draft's id and lock token, so that saving
    again (after reading what changed) keeps this user's version."""
    values = request.POST.copy()
    if draft is not None:
        values[f"{prefix}cycle"] = str(draft.pk)
        values[f"{prefix}lock"] = annual_cycle_lock(draft)
    return values


@login_required
@require_POST
@planner_required
def year_draft(request: HttpRequest, plan: PlanYear) -> HttpResponse:
    """Draft the next version of the year's cycle (the first, or a revision of the one in force)."""
    partnership, year = plan.partnership, plan.year
    cycle_form = CycleForm(request.POST, prefix="cycle")
    entries = EntryFormSet(
        request.POST, prefix="entries", form_kwargs={"meetings": _meetings(partnership, year)}
    )
    forms = {"cycle_form": cycle_form, "entries": entries}
    if not (cycle_form.is_valid() and entries.is_valid()):
        return year_refused(request, partnership, year, None, **forms)
    try:
        cycle = annual_cycle_draft(
            partnership=partnership,
            year=year,
            entries=cycle_entries(entries),
            note=cycle_form.cleaned_data["note"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        form_refusal(cycle_form, exc)
        return year_refused(request, partnership, year, exc, **forms)
    messages.success(
        request,
        _("Version %(version)d of the %(year)d cycle is drafted; the meeting adopts it.")
        % {"version": cycle.version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


@login_required
@require_POST
@planner_required
def year_adopt(request: HttpRequest, plan: PlanYear) -> HttpResponse:
    """Adopt a drafted version by the procedural item it was decided under (A12)."""
    partnership, year = plan.partnership, plan.year
    form = AdoptForm(request.POST, items=_adoptable(partnership, year))
    if not form.is_valid():
        return year_refused(request, partnership, year, None, adopt_form=form)
    try:
        cycle = cycle_draft_named(partnership=partnership, year=year, pk=form.cleaned_data["cycle"])
        annual_cycle_adopt(
            cycle=cycle,
            item=form.cleaned_data["item"],
            expected_lock=form.cleaned_data["lock"] or None,
            actor=user_of(request.user),
        )
    except ConflictError as exc:
        if exc.code == "meetings.cycle.already_adopted":
            form.add_error("item", str(exc))
            return year_refused(request, partnership, year, exc, adopt_form=form)
        # Changed or discarded meanwhile: the page shows the draft as it is now; adopting it
        # takes a second, deliberate click.
        draft = cycle_draft_current(partnership=partnership, year=year)
        retry = AdoptForm(rebound(request, draft, ""), items=_adoptable(partnership, year))
        retry.is_valid()
        retry.add_error(None, str(exc))
        return year_refused(request, partnership, year, exc, adopt_form=retry)
    except DomainError as exc:
        form_refusal(form, exc, default_field="item")
        return year_refused(request, partnership, year, exc, adopt_form=form)
    messages.success(
        request,
        _("Version %(version)d of the %(year)d cycle is adopted.")
        % {"version": cycle.version, "year": year},
    )
    return redirect("backoffice:year", slug=partnership.slug, year=year)


urlpatterns: list[URLPattern] = [
    path("arshjul/", year_index, name="years"),
    path("arshjul/<slug:slug>/<year:year>/", year_detail, name="year"),
    path("arshjul/<slug:slug>/<year:year>/utkast/", year_draft, name="year_draft"),
    path("arshjul/<slug:slug>/<year:year>/vedta/", year_adopt, name="year_adopt"),
]

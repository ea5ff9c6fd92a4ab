"""Temporary committees (A11) in the back office: the list with the overdue flag, one page per
committee, and the secretariats' steps (establish under the meeting's procedural decision,
record a report, dissolve), each one service call.

A committee set up in closed session is shown only to those who may read exempt content."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.selectors import areas_current
from partnerskap.backoffice.forms_committees import (
    STATUS_CHOICES,
    CommitteeForm,
    DissolveForm,
    MemberFormSet,
    NewMemberFormSet,
    ReportForm,
)
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, permission_required, run_refusal
from partnerskap.backoffice.refusals import form_refusal, page_refusal, refusal_status
from partnerskap.backoffice.selectors import (
    committees_listed,
    items_dissolving,
    items_establishing,
    items_reportable,
    member_candidates,
)
from partnerskap.backoffice.sorting import Column, Sorting
from partnerskap.committees import services
from partnerskap.committees.models import Committee
from partnerskap.committees.selectors import (
    committees_overdue,
    committees_overdue_in,
    readable_by,
)
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.selectors import items_shown
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

PER_PAGE = 25


def _readable(request: HttpRequest, partnerships: list[Partnership]) -> Q:
    """Committees the user may see: all in partnerships where they read exempt content, the
    rest only when not set up in closed session (L3)."""
    return Q(partnership__in=partnerships) & readable_by(request.user)


def _overdue_ids(partnerships: list[Partnership]) -> set[int]:
    overdue = committees_overdue_in(partnerships=partnerships, today=time.today())
    return set(overdue.values_list("pk", flat=True))


COMMITTEE_COLUMNS = [
    Column("navn", gettext_lazy("Committee"), ("name",)),
    Column("periode", gettext_lazy("Period"), ("starts_on", "ends_on")),
    Column("vedtak", gettext_lazy("Set up by"), ("established_by__meeting__starts_at",)),
    Column("status", gettext_lazy("Status")),
]


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    visible = list(policy.partnerships_visible(request.user).order_by("name"))
    chosen = request.GET.get("partnerskap", "")
    scope = [p for p in visible if p.slug == chosen] if chosen else visible
    today = time.today()
    sorting = Sorting(request, COMMITTEE_COLUMNS, default="-periode")
    overdue = _overdue_ids(scope)
    status = request.GET.get("status", "")
    committees = sorting.apply(
        committees_listed(
            readable=_readable(request, scope), status=status, overdue=overdue, today=today
        )
    )
    page = Paginator(committees, PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "page": page,
        "sorting": sorting,
        "overdue": overdue,
        "today": today,
        "partnerships": visible,
        "partnership": chosen,
        "statuses": STATUS_CHOICES,
        "status": status,
        "can_create": policy.partnerships_plannable(request.user).exists(),
    }
    return render(request, "backoffice/committees/list.html", context)


def _committee_for(request: HttpRequest, pk: int) -> Committee:
    visible = list(policy.partnerships_visible(request.user))
    return get_object_or_404(
        Committee.objects.filter(_readable(request, visible)).select_related(
            "partnership",
            "established_by__meeting",
            "established_by__closed_session__legal_basis",
            "dissolved_by__meeting",
            "dissolved_by__closed_session",
        ),
        pk=pk,
    )


def _report_items(committee: Committee) -> QuerySet[AgendaItem]:
    return items_reportable(committee=committee)


def _dissolve_items(committee: Committee) -> QuerySet[AgendaItem]:
    return items_dissolving(committee=committee)


def _detail_context(
    request: HttpRequest,
    committee: Committee,
    *,
    report_form: ReportForm | None = None,
    dissolve_form: DissolveForm | None = None,
) -> dict[str, Any]:
    can_edit = policy.can_run(request.user, committee.partnership)
    reports = list(
        committee.reports.select_related(
            "item__meeting", "item__closed_session__legal_basis"
        ).prefetch_related("item__areas")
    )
    decisions = [committee.established_by, *(r.item for r in reports)]
    context: dict[str, Any] = {
        "committee": committee,
        "members": committee.members.select_related("person", "party"),
        "reports": reports,
        # The items behind it as this user may see them (L3: a closed one by its public form).
        "shown": {i.pk: i for i in items_shown(user=request.user, items=decisions)},
        "areas": committee.areas.order_by("position"),
        "sdgs": committee.sdgs.order_by("number"),
        "overdue": committees_overdue(partnership=committee.partnership)
        .filter(pk=committee.pk)
        .exists(),
        "can_edit": can_edit,
        "history": history_for(committee),
    }
    if can_edit:
        context["report_form"] = report_form or ReportForm(
            items=_report_items(committee), prefix="report"
        )
        if committee.dissolved_on is None:
            context["dissolve_form"] = dissolve_form or DissolveForm(
                items=_dissolve_items(committee),
                prefix="dissolve",
                initial={"on": min(time.today(), committee.ends_on)},
            )
    return context


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_for(request, pk)
    return render(request, "backoffice/committees/detail.html", _detail_context(request, committee))


#: Reporting and dissolving: the parties' secretariats only, while the partnership runs.
editor_required = permission_required(
    policy.can_run,
    load=_committee_for,
    subject=lambda committee: committee.partnership,
    refusal=run_refusal(gettext_lazy("Only the parties' secretariats can change committees.")),
)


def _detail_refused(
    request: HttpRequest, committee: Committee, exc: DomainError | None, **forms: Any
) -> HttpResponse:
    status = page_refusal(request, exc)
    context = _detail_context(request, committee, **forms)
    return render(request, "backoffice/committees/detail.html", context, status=status)


@login_required
@require_POST
@editor_required
def committee_report(request: HttpRequest, committee: Committee) -> HttpResponse:
    form = ReportForm(request.POST, items=_report_items(committee), prefix="report")
    if not form.is_valid():
        return _detail_refused(request, committee, None, report_form=form)
    try:
        services.committee_report(
            committee=committee,
            item=form.cleaned_data["item"],
            summary=form.cleaned_data["summary"],
            is_final=form.cleaned_data["is_final"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        form_refusal(form, exc, default_field="item")
        return _detail_refused(request, committee, exc, report_form=form)
    messages.success(request, _("The report is recorded."))
    return redirect("backoffice:committee", pk=committee.pk)


@login_required
@require_POST
@editor_required
def committee_dissolve(request: HttpRequest, committee: Committee) -> HttpResponse:
    form = DissolveForm(request.POST, items=_dissolve_items(committee), prefix="dissolve")
    if not form.is_valid():
        return _detail_refused(request, committee, None, dissolve_form=form)
    try:
        services.committee_dissolve(
            committee=committee,
            on=form.cleaned_data["on"],
            item=form.cleaned_data["item"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        form_refusal(form, exc, default_field="item")
        return _detail_refused(request, committee, exc, dissolve_form=form)
    messages.success(request, _("The committee is dissolved."))
    return redirect("backoffice:committee", pk=committee.pk)


def _create_forms(partnership: Partnership, data: Any = None) -> tuple[CommitteeForm, Any, Any]:
    form = CommitteeForm(
        data,
        items=items_establishing(partnership=partnership),
        areas=areas_current(partnership=partnership),
    )
    members = MemberFormSet(
        data,
        prefix="members",
        form_kwargs={"candidates": member_candidates(partnership=partnership)},
    )
    new_members = NewMemberFormSet(
        data,
        prefix="outside",
        form_kwargs={"parties": list(partnership.parties.order_by("name"))},
    )
    return form, members, new_members


def _editable(request: HttpRequest) -> list[Partnership]:
    return list(policy.partnerships_plannable(request.user).order_by("name"))


def _sets_up_any(_user: AnyUser, editable: list[Partnership]) -> bool:
    """Set up committees: a party's secretariat, in the running partnerships it edits
    (``policy.can_run``: not in a concluded one)."""
    return bool(editable)


@login_required
@permission_required(
    _sets_up_any,
    load=_editable,
    subject=itself,
    refusal=gettext_lazy(
        "Only a party's secretariat can set up committees, in a partnership whose period has "
        "not ended."
    ),
)
def committee_create(request: HttpRequest, editable: list[Partnership]) -> HttpResponse:
    chosen = request.GET.get("partnerskap", "")
    partnership = next((p for p in editable if p.slug == chosen), None)
    if partnership is None and len(editable) == 1:
        partnership = editable[0]
    if partnership is None:
        if chosen:
            raise Http404(_("No such partnership."))
        return render(request, "backoffice/committees/choose.html", {"partnerships": editable})
    form, members, new_members = _create_forms(
        partnership, request.POST if request.method == "POST" else None
    )
    context: dict[str, Any] = {
        "form": form,
        "members": members,
        "new_members": new_members,
        "partnership": partnership,
    }
    if request.method != "POST":
        return render(request, "backoffice/committees/form.html", context)
    status = 400
    if form.is_valid() and members.is_valid() and new_members.is_valid():
        data = form.cleaned_data
        try:
            committee = services.committee_establish(
                item=data["item"],
                name=data["name"],
                task=data["task"],
                mandate=data["mandate"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                members=[f.as_member() for f in members.forms if f.cleaned_data.get("member")],
                new_members=[f.as_new_member() for f in new_members.forms if f.named],
                areas=list(data["areas"]),
                sdgs=list(data["sdgs"]),
                actor=user_of(request.user),
            )
        except DomainError as exc:
            if exc.field == "members":
                context["members_error"] = str(exc)
                status = refusal_status(exc)
            else:
                status = form_refusal(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The committee is set up."))
            return redirect("backoffice:committee", pk=committee.pk)
    messages.error(request, _("Check the form: the fields marked below need fixing."))
    return render(request, "backoffice/committees/form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("utvalg/", committee_list, name="committees"),
    path("utvalg/ny/", committee_create, name="committee_create"),
    path("utvalg/<id:pk>/", committee_detail, name="committee"),
    path("utvalg/<id:pk>/rapport/", committee_report, name="committee_report"),
    path("utvalg/<id:pk>/opplos/", committee_dissolve, name="committee_dissolve"),
]

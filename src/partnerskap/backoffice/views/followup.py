"""Follow-up for the parties: what awaits the user's bodies, and recording each step."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import ElectedBody
from partnerskap.backoffice.forms import FollowUpForm
from partnerskap.backoffice.permissions import permission_required
from partnerskap.backoffice.refusals import form_refusal, refusal_status
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.core.params import int_param
from partnerskap.followup.models import AWAITING_STATUSES, FollowUp
from partnerskap.followup.selectors import (
    follow_up_reread,
    follow_ups_awaiting_bodies,
    follow_ups_before,
    proposal_titles,
)
from partnerskap.followup.services import followup_record
from partnerskap.people import policy

NEXT_STEPS = [c for c in FollowUp.Status.choices if c[0] != FollowUp.Status.SENT]
#: Rows a page, each with its own form.
PER_PAGE = 20
#: The list's query parameters that a row's form keeps: the chosen body and the page.
LIST_PARAMS = ("organ", "side")


@dataclass(frozen=True)
class Body:
    pk: int
    slug: str
    name: str


def _bodies(request: HttpRequest) -> list[Body]:
    """The bodies the user answers for, read first: given as a subquery, the planner took
    them for many and walked every awaiting follow-up in date order (28 ms on 20 × 20)."""
    rows = policy.bodies_answerable(request.user).values_list("pk", "slug", "name")
    return [Body(*row) for row in rows.order_by("name", "pk")]


def _chosen(request: HttpRequest, bodies: list[Body]) -> list[int]:
    """The bodies the list shows: the one chosen with ``?organ=<slug>``, else all of them
    (a body the user does not answer for is not a choice)."""
    wanted = [b.pk for b in bodies if b.slug == request.GET.get("organ")]
    return wanted or [b.pk for b in bodies]


def _back(request: HttpRequest, page: Page[FollowUp] | None = None) -> str:
    """The list's own query (body and page), which a row's form carries and returns to. On
    the list, the page is the one shown (``?oppfolging=`` finds it without ``?side=``)."""
    kept = {k: request.GET[k] for k in LIST_PARAMS if request.GET.get(k)}
    if page is not None:
        kept.pop("side", None)
        if page.number > 1:
            kept["side"] = str(page.number)
    return urlencode(kept)


def _page_number(request: HttpRequest, awaiting: QuerySet[FollowUp]) -> str | int | None:
    """The requested page (``?side=``), else the page holding ``?oppfolging=<pk>``, so a link
    to one follow-up finds it."""
    wanted = int_param(request.GET, "oppfolging")
    if "side" not in request.GET and wanted is not None:
        before = follow_ups_before(awaiting, pk=wanted)
        if before is not None:
            return before // PER_PAGE + 1
    return request.GET.get("side")


def _page(
    request: HttpRequest, bodies: list[int], number: str | int | None = None
) -> Page[FollowUp]:
    awaiting = follow_ups_awaiting_bodies(bodies=bodies)
    if number is None:
        number = _page_number(request, awaiting)
    return Paginator(awaiting, PER_PAGE).get_page(number)


def _form(follow_up: FollowUp, data: object = None) -> FollowUpForm:
    return FollowUpForm(
        data,
        statuses=NEXT_STEPS,
        initial={"on": time.today(), "lock_version": follow_up.lock_version},
        prefix=f"f{follow_up.pk}",
    )


def _list_context(
    request: HttpRequest, bodies: list[Body], page: Page[FollowUp]
) -> dict[str, object]:
    return {
        "page": page,
        "today": time.today(),
        "answerable": bool(bodies),
        "bodies": bodies,
        "organ": request.GET.get("organ", ""),
        "back": _back(request, page),
        "titles": proposal_titles(user=request.user, proposal_ids=[f.proposal_id for f in page]),
    }


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    bodies = _bodies(request)
    page = _page(request, _chosen(request, bodies))
    context = {**_list_context(request, bodies, page), "rows": [(f, _form(f)) for f in page]}
    return render(request, "backoffice/follow_ups.html", context)


def _in_place(request: HttpRequest) -> bool:
    """Posted by htmx from the list: answer with the row only."""
    return bool(getattr(request, "htmx", False))


def _row(
    request: HttpRequest,
    follow_up: FollowUp,
    *,
    form: FollowUpForm | None = None,
    recorded: str = "",
    status: int = 200,
) -> HttpResponse:
    """One row of the list: after a recorded step, the follow-up as it stands now (its form
    gone once it is decided) and what was done; after a refusal, the form with its errors."""
    context = {
        "f": follow_up,
        "form": form or _form(follow_up),
        "awaiting": follow_up.status in AWAITING_STATUSES,
        "recorded": recorded,
        "titles": proposal_titles(user=request.user, proposal_ids=[follow_up.proposal_id]),
        "back": _back(request),
        "today": time.today(),
    }
    return render(request, "backoffice/_follow_up_row.html", context, status=status)


def _follow_up_for(request: HttpRequest, pk: int) -> FollowUp:
    # Another partnership's follow-up is a 404, as every back-office object is: a 403 would
    # confirm it exists and name its body.
    return get_object_or_404(
        FollowUp.objects.select_related("elected_body", "proposal"),
        pk=pk,
        proposal__partnership__in=policy.partnerships_visible(request.user),
    )


def _not_its_party(body: ElectedBody) -> str:
    return _("Only %(body)s's own party records its follow-ups.") % {"body": body}


@login_required
@require_POST
@permission_required(
    policy.can_record_follow_up,
    load=_follow_up_for,
    subject=lambda follow_up: follow_up.elected_body,
    refusal=_not_its_party,
)
def follow_up_record(request: HttpRequest, follow_up: FollowUp) -> HttpResponse:
    # The form's action carries the list's query (``?organ=…&side=…``): back to that list.
    form = _form(follow_up, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            followup_record(
                follow_up=follow_up,
                status=data["status"],
                on=data["on"],
                body_meeting_date=data["body_meeting_date"],
                body_case_number=data["body_case_number"],
                decision_text=data["decision_text"],
                decision_url=data["decision_url"],
                expected_lock_version=data["lock_version"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            done = _("Recorded for %(body)s.") % {"body": follow_up.elected_body}
            if _in_place(request):
                return _row(request, follow_up_reread(follow_up=follow_up), recorded=done)
            messages.success(request, done)
            back = _back(request)
            return redirect(reverse("backoffice:follow_ups") + (f"?{back}" if back else ""))
    else:
        status = refusal_status(None)
    if _in_place(request):
        return _row(request, follow_up, form=form, status=status)
    bodies = _bodies(request)
    page = _page(request, _chosen(request, bodies), request.GET.get("side") or 1)
    rows = [(f, form if f.pk == follow_up.pk else _form(f)) for f in page]
    if all(f.pk != follow_up.pk for f, _bound in rows):
        rows.insert(0, (follow_up, form))  # no longer on that page: keep the answer in view
    context = {**_list_context(request, bodies, page), "rows": rows}
    context["titles"] = proposal_titles(
        user=request.user, proposal_ids=[f.proposal_id for f, _bound in rows]
    )
    return render(request, "backoffice/follow_ups.html", context, status=status)

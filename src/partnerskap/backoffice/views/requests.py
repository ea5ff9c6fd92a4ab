"""Requests for extra meetings (A5): either party may ask for more meetings. Both parties'
secretariats register a request (which party, which of its bodies or who asked, when, why) and
see every request of their partnerships, open and closed; a meeting planned «from this
request» (the meeting form filled in from it) closes it. A concluded partnership's requests are
read, not added to (``policy.can_plan``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from partnerskap.agreements.models import Partnership
from partnerskap.backoffice.forms_requests import RequestForm
from partnerskap.backoffice.permissions import itself, permission_required, run_refusal
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import (
    bodies_of_partnership,
    meeting_requests_in,
    parties_of_partnership,
)
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import MeetingRequest
from partnerskap.meetings.services.lifecycle import meeting_request_create
from partnerskap.people import policy


@dataclass(frozen=True)
class RequestBoard:
    """One partnership's requests, open and closed, and whether the user may add and plan."""

    partnership: Partnership
    open: list[MeetingRequest]
    closed: list[MeetingRequest]
    can_plan: bool
    concluded: bool


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request of the user's partnerships, open ones first, per partnership."""
    partnerships = list(policy.partnerships_visible(request.user).order_by("-period_start", "name"))
    plannable = set(policy.partnerships_plannable(request.user).values_list("pk", flat=True))
    by_partnership: dict[int, list[MeetingRequest]] = {p.pk: [] for p in partnerships}
    for row in meeting_requests_in(partnerships=partnerships):
        by_partnership[row.partnership_id].append(row)
    boards = [
        RequestBoard(
            partnership=p,
            open=[r for r in by_partnership[p.pk] if not hasattr(r, "meeting")],
            closed=[r for r in by_partnership[p.pk] if hasattr(r, "meeting")],
            can_plan=p.pk in plannable,
            concluded=policy.is_concluded(p),
        )
        for p in partnerships
    ]
    return render(request, "backoffice/requests/list.html", {"boards": boards})


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(policy.partnerships_visible(request.user), slug=slug)


def _form(partnership: Partnership, data: object = None) -> RequestForm:
    return RequestForm(
        data,
        parties=parties_of_partnership(partnership=partnership),
        bodies=bodies_of_partnership(partnership=partnership).order_by("party__name", "name"),
        initial={"requested_on": time.today()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(
    policy.can_plan,
    load=_partnership,
    subject=itself,
    refusal=run_refusal(gettext_lazy("Only the parties' secretariats register requests.")),
)
def request_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Register a party's request for an extra meeting."""
    form = _form(partnership, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_request_create(
                    partnership=partnership,
                    requesting_party=data["requesting_party"],
                    requesting_body=data["requesting_body"],
                    asked_by=data["asked_by"],
                    requested_on=data["requested_on"],
                    wished_date=data["wished_date"],
                    reason=data["reason"],
                    actor=user_of(request.user),
                )
            except DomainError as exc:
                form_refusal(form, exc)
                status = page_refusal(request, exc)
            else:
                messages.success(
                    request,
                    _("The request is registered; both parties' secretariats see it."),
                )
                return redirect("backoffice:requests")
        else:
            status = page_refusal(request, None)
    context = {"partnership": partnership, "form": form}
    return render(request, "backoffice/requests/form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("foresporsler/", request_list, name="requests"),
    path("foresporsler/<slug:slug>/ny/", request_create, name="request_create"),
]

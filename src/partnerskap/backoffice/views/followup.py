"""Follow-up for the parties: what awaits the user's bodies, and recording each step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerskap.backoffice.forms import FollowUpForm
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import FINAL_STATUSES, FollowUp
from partnerskap.followup.services import followup_record
from partnerskap.people import policy

NEXT_STEPS = [c for c in FollowUp.Status.choices if c[0] != FollowUp.Status.SENT]


def _awaiting(request: HttpRequest) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(elected_body__in=policy.bodies_answerable(request.user))
        .exclude(status__in=FINAL_STATUSES)
        .select_related("proposal__item__meeting", "proposal__partnership", "elected_body__party")
        .order_by("expected_by")
    )


def _form(follow_up: FollowUp, data: object = None) -> FollowUpForm:
    return FollowUpForm(
        data,
        statuses=NEXT_STEPS,
        initial={"on": time.today(), "lock_version": follow_up.lock_version},
        prefix=f"f{follow_up.pk}",
    )


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    follow_ups = _awaiting(request)
    context = {
        "rows": [(f, _form(f)) for f in follow_ups],
        "today": time.today(),
        "answerable": policy.bodies_answerable(request.user).exists(),
    }
    return render(request, "backoffice/follow_ups.html", context)


@login_required
@require_POST
def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("elected_body", "proposal"), pk=pk
    )
    if not policy.can_record_follow_up(request.user, follow_up.elected_body):
        raise PermissionDenied(
            _("Only %(body)s's own party records its follow-ups.")
            % {"body": follow_up.elected_body}
        )
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
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            status = 409 if isinstance(exc, ConflictError) else 400
        else:
            messages.success(
                request, _("Recorded for %(body)s.") % {"body": follow_up.elected_body}
            )
            return redirect("backoffice:follow_ups")
    else:
        status = 400
    rows = [(f, form if f.pk == follow_up.pk else _form(f)) for f in _awaiting(request)]
    context = {"rows": rows, "today": time.today(), "answerable": True}
    return render(request, "backoffice/follow_ups.html", context, status=status)

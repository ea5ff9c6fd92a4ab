"""A party ceases and its successor takes its seat (A1): one page for whoever keeps the party
and for operators, with the last day, the successor (and one for each council where a county
was split), which successor body takes over each of its bodies, and the follow-ups that will
be handed over; confirming calls ``party_cease_with_handover``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.agreements.models import Party
from partnerskap.backoffice.forms_people import PartyCeaseForm
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.core.operators import is_operator
from partnerskap.followup.services import handovers_planned, party_cease_with_handover
from partnerskap.people import policy


def _party_for(request: HttpRequest, pk: int) -> Party:
    """A party of a partnership the user works in (or a member municipality of one)."""
    parties = Party.objects.all()
    if not is_operator(request.user):
        visible = policy.partnerships_visible(request.user)
        parties = parties.filter(
            Q(partnerships__in=visible) | Q(council__partnerships__in=visible)
        ).distinct()
    return get_object_or_404(parties, pk=pk)


def _form(party: Party, data: Any = None) -> PartyCeaseForm:
    councils = Party.objects.filter(
        kind=Party.Kind.REGIONAL_COUNCIL, partnerships__parties=party
    ).distinct()
    bodies = party.elected_bodies.filter(valid_to__isnull=True).order_by("name")
    initial = {"valid_to": time.today()}
    return PartyCeaseForm(
        data, party=party, councils=list(councils), bodies=list(bodies), initial=initial
    )


def _render(
    request: HttpRequest, party: Party, form: PartyCeaseForm, status: int = 200
) -> HttpResponse:
    context = {
        "party": party,
        "form": form if party.valid_to is None else None,
        "planned": handovers_planned(party=party, on=time.today() + dt.timedelta(days=1)),
    }
    return render(request, "backoffice/people/party_cease.html", context, status=status)


@login_required
@permission_required(
    policy.can_record_cease,
    load=_party_for,
    subject=itself,
    refusal=gettext_lazy("Only the party's own secretariat or an operator records its end."),
)
def party_cease(request: HttpRequest, party: Party) -> HttpResponse:
    if request.method != "POST":
        return _render(request, party, _form(party))
    form = _form(party, request.POST)
    status = 400
    if form.is_valid():
        try:
            taken = party_cease_with_handover(
                party=party,
                valid_to=form.cleaned_data["valid_to"],
                successor=form.cleaned_data["successor"],
                successors_by_council=form.successors_by_council(),
                body_handover=form.body_handover(),
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(
                request,
                _("%(party)s has ceased; %(count)s follow-ups were handed over.")
                % {"party": party, "count": len(taken)},
            )
            return redirect("backoffice:bodies")
    page_refusal(request, None)
    return _render(request, party, form, status=status)


urlpatterns: list[URLPattern] = [
    path("organer/parter/<id:pk>/opphor/", party_cease, name="party_cease"),
]

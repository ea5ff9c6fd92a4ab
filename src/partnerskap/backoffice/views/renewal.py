"""Renewing a partnership into a new period in the back office (A18): one page with the new
name, period and special part, what is carried over (areas, the annual-cycle template,
committees, open proposals) and a summary of it; «Renew the agreement» posts it to one service
(``followup.services.renewal.partnership_renewal``). The parties' secretariats and operators
renew (``policy.can_renew``); afterwards both agreement pages link to each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from partnerskap.agreements.models import (
    Agreement,
    AgreementPart,
    CooperationArea,
    Partnership,
    Party,
)
from partnerskap.agreements.selectors import areas_current
from partnerskap.agreements.services import renewal_general_part, renewal_parties
from partnerskap.backoffice.forms_renewal import RenewalForm
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal
from partnerskap.committees.models import Committee
from partnerskap.committees.services import committees_running
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.core.text import slugify_nb
from partnerskap.followup.models import Proposal
from partnerskap.followup.services.renewal import partnership_renewal, proposals_open
from partnerskap.meetings.models import AnnualCycle
from partnerskap.meetings.services.cycle import annual_cycle_latest_adopted
from partnerskap.people import policy


def _partnership_for(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(
        policy.partnerships_visible(request.user).select_related("predecessor"), slug=slug
    )


@dataclass
class Carried:
    """What the renewal would make and carry over, for the summary."""

    parties: list[tuple[Party, Party]]
    areas: list[CooperationArea]
    cycle: AnnualCycle | None
    committees: list[Committee]
    proposals: list[Proposal]
    general_part: AgreementPart | None


def _carried(partnership: Partnership, start: dt.date) -> Carried:
    old = list(partnership.parties.order_by("partnershipparty__position"))
    new = renewal_parties(partnership, start)
    by_successor = {p.pk: p for p in old}
    pairs = []
    for party in new:
        former = by_successor.get(party.pk) or next(
            (o for o in old if o.successor_id == party.pk), party
        )
        pairs.append((former, party))
    return Carried(
        parties=pairs,
        areas=list(areas_current(partnership=partnership)),
        cycle=annual_cycle_latest_adopted(partnership=partnership),
        committees=committees_running(partnership=partnership),
        proposals=list(proposals_open(partnership=partnership)),
        general_part=renewal_general_part(parties=new, previous=_general_part(partnership)),
    )


def _general_part(partnership: Partnership) -> AgreementPart | None:
    agreement = Agreement.objects.filter(partnership=partnership).first()
    return None if agreement is None else agreement.general_part


def _initial(partnership: Partnership, carried: Carried) -> dict[str, Any]:
    start = partnership.period_end + dt.timedelta(days=1)
    years = partnership.period_end.year - partnership.period_start.year
    end = dt.date(start.year + years, 12, 31)
    names = " – ".join(p.short_name or p.name for _old, p in carried.parties)
    name = f"{names} {start.year}–{end.year}"
    return {
        "name": name,
        "slug": f"{slugify_nb(names)[:60]}-{start.year}-{end.year}",
        "period_start": start,
        "period_end": end,
        "areas": [a.slug for a in carried.areas],
        "copy_cycle": carried.cycle is not None,
        "committees": [str(c.pk) for c in carried.committees],
        "proposals": [str(p.pk) for p in carried.proposals],
    }


def _form(carried: Carried, *args: Any, **kwargs: Any) -> RenewalForm:
    return RenewalForm(
        *args,
        areas=carried.areas,
        committees=carried.committees,
        proposals=carried.proposals,
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(
    policy.can_renew,
    load=_partnership_for,
    subject=itself,
    refusal=gettext_lazy("Only the parties' secretariats renew the agreement."),
)
def renewal_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    renewed = Partnership.objects.filter(predecessor=partnership).first()
    start = partnership.period_end + dt.timedelta(days=1)
    carried = _carried(partnership, start)
    form = _form(carried, initial=_initial(partnership, carried))
    status = 200
    if request.method == "POST":
        form = _form(carried, request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                renewed = partnership_renewal(
                    partnership=partnership, plan=form.plan(), actor=user_of(request.user)
                )
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("%(old)s is renewed as %(new)s.") % {"old": partnership, "new": renewed},
                )
                url = reverse("backoffice:agreement")
                return redirect(f"{url}?partnerskap={renewed.slug}")
    context = {"partnership": partnership, "renewed": renewed, "form": form, "carried": carried}
    return render(request, "backoffice/agreement/renew.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("avtale/forny/<slug:slug>/", renewal_create, name="agreement_renew"),
]

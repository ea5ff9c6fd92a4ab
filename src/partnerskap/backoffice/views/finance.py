"""Costs (A15) and budget allocations (A16) in the back office.

One page per partnership and year shows each party's allocations and costs side by side, never
a shared total; each party's own secretariat or case officers record its amounts
(``policy.can_record_finances_in``), everyone working in the partnership may read them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.agreements.selectors import partnership_parties
from partnerskap.backoffice import forms_finance as ff
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, party_refusal, permission_required
from partnerskap.backoffice.refusals import form_refusal
from partnerskap.backoffice.selectors import (
    allocations_in,
    allocations_of_party,
    allocations_of_year,
    cost_entries_in,
    cost_sum,
    costs_of_allocation,
    costs_of_year,
    meetings_of_partnership,
)
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.core.params import year_param
from partnerskap.finance import services
from partnerskap.finance.models import CostEntry
from partnerskap.finance.selectors import PartyFinances, finances_for_year
from partnerskap.people import policy

PER_PAGE = 25
ZERO = Decimal("0.00")
NBSP = "\u00a0"


def nok(amount: Decimal | None) -> str:
    """«12 345,50»: Norwegian grouping (non-breaking space) and decimal comma, exact."""
    value = amount if amount is not None else ZERO
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return text.replace(" ", NBSP)


def _visible(request: HttpRequest) -> QuerySet[Partnership]:
    return policy.partnerships_visible(request.user).order_by("-period_start", "name")


def _chosen(request: HttpRequest, partnerships: list[Partnership]) -> Partnership | None:
    slug = request.GET.get("partnerskap", "")
    if slug:
        found = next((p for p in partnerships if p.slug == slug), None)
        if found is None:
            raise Http404
        return found
    return partnerships[0] if partnerships else None


def _year(request: HttpRequest, partnership: Partnership) -> int:
    wanted = year_param(request.GET, "ar")
    if wanted is not None:
        return wanted
    return min(max(time.today().year, partnership.period_start.year), partnership.period_end.year)


@dataclass(frozen=True)
class PartyRow:
    party: Party
    figures: PartyFinances
    may_record: bool

    @property
    def amounts(self) -> dict[str, str]:
        f = self.figures
        by_category = {c: nok(f.costs_by_category.get(c)) for c in CostEntry.Category.values}
        return {
            **by_category,
            "allocated": nok(f.allocated),
            "total_costs": nok(f.total_costs),
            "charged": nok(f.charged_to_allocations),
            "remaining": nok(f.remaining),
        }


def overview_url(partnership: Partnership, year: int, party: Party | None = None) -> str:
    query: dict[str, str | int] = {"partnerskap": partnership.slug, "ar": year}
    if party is not None:
        query["part"] = party.slug
    return f"{reverse('backoffice:finance')}?{urlencode(query)}"


@login_required
def finance_overview(request: HttpRequest) -> HttpResponse:
    partnerships = list(_visible(request))
    partnership = _chosen(request, partnerships)
    if partnership is None:
        return render(request, "backoffice/finance/overview.html", {"partnerships": []})
    year = _year(request, partnership)
    parties = list(partnership_parties(partnership=partnership))
    party = next((p for p in parties if p.slug == request.GET.get("part", "")), None)
    figures = finances_for_year(partnership=partnership, year=year)
    rows = [
        PartyRow(p, f, policy.can_record_finances_in(request.user, (partnership, p)))
        for p, f in zip(parties, figures, strict=True)
    ]
    shown = [r for r in rows if party is None or r.party == party]
    allocations = allocations_of_year(partnership=partnership, year=year, party=party)
    costs = costs_of_year(partnership=partnership, year=year, party=party)
    cost_total = cost_sum(costs) if party is not None else None
    allocation_page = Paginator(allocations, PER_PAGE).get_page(request.GET.get("bside"))
    cost_page = Paginator(costs, PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "partnerships": partnerships,
        "partnership": partnership,
        "years": range(partnership.period_start.year, partnership.period_end.year + 1),
        "year": year,
        "parties": parties,
        "party": party,
        "rows": shown,
        "categories": CostEntry.Category.choices,
        "allocation_page": allocation_page,
        "allocation_amounts": {
            a.pk: (nok(a.amount), nok(a.charged), nok(a.amount - a.charged))  # type: ignore[attr-defined]
            for a in allocation_page
        },
        "cost_page": cost_page,
        "cost_amounts": {c.pk: nok(c.amount) for c in cost_page},
        "cost_total": nok(cost_total),
        "may_record": any(r.may_record for r in rows),
    }
    return render(request, "backoffice/finance/overview.html", context)


def _party_in(request: HttpRequest, partnership: str, party: str) -> tuple[Partnership, Party]:
    """The partnership (visible to the user) and one of its parties."""
    partnership_obj = get_object_or_404(_visible(request), slug=partnership)
    party_obj = get_object_or_404(partnership_parties(partnership=partnership_obj), slug=party)
    return partnership_obj, party_obj


def _not_its_people(party: Party) -> str:
    return _(
        "Only %(party)s's own secretariat or case officers record its costs and allocations."
    ) % {"party": party}


#: Recording a party's amounts: its own secretariat or case officers, while the partnership
#: runs.
recorder_required = permission_required(
    policy.can_record_finances_in,
    load=_party_in,
    subject=itself,
    refusal=party_refusal(_not_its_people),
)


@login_required
@recorder_required
def allocation_create(request: HttpRequest, found: tuple[Partnership, Party]) -> HttpResponse:
    partnership_obj, party_obj = found
    initial = {"year": _year(request, partnership_obj), "decided_on": time.today()}
    form = ff.AllocationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                allocation = services.allocation_record(
                    partnership=partnership_obj,
                    party=party_obj,
                    year=data["year"],
                    amount=data["amount"],
                    decision_reference=data["decision_reference"],
                    decided_on=data["decided_on"],
                    purpose=data["purpose"],
                    actor=user_of(request.user),
                )
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("The allocation of %(party)s is recorded.") % {"party": party_obj},
                )
                return redirect(overview_url(partnership_obj, allocation.year))
    context = {
        "form": form,
        "partnership": partnership_obj,
        "party": party_obj,
        "kind": "allocation",
        "back": overview_url(partnership_obj, _year(request, partnership_obj)),
    }
    return render(request, "backoffice/finance/form.html", context, status=status)


@login_required
@recorder_required
def cost_create(request: HttpRequest, found: tuple[Partnership, Party]) -> HttpResponse:
    partnership_obj, party_obj = found
    form = ff.CostForm(
        request.POST or None,
        initial={"incurred_on": time.today()},
        meetings=meetings_of_partnership(partnership=partnership_obj),
        allocations=allocations_of_party(partnership=partnership_obj, party=party_obj),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                cost = services.cost_record(
                    partnership=partnership_obj,
                    party=party_obj,
                    category=data["category"],
                    amount=data["amount"],
                    incurred_on=data["incurred_on"],
                    description=data["description"],
                    meeting=data["meeting"],
                    allocation=data["allocation"],
                    actor=user_of(request.user),
                )
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request, _("The cost of %(party)s is recorded.") % {"party": party_obj}
                )
                return redirect(overview_url(partnership_obj, cost.incurred_on.year))
    context = {
        "form": form,
        "partnership": partnership_obj,
        "party": party_obj,
        "kind": "cost",
        "back": overview_url(partnership_obj, _year(request, partnership_obj)),
    }
    return render(request, "backoffice/finance/form.html", context, status=status)


@login_required
def cost_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cost = get_object_or_404(
        cost_entries_in(partnerships=policy.partnerships_visible(request.user)), pk=pk
    )
    context: dict[str, Any] = {
        "cost": cost,
        "amount": nok(cost.amount),
        "back": overview_url(cost.partnership, cost.incurred_on.year, cost.party),
        "history": history_for(cost),
    }
    return render(request, "backoffice/finance/cost_detail.html", context)


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(
        allocations_in(partnerships=policy.partnerships_visible(request.user)), pk=pk
    )
    costs = costs_of_allocation(allocation=allocation)
    charged = cost_sum(costs) or ZERO
    page = Paginator(costs, PER_PAGE).get_page(request.GET.get("side"))
    context: dict[str, Any] = {
        "allocation": allocation,
        "amount": nok(allocation.amount),
        "charged": nok(charged),
        "remaining": nok(allocation.amount - charged),
        "page": page,
        "cost_amounts": {c.pk: nok(c.amount) for c in page},
        "back": overview_url(allocation.partnership, allocation.year, allocation.party),
        "history": history_for(allocation),
    }
    return render(request, "backoffice/finance/allocation_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("kostnader/", finance_overview, name="finance"),
    path("kostnader/kostnad/<id:pk>/", cost_detail, name="cost"),
    path("kostnader/bevilgning/<id:pk>/", allocation_detail, name="allocation"),
    path(
        "kostnader/<slug:partnership>/<slug:party>/ny-kostnad/",
        cost_create,
        name="cost_create",
    ),
    path(
        "kostnader/<slug:partnership>/<slug:party>/ny-bevilgning/",
        allocation_create,
        name="allocation_create",
    ),
]

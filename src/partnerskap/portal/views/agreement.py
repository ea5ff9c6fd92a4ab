"""The agreement (both parts, versions, diffs, signatures) and cooperation area pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.selectors import version_changes, version_in_force
from partnerskap.core.params import int_param
from partnerskap.portal.http import partnership_or_404, public_page
from partnerskap.portal.selectors import (
    agreement_of,
    agreement_versions,
    area_committees,
    area_items,
    area_proposals,
    areas_of,
    versions_signed,
)

ITEMS_PER_PAGE = 25
PROPOSALS_PER_PAGE = 20


@public_page
def agreement_detail(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    agreement = agreement_of(partnership=obj)
    if agreement is None:
        raise Http404
    versions = agreement_versions(part=agreement.special_part)
    in_force = version_in_force(part=agreement.special_part)
    chosen = in_force or (versions[-1] if versions else None)
    if request.GET.get("versjon"):
        number = int_param(request.GET, "versjon")
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            raise Http404
    signed = versions_signed(part=agreement.special_part, versions=versions)
    previous = next((v for v in versions if chosen and v.number == chosen.number - 1), None)
    changes = version_changes(version=chosen) if chosen is not None else []
    general = None
    if agreement.general_part is not None:
        general = version_in_force(part=agreement.general_part)
    context = {
        "partnership": obj,
        "agreement": agreement,
        "versions": versions,
        "chosen": chosen,
        "in_force": in_force,
        "signed": signed,
        "previous": previous,
        "changes": changes,
        "general": general,
    }
    return render(request, "portal/agreement.html", context)


@public_page
def area_detail(request: HttpRequest, partnership: str, area: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    area_obj = get_object_or_404(areas_of(partnership=obj), slug=area)
    items = area_items(area=area_obj)
    proposals = area_proposals(partnership=obj, area=area_obj)
    # A page of each: an area gathers items and proposals over the partnership's whole history.
    context = {
        "partnership": obj,
        "area": area_obj,
        "items": Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("side")),
        "proposals": Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("forslag")),
        "committees": area_committees(partnership=obj, area=area_obj),
    }
    return render(request, "portal/area.html", context)

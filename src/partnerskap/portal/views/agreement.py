"""The agreement (both parts, versions, diffs, signatures) and cooperation area pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnerskap.agreements.models import (
    AgreementPart,
    AgreementVersion,
    CooperationArea,
    Signature,
    VersionAdoption,
)
from partnerskap.agreements.selectors import (
    parties_of_part,
    version_changes,
    version_in_force,
)
from partnerskap.committees.selectors import committees_public
from partnerskap.core.params import int_param
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.public import items_in_area
from partnerskap.portal.http import partnership_or_404, public_page

ITEMS_PER_PAGE = 25
PROPOSALS_PER_PAGE = 20


def _versions(part: AgreementPart) -> list[AgreementVersion]:
    return list(
        AgreementVersion.objects.filter(part=part)
        .prefetch_related(
            "sections",
            Prefetch("signatures", queryset=Signature.objects.select_related("party")),
            Prefetch("adoptions", queryset=VersionAdoption.objects.select_related("elected_body")),
        )
        .order_by("number")
    )


@public_page
def agreement_detail(request: HttpRequest, partnership: str) -> HttpResponse:
    obj = partnership_or_404(partnership)
    agreement = getattr(obj, "agreement", None)
    if agreement is None:
        raise Http404
    versions = _versions(agreement.special_part)
    in_force = version_in_force(part=agreement.special_part)
    chosen = in_force or (versions[-1] if versions else None)
    if request.GET.get("versjon"):
        number = int_param(request.GET, "versjon")
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            raise Http404
    required = set(parties_of_part(part=agreement.special_part).values_list("pk", flat=True))
    signed = {v.pk: required <= {s.party_id for s in v.signatures.all()} for v in versions}
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
    area_obj = get_object_or_404(
        CooperationArea.objects.select_related("introduced_in", "retired_in"),
        part__agreement__partnership=obj,
        slug=area,
    )
    items = (
        items_in_area(area_id=area_obj.pk)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )
    proposals = proposals_public(partnership=obj).filter(areas=area_obj).order_by("-sent_on", "-id")
    # A page of each: an area gathers items and proposals over the partnership's whole history.
    context = {
        "partnership": obj,
        "area": area_obj,
        "items": Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("side")),
        "proposals": Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("forslag")),
        "committees": committees_public(partnership=obj)
        .filter(areas=area_obj)
        .order_by("-starts_on"),
    }
    return render(request, "portal/area.html", context)

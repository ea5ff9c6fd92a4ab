"""The public portal (innsyn). For now: the partnerships, their parties and areas."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerskap.agreements.models import CooperationArea, PartnershipParty
from partnerskap.agreements.selectors import partnerships_public


def home(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_public().prefetch_related(
        Prefetch(
            "partnershipparty_set",
            queryset=PartnershipParty.objects.select_related("party").order_by("position"),
        ),
        Prefetch(
            "agreement__special_part__areas",
            queryset=CooperationArea.objects.filter(retired_in__isnull=True).order_by("position"),
            to_attr="current_areas",
        ),
    )
    return render(request, "portal/home.html", {"partnerships": partnerships})

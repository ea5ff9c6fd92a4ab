"""The secretariat's dashboard: what needs doing now, across the user's partnerships."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerskap.backoffice.selectors import boards_for
from partnerskap.people import policy


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    boards = boards_for(policy.partnerships_visible(request.user), user=request.user)
    return render(request, "backoffice/dashboard.html", {"boards": boards})

"""The pages behind the personal links in e-mail (issue 18, point 2): report forfall, declare
possible disqualification, answer a request to attend as substitute. No login: the link is the
authority (``meetings.services.forfall``). Opening a page uses nothing (mail scanners follow
links); only the form's POST uses the link. A link that cannot be used explains why and offers
the secretariat's address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import PersonalLink
from partnerskap.meetings.selectors import agenda_public
from partnerskap.meetings.selectors_forfall import (
    items_of_meeting,
    secretariat_addresses,
    substitute_asked,
)
from partnerskap.meetings.services import forfall
from partnerskap.portal.forms_links import DisqualificationForm, ForfallForm

Purpose = PersonalLink.Purpose


def _refused(request: HttpRequest, error: forfall.LinkRefusedError) -> HttpResponse:
    link = error.link
    meeting = link.meeting if link is not None else None
    context = {
        "message": error.message,
        "meeting": meeting,
        "addresses": secretariat_addresses(meeting=meeting) if meeting is not None else [],
    }
    status = 404 if link is None else 410
    return _page(request, "portal/links/refused.html", context, status=status)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the token is in the address: never to others
    response["X-Robots-Tag"] = "noindex"
    return response


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@never_cache
def forfall_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = forfall.personal_link_open(token=token, purpose=Purpose.FORFALL)
    except forfall.LinkRefusedError as error:
        return _refused(request, error)
    items = agenda_public(meeting=link.meeting)
    form = ForfallForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = items_of_meeting(meeting=link.meeting, ids=data["items"])
        part = forfall.Part(
            items=chosen, absent_from=data["absent_from"], absent_until=data["absent_until"]
        )
        try:
            absence = forfall.forfall_report_by_link(token=token, reason=data["reason"], part=part)
        except forfall.LinkRefusedError as error:
            return _refused(request, error)
        except DomainError as error:
            _form_error(form, error)
        else:
            asked = substitute_asked(absence=absence)
            return _page(
                request, "portal/links/done.html", {"link": link, "forfall": True, "asked": asked}
            )
    return _page(request, "portal/links/forfall.html", {"link": link, "form": form})


@never_cache
def disqualification_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = forfall.personal_link_open(token=token, purpose=Purpose.DISQUALIFICATION)
    except forfall.LinkRefusedError as error:
        return _refused(request, error)
    items = agenda_public(meeting=link.meeting)
    form = DisqualificationForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = next(iter(items_of_meeting(meeting=link.meeting, ids=[data["item"]])), None)
        try:
            if item is None:
                raise DomainError("meetings.disqualification.item", "", field="item")
            forfall.disqualification_declare_by_link(token=token, item=item, reason=data["reason"])
        except forfall.LinkRefusedError as error:
            return _refused(request, error)
        except DomainError as error:
            _form_error(form, error)
        else:
            return _page(
                request, "portal/links/done.html", {"link": link, "disqualification": True}
            )
    return _page(request, "portal/links/disqualification.html", {"link": link, "form": form})


@never_cache
def substitute_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = forfall.personal_link_open(token=token, purpose=Purpose.SUBSTITUTE)
    except forfall.LinkRefusedError as error:
        return _refused(request, error)
    request_row = link.request
    assert request_row is not None  # a substitute link always has its request
    context: dict[str, Any] = {
        "link": link,
        "ask": request_row,
        "items": agenda_public(meeting=link.meeting),
    }
    if request.method == "POST" and request.POST.get("answer") in ("yes", "no"):
        accept = request.POST["answer"] == "yes"
        try:
            forfall.substitute_answer_by_link(token=token, accept=accept)
        except forfall.LinkRefusedError as error:
            return _refused(request, error)
        except DomainError as error:
            context["error"] = error.message
        else:
            return _page(
                request,
                "portal/links/done.html",
                {"link": link, "accepted": accept, "answered": True},
            )
    return _page(request, "portal/links/substitute.html", context)

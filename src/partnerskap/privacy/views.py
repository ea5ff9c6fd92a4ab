"""The back office's personal data pages (L10): the people and guests the user may answer
for, one page per data subject with everything held (the readable export), the JSON download,
and the erasure with its confirm step. Thin: the policy decides who, the services act."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerskap.core.errors import ConflictError
from partnerskap.people import policy
from partnerskap.privacy import selectors, services
from partnerskap.privacy.registry import Subject

SubjectOf = Callable[[HttpRequest, int], tuple[Subject, str]]


def _require(request: HttpRequest) -> None:
    if not policy.can_manage_personal_data(request.user):
        raise PermissionDenied


def _person(request: HttpRequest, pk: int) -> tuple[Subject, str]:
    _require(request)
    person = selectors.persons_manageable(user=request.user).select_related("user").filter(pk=pk)
    found = person.first()
    if found is None:
        raise Http404
    return selectors.subject_for_person(user=request.user, person=found), "person"


def _guest(request: HttpRequest, pk: int) -> tuple[Subject, str]:
    _require(request)
    invitation = selectors.guest_invitation_manageable(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    return selectors.subject_for_guest(user=request.user, invitation=invitation), "guest"


@login_required
def subject_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    context = {
        "people": selectors.persons_manageable(user=request.user),
        "guests": selectors.guests_manageable(user=request.user),
    }
    return render(request, "privacy/list.html", context)


def _detail(request: HttpRequest, pk: int, subject_of: SubjectOf) -> HttpResponse:
    subject, kind = subject_of(request, pk)
    export = services.personal_data_export(subject=subject, actor=request.user, purpose="page")
    context = {
        "export": export,
        "pk": pk,
        "kind": kind,
        "periods": selectors.retention_periods(),
    }
    return render(request, "privacy/detail.html", context)


def _download(request: HttpRequest, pk: int, subject_of: SubjectOf) -> HttpResponse:
    subject, _kind = subject_of(request, pk)
    export = services.personal_data_export(subject=subject, actor=request.user, purpose="json")
    body = json.dumps(export.as_json(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(subject.label) or "person"
    response["Content-Disposition"] = f'attachment; filename="personopplysninger-{name}.json"'
    return response


def _erase(request: HttpRequest, pk: int, subject_of: SubjectOf) -> HttpResponse:
    subject, kind = subject_of(request, pk)
    status = 200
    if request.method == "POST":
        try:
            result = services.personal_data_erase(subject=subject, actor=request.user)
        except ConflictError as error:
            messages.error(request, str(error.message))
            status = 409
        else:
            if result.total:
                messages.success(
                    request,
                    _("Erased or made anonymous: %(count)s entries. What stays is listed below.")
                    % {"count": result.total},
                )
            else:
                messages.success(request, _("There was nothing left to erase."))
            return redirect(f"privacy:{kind}", pk=pk)
    context = {
        "subject": subject,
        "pk": pk,
        "kind": kind,
        "refusals": services.erasure_refusals(subject=subject),
        "kept": services.erasure_preview(subject=subject),
    }
    return render(request, "privacy/erase.html", context, status=status)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, _person)


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, _person)


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    return _erase(request, pk, _person)


@login_required
def guest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, _guest)


@login_required
def guest_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, _guest)


@login_required
def guest_erase(request: HttpRequest, pk: int) -> HttpResponse:
    return _erase(request, pk, _guest)

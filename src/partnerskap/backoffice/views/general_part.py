"""The county's general part (A14) in the back office: the county's general parts with the
partnerships that share each and their versions; a new general part; the next version
adopted by the county's decision (with the word diff of each version); and the choice of a
partnership's general part. The county's own secretariat keeps them (operators too:
``policy.can_manage_general_part``); each write is one service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.general_part import (
    agreement_general_part_set,
    general_part_amend,
    general_part_create,
)
from partnerskap.agreements.models import Agreement, AgreementPart, ElectedBody
from partnerskap.agreements.selectors import (
    parts_versions,
    version_changes,
    version_in_force,
    version_latest,
    version_sections,
)
from partnerskap.backoffice.forms_general_part import (
    GeneralPartAmendForm,
    GeneralPartForm,
    GeneralPartUseForm,
)
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

TEMPLATE_LIST = "backoffice/agreement/general_parts.html"
TEMPLATE_DETAIL = "backoffice/agreement/general_part.html"


def _parts_kept(user: AnyUser) -> QuerySet[AgreementPart]:
    return (
        AgreementPart.objects.filter(
            kind=AgreementPart.Kind.GENERAL, owner__in=policy.counties_keeping_general_parts(user)
        )
        .select_related("owner")
        .prefetch_related("agreements_sharing__partnership", "versions__adoptions__elected_body")
        .order_by("owner__name", "title")
    )


def _list_context(request: HttpRequest, form: GeneralPartForm | None = None) -> dict[str, Any]:
    counties = policy.counties_keeping_general_parts(request.user).order_by("name")
    context: dict[str, Any] = {"parts": list(_parts_kept(request.user))}
    if counties.exists():
        context["form"] = form or GeneralPartForm(counties=counties)
    return context


@login_required
def general_part_list(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE_LIST, _list_context(request))


def _keeps_any(user: AnyUser, _loaded: None) -> bool:
    return policy.counties_keeping_general_parts(user).exists()


def _nothing(_request: HttpRequest) -> None:
    return None


@login_required
@require_POST
@permission_required(
    _keeps_any,
    load=_nothing,
    subject=itself,
    refusal=gettext_lazy("Only a county's secretariat writes the county's general part."),
)
def general_part_new(request: HttpRequest, _loaded: None) -> HttpResponse:
    counties = policy.counties_keeping_general_parts(request.user)
    form = GeneralPartForm(request.POST, counties=counties)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            part = general_part_create(
                county=data["county"],
                title=data["title"],
                sections=data["text"],
                in_force_from=data["in_force_from"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The general part «%(title)s» is saved.") % {"title": part})
            return redirect("backoffice:general_part", pk=part.pk)
    page_refusal(request, None)
    return render(request, TEMPLATE_LIST, _list_context(request, form), status=status)


def _part_for(request: HttpRequest, pk: int) -> AgreementPart:
    return get_object_or_404(_parts_kept(request.user), pk=pk)


def _agreements_for(part: AgreementPart) -> QuerySet[Agreement]:
    """The agreements that may use ``part``: a county party is its owner or the owner's
    predecessor (the service decides; this only offers the choices)."""
    owner = part.owner_id
    return (
        Agreement.objects.filter(
            Q(partnership__parties=owner) | Q(partnership__parties__successor=owner)
        )
        .select_related("partnership")
        .distinct()
        .order_by("-partnership__period_start", "partnership__name")
    )


def _amend_form(part: AgreementPart, data: Any = None) -> GeneralPartAmendForm:
    latest = version_latest(part=part)
    sections = list(version_sections(version=latest)) if latest is not None else []
    bodies = ElectedBody.objects.filter(party=part.owner, valid_to__isnull=True)
    return GeneralPartAmendForm(data, sections=sections, bodies=bodies.order_by("name"))


def _detail_context(
    part: AgreementPart,
    *,
    amend_form: GeneralPartAmendForm | None = None,
    use_form: GeneralPartUseForm | None = None,
) -> dict[str, Any]:
    versions = list(parts_versions(part=part).prefetch_related("adoptions__elected_body"))
    return {
        "part": part,
        "versions": [(v, version_changes(version=v)) for v in versions],
        "in_force": version_in_force(part=part),
        "sharing": [a.partnership for a in part.agreements_sharing.all()],
        "amend_form": amend_form or _amend_form(part),
        "use_form": use_form or GeneralPartUseForm(agreements=_agreements_for(part)),
        "history": history_for(part, *versions),
    }


@login_required
def general_part_detail(request: HttpRequest, pk: int) -> HttpResponse:
    part = _part_for(request, pk)
    return render(request, TEMPLATE_DETAIL, _detail_context(part))


#: Amending and choosing: the owner county's secretariat (the part is found only by them).
keeper_required = permission_required(
    policy.can_manage_general_part,
    load=_part_for,
    subject=lambda part: part.owner,
    refusal=gettext_lazy("Only the county's secretariat changes its general part."),
)


@login_required
@require_POST
@keeper_required
def general_part_amend_view(request: HttpRequest, part: AgreementPart) -> HttpResponse:
    form = _amend_form(part, request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = general_part_amend(
                part=part,
                sections=form.section_texts(),
                decision_reference=data["decision_reference"],
                decided_on=data["decided_on"],
                elected_body=data["elected_body"],
                in_force_from=data["in_force_from"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("Version %(n)d is saved.") % {"n": version.number})
            return redirect("backoffice:general_part", pk=part.pk)
    page_refusal(request, None)
    context = _detail_context(part, amend_form=form)
    return render(request, TEMPLATE_DETAIL, context, status=status)


@login_required
@require_POST
@keeper_required
def general_part_use(request: HttpRequest, part: AgreementPart) -> HttpResponse:
    form = GeneralPartUseForm(request.POST, agreements=_agreements_for(part))
    status = 400
    if form.is_valid():
        agreement = form.cleaned_data["agreement"]
        try:
            agreement_general_part_set(agreement=agreement, part=part, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(
                request,
                _("%(partnership)s now uses this general part.")
                % {"partnership": agreement.partnership},
            )
            return redirect("backoffice:general_part", pk=part.pk)
    page_refusal(request, None)
    context = _detail_context(part, use_form=form)
    return render(request, TEMPLATE_DETAIL, context, status=status)


urlpatterns: list[URLPattern] = [
    path("generell-del/", general_part_list, name="general_parts"),
    path("generell-del/ny/", general_part_new, name="general_part_create"),
    path("generell-del/<id:pk>/", general_part_detail, name="general_part"),
    path("generell-del/<id:pk>/endre/", general_part_amend_view, name="general_part_amend"),
    path("generell-del/<id:pk>/bruk/", general_part_use, name="general_part_use"),
]

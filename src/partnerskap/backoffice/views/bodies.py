"""The parties' elected bodies in the back office, where proposals are followed up: the list
per partnership (the parties and the council's member municipalities), a new body, a new name,
and its end, each one service call. A party's secretariat keeps its own party's bodies (and
its member municipalities'); the other party sees them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements import services
from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.backoffice.forms_people import BodyEndForm, BodyForm, BodyRenameForm
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.views.people import chosen_partnership
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser
from partnerskap.people.selectors import parties_of


def _list_context(request: HttpRequest, form: BodyForm | None = None) -> dict[str, Any]:
    visible = list(policy.partnerships_visible(request.user).order_by("-period_start", "name"))
    partnership = chosen_partnership(request, visible)
    parties: list[Party] = []
    bodies: dict[int, list[ElectedBody]] = {}
    if partnership is not None:
        parties = list(parties_of(partnership=partnership))
        for body in ElectedBody.objects.filter(party__in=parties).annotate(
            follow_up_count=Count("follow_ups", distinct=True)
        ):
            bodies.setdefault(body.party_id, []).append(body)
    manageable = policy.parties_manageable(request.user).filter(pk__in=[p.pk for p in parties])
    context: dict[str, Any] = {
        "partnerships": visible,
        "partnership": partnership,
        "parties": [(p, bodies.get(p.pk, [])) for p in parties],
        "today": time.today(),
    }
    if manageable.exists():
        context["form"] = form or BodyForm(parties=manageable.order_by("name"))
    # A party that ceases (A1): its keepers (and operators) record it from here.
    context["ceasable"] = [
        p for p in parties if p.valid_to is None and policy.can_record_cease(request.user, p)
    ]
    return context


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/people/bodies.html", _list_context(request))


def _creates_any(user: AnyUser, _loaded: None) -> bool:
    return policy.parties_manageable(user).exists()


def _nothing(_request: HttpRequest) -> None:
    return None


@login_required
@require_POST
@permission_required(
    _creates_any,
    load=_nothing,
    subject=itself,
    refusal=gettext_lazy("Only a party's secretariat registers its elected bodies."),
)
def body_create(request: HttpRequest, _loaded: None) -> HttpResponse:
    form = BodyForm(request.POST, parties=policy.parties_manageable(request.user))
    status = 400
    if form.is_valid():
        try:
            body = services.elected_body_create(**form.cleaned_data, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("«%(body)s» is registered.") % {"body": body})
            return redirect("backoffice:body", pk=body.pk)
    page_refusal(request, None)
    return render(
        request, "backoffice/people/bodies.html", _list_context(request, form), status=status
    )


def _body_for(request: HttpRequest, pk: int) -> ElectedBody:
    visible = policy.partnerships_visible(request.user)
    return get_object_or_404(
        ElectedBody.objects.filter(
            Q(party__partnerships__in=visible) | Q(party__council__partnerships__in=visible)
        )
        .distinct()
        .select_related("party"),
        pk=pk,
    )


def _body_context(
    request: HttpRequest,
    body: ElectedBody,
    *,
    rename_form: BodyRenameForm | None = None,
    end_form: BodyEndForm | None = None,
) -> dict[str, Any]:
    can_edit = policy.can_manage_party(request.user, body.party)
    context: dict[str, Any] = {"body": body, "can_edit": can_edit, "history": history_for(body)}
    if can_edit:
        context["rename_form"] = rename_form or BodyRenameForm(
            initial={"name": body.name}, prefix="rename"
        )
        if body.valid_to is None:
            context["end_form"] = end_form or BodyEndForm(
                initial={"valid_to": time.today()}, prefix="end"
            )
    return context


@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for(request, pk)
    return render(request, "backoffice/people/body.html", _body_context(request, body))


#: Renaming and ending: the party's own secretariat.
keeper_required = permission_required(
    policy.can_manage_party,
    load=_body_for,
    subject=lambda body: body.party,
    refusal=gettext_lazy("Only the party's own secretariat changes its elected bodies."),
)


@login_required
@require_POST
@keeper_required
def body_rename(request: HttpRequest, body: ElectedBody) -> HttpResponse:
    form = BodyRenameForm(request.POST, prefix="rename")
    status = 400
    if form.is_valid():
        try:
            services.elected_body_rename(
                body=body, name=form.cleaned_data["name"], actor=user_of(request.user)
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The body is renamed."))
            return redirect("backoffice:body", pk=body.pk)
    page_refusal(request, None)
    context = _body_context(request, body, rename_form=form)
    return render(request, "backoffice/people/body.html", context, status=status)


@login_required
@require_POST
@keeper_required
def body_end(request: HttpRequest, body: ElectedBody) -> HttpResponse:
    form = BodyEndForm(request.POST, prefix="end")
    status = 400
    if form.is_valid():
        try:
            services.elected_body_end(
                body=body, valid_to=form.cleaned_data["valid_to"], actor=user_of(request.user)
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The body's end is recorded."))
            return redirect("backoffice:body", pk=body.pk)
    page_refusal(request, None)
    context = _body_context(request, body, end_form=form)
    return render(request, "backoffice/people/body.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("organer/", body_list, name="bodies"),
    path("organer/ny/", body_create, name="body_create"),
    path("organer/<id:pk>/", body_detail, name="body"),
    path("organer/<id:pk>/navn/", body_rename, name="body_rename"),
    path("organer/<id:pk>/avslutt/", body_end, name="body_end"),
]

"""The evaluation of the agreement period (evaluering) in the back office: one page per
partnership shows the figures, the written assessment, each party's approval and what comes
next; each step posts to ``evaluation_action`` → one service. Without JavaScript.

The partnership's secretariats write and publish (``policy.can_evaluate``); each approves for
its own party (``policy.parties_acted_for``). Everyone working in the partnership reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Partnership, Party
from partnerskap.agreements.selectors import partnership_parties
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.core.errors import DomainError
from partnerskap.people import policy
from partnerskap.reports import services
from partnerskap.reports.evaluation import evaluation_figures
from partnerskap.reports.models import Evaluation


class AssessmentForm(forms.Form):
    assessment = forms.CharField(
        label=gettext_lazy("Written assessment"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "What the period achieved and what should change in the next agreement. Blank "
            "lines separate paragraphs."
        ),
    )


class PartyForm(forms.Form):
    party = forms.ModelChoiceField(
        label=gettext_lazy("For party"), queryset=Party.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parties
        field.empty_label = None  # a secretariat acts for one party: it is chosen already


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(policy.partnerships_visible(request.user), slug=slug)


def evaluation_list(request: HttpRequest) -> HttpResponse:
    partnerships = list(policy.partnerships_visible(request.user).order_by("-period_start", "name"))
    evaluations = {
        e.partnership_id: e for e in Evaluation.objects.filter(partnership__in=partnerships)
    }
    rows = [(p, evaluations.get(p.pk)) for p in partnerships]
    return render(request, "backoffice/evaluation/list.html", {"rows": rows})


def _context(
    request: HttpRequest, partnership: Partnership, evaluation: Evaluation | None, **forms_: Any
) -> dict[str, Any]:
    can = policy.can_evaluate(request.user, partnership)
    approvals = list(evaluation.approvals.select_related("party")) if evaluation else []
    approved = {a.party_id for a in approvals}
    mine = policy.parties_acted_for(request.user, partnership) if can else Party.objects.none()
    figures = (
        evaluation.snapshot
        if evaluation and evaluation.snapshot
        else evaluation_figures(partnership=partnership)
    )
    return {
        "partnership": partnership,
        "evaluation": evaluation,
        "figures": figures,
        "frozen": bool(evaluation and evaluation.snapshot),
        "can_evaluate": can,
        "parties": list(partnership_parties(partnership=partnership)),
        "approved": approved,
        "approvals": approvals,
        "approve_form": forms_.get("approve_form")
        or PartyForm(parties=mine.exclude(pk__in=approved)),
        "withdraw_form": PartyForm(parties=mine.filter(pk__in=approved)),
        "assessment_form": forms_.get("assessment_form")
        or AssessmentForm(initial={"assessment": evaluation.assessment if evaluation else ""}),
        "history": history_for(evaluation) if evaluation else None,
    }


@login_required
def evaluation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    evaluation = Evaluation.objects.filter(partnership=partnership).first()
    return render(
        request,
        "backoffice/evaluation/detail.html",
        _context(request, partnership, evaluation),
    )


def _start(request: HttpRequest, partnership: Partnership, _evaluation: Evaluation | None) -> str:
    services.evaluation_start(partnership=partnership, actor=request.user)
    return _("The evaluation was started. Write the assessment below.")


def _assessment(request: HttpRequest, _partnership: Partnership, evaluation: Evaluation) -> str:
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        raise _Invalid(assessment_form=form)
    try:
        services.evaluation_assessment_update(
            evaluation=evaluation, assessment=form.cleaned_data["assessment"], actor=request.user
        )
    except DomainError as exc:
        raise _Invalid(exc, assessment_form=form) from exc
    return _("The assessment was saved.")


def _party_step(
    step: Callable[..., Evaluation], done: str | Promise
) -> Callable[[HttpRequest, Partnership, Evaluation], str]:
    def run(request: HttpRequest, partnership: Partnership, evaluation: Evaluation) -> str:
        form = PartyForm(request.POST, parties=policy.parties_acted_for(request.user, partnership))
        if not form.is_valid():
            raise _Invalid(approve_form=form)
        party = form.cleaned_data["party"]
        step(evaluation=evaluation, party=party, actor=request.user)
        return str(done) % {"party": party}

    return run


def _publish(request: HttpRequest, _partnership: Partnership, evaluation: Evaluation) -> str:
    services.evaluation_publish(evaluation=evaluation, actor=request.user)
    return _("The evaluation was published on the portal.")


class _Invalid(Exception):  # noqa: N818 - a refused form, rendered again
    def __init__(self, exc: DomainError | None = None, **forms_: Any) -> None:
        super().__init__()
        self.exc = exc
        self.forms = forms_


ACTIONS: dict[str, Callable[..., str]] = {
    "start": _start,
    "vurdering": _assessment,
    "godkjenn": _party_step(
        services.evaluation_approve, gettext_lazy("The evaluation was approved for %(party)s.")
    ),
    "trekk-godkjenning": _party_step(
        services.evaluation_withdraw_approval,
        gettext_lazy("The approval for %(party)s was withdrawn."),
    ),
    "publiser": _publish,
}


@dataclass(frozen=True)
class _Step:
    """An evaluation step as posted: the partnership, the step's function and its name."""

    partnership: Partnership
    run: Callable[..., str]
    action: str


def _load_step(request: HttpRequest, slug: str, action: str) -> _Step:
    partnership = _partnership(request, slug)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    return _Step(partnership, step, action)


@login_required
@require_POST
@permission_required(
    policy.can_evaluate,
    load=_load_step,
    subject=lambda step: step.partnership,
    refusal=gettext_lazy("Only the partnership's secretariats evaluate the period."),
)
def evaluation_action(request: HttpRequest, posted: _Step) -> HttpResponse:
    partnership, step, action = posted.partnership, posted.run, posted.action
    evaluation = Evaluation.objects.filter(partnership=partnership).first()
    if evaluation is None and action != "start":
        raise Http404
    try:
        messages.success(request, str(step(request, partnership, evaluation)))
    except _Invalid as invalid:
        return _refused(request, partnership, evaluation, invalid.exc, invalid.forms)
    except DomainError as exc:
        return _refused(request, partnership, evaluation, exc, {})
    return redirect("backoffice:evaluation", slug=partnership.slug)


def _refused(
    request: HttpRequest,
    partnership: Partnership,
    evaluation: Evaluation | None,
    exc: DomainError | None,
    forms_: dict[str, Any],
) -> HttpResponse:
    form = next(iter(forms_.values()), None)
    if form is None:
        status = page_refusal(request, exc)
    elif exc is not None:
        status = form_refusal(form, exc)
    else:
        status = int(HTTPStatus.BAD_REQUEST)
    context = _context(request, partnership, evaluation, **forms_)
    return render(request, "backoffice/evaluation/detail.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("evaluering/", login_required(evaluation_list), name="evaluations"),
    path("evaluering/<slug:slug>/", evaluation_detail, name="evaluation"),
    path("evaluering/<slug:slug>/<slug:action>/", evaluation_action, name="evaluation_action"),
]

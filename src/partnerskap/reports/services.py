"""The evaluation's lifecycle (``models.Evaluation``), every step one service:

- ``evaluation_start``: the secretariats open the evaluation of their partnership's period;
- ``evaluation_assessment_update``: the written assessment, while no party has approved it;
- ``evaluation_approve``: one party approves (its secretariat, for that party). The first
  approval freezes the figures; once every party has approved, the evaluation is approved;
- ``evaluation_withdraw_approval``: a party takes its approval back before publication (the
  text can then be changed again; the figures are taken anew at the next first approval);
- ``evaluation_publish``: an approved evaluation goes to the portal; publication is final.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core import audit, time
from partnerskap.core.audit import Actor, user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.reports.evaluation import evaluation_figures
from partnerskap.reports.models import Evaluation, EvaluationApproval

Status = Evaluation.Status


def _locked(evaluation: Evaluation) -> Evaluation:
    """The evaluation read again under a row lock: two secretariats may act at once."""
    return (
        Evaluation.objects.select_for_update().select_related("partnership").get(pk=evaluation.pk)
    )


def _refuse_if_published(evaluation: Evaluation) -> None:
    if evaluation.status == Status.PUBLISHED:
        raise ConflictError(
            "reports.evaluation_published",
            _("The evaluation has been published and can no longer be changed."),
        )


@transaction.atomic
def evaluation_start(*, partnership: Partnership, actor: Actor) -> Evaluation:
    """Open the evaluation of the partnership's period (one per partnership)."""
    if Evaluation.objects.filter(partnership=partnership).exists():
        raise ConflictError(
            "reports.evaluation_exists",
            _("The evaluation of this agreement period has already been started."),
        )
    evaluation = Evaluation(partnership=partnership)
    evaluation.full_clean()
    evaluation.save()
    audit.record("reports.evaluation.started", actor=actor, target=evaluation)
    return evaluation


@transaction.atomic
def evaluation_assessment_update(
    *, evaluation: Evaluation, assessment: str, actor: Actor
) -> Evaluation:
    """Write the assessment. Once a party has approved, the text is what it approved: the
    approval must be withdrawn before the text changes."""
    evaluation = _locked(evaluation)
    _refuse_if_published(evaluation)
    if evaluation.approvals.exists():
        raise ConflictError(
            "reports.evaluation_approved_text",
            _(
                "A party has approved this assessment. Withdraw the approval before you "
                "change the text."
            ),
        )
    evaluation.assessment = assessment.strip()
    evaluation.full_clean()
    evaluation.save()
    audit.record(
        "reports.evaluation.assessment_updated",
        actor=actor,
        target=evaluation,
        data={"length": len(evaluation.assessment)},
    )
    return evaluation


def _check_approvable(evaluation: Evaluation, party: Party) -> None:
    _refuse_if_published(evaluation)
    if not evaluation.partnership.parties.filter(pk=party.pk).exists():
        raise DomainError(
            "reports.evaluation_not_a_party",
            _("%(party)s is not a party to %(partnership)s.")
            % {"party": party, "partnership": evaluation.partnership},
        )
    if not evaluation.assessment.strip():
        raise DomainError(
            "reports.evaluation_no_assessment",
            _("Write the assessment before the evaluation is approved."),
            field="assessment",
        )
    if evaluation.approvals.filter(party=party).exists():
        raise ConflictError(
            "reports.evaluation_already_approved",
            _("%(party)s has already approved the evaluation.") % {"party": party},
        )


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, party: Party, actor: Actor) -> Evaluation:
    """One party approves the assessment and the figures. The first approval freezes the
    figures; the last one makes the evaluation approved."""
    evaluation = _locked(evaluation)
    _check_approvable(evaluation, party)
    now = time.now()
    if evaluation.snapshot is None:
        evaluation.snapshot = evaluation_figures(partnership=evaluation.partnership)
        evaluation.snapshot_taken_at = now
    approval = EvaluationApproval(
        evaluation=evaluation, party=party, approved_by=user_of(actor), approved_at=now
    )
    approval.full_clean()
    approval.save()
    missing = evaluation.partnership.parties.exclude(
        pk__in=evaluation.approvals.values("party")
    ).exists()
    if not missing:
        evaluation.status = Status.APPROVED
    evaluation.full_clean()
    evaluation.save()
    audit.record(
        "reports.evaluation.approved",
        actor=actor,
        target=evaluation,
        data={"party": party.slug, "complete": not missing},
    )
    return evaluation


@transaction.atomic
def evaluation_withdraw_approval(
    *, evaluation: Evaluation, party: Party, actor: Actor
) -> Evaluation:
    """A party takes its approval back before publication. With no approval left, the frozen
    figures are let go: the next first approval takes them anew."""
    evaluation = _locked(evaluation)
    _refuse_if_published(evaluation)
    deleted, _rows = evaluation.approvals.filter(party=party).delete()
    if not deleted:
        raise ConflictError(
            "reports.evaluation_not_approved",
            _("%(party)s has not approved the evaluation.") % {"party": party},
        )
    evaluation.status = Status.DRAFT
    if not evaluation.approvals.exists():
        evaluation.snapshot = None
        evaluation.snapshot_taken_at = None
    evaluation.full_clean()
    evaluation.save()
    audit.record(
        "reports.evaluation.approval_withdrawn",
        actor=actor,
        target=evaluation,
        data={"party": party.slug},
    )
    return evaluation


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation, actor: Actor) -> Evaluation:
    """Publish an evaluation every party has approved: the portal page and its PDF/A show the
    assessment and the figures as they were approved."""
    evaluation = _locked(evaluation)
    _refuse_if_published(evaluation)
    if evaluation.status != Status.APPROVED:
        raise ConflictError(
            "reports.evaluation_not_approved_by_all",
            _("Every party must approve the evaluation before it is published."),
        )
    evaluation.status = Status.PUBLISHED
    evaluation.published_at = time.now()
    evaluation.full_clean()
    evaluation.save()
    audit.record("reports.evaluation.published", actor=actor, target=evaluation)
    return evaluation


__all__ = [
    "evaluation_approve",
    "evaluation_assessment_update",
    "evaluation_publish",
    "evaluation_start",
    "evaluation_withdraw_approval",
]

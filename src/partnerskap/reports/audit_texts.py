"""The words of the reports app's audit actions (``core.actions``), registered from
``ReportsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions, labels
from partnerskap.followup.models import FollowUp


def register() -> None:
    labels.register(evaluation_follow_up=FollowUp.Status)
    actions.register(
        "reports.evaluation.started",
        title=gettext_lazy("Evaluation started"),
        sentence=lambda v: _("The evaluation of the agreement period was started."),
    )
    actions.register(
        "reports.evaluation.assessment_updated",
        title=gettext_lazy("Evaluation's assessment changed"),
        sentence=lambda v: _("The written assessment was changed."),
    )
    actions.register(
        "reports.evaluation.approved",
        title=gettext_lazy("Evaluation approved by a party"),
        sentence=lambda v: _("%(party)s approved the evaluation.") % v,
        values={"party": "party"},
    )
    actions.register(
        "reports.evaluation.approval_withdrawn",
        title=gettext_lazy("Approval of the evaluation withdrawn"),
        sentence=lambda v: _("%(party)s withdrew its approval of the evaluation.") % v,
        values={"party": "party"},
    )
    actions.register(
        "reports.evaluation.published",
        title=gettext_lazy("Evaluation published"),
        sentence=lambda v: _("The evaluation was published on the portal."),
    )

"""The words of the follow-up app's audit actions (``core.actions``), registered from
``FollowUpConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.actions import Values
from partnerskap.followup.models import Proposal


def _created(v: Values) -> str:
    if v.raw.get("kind") == Proposal.Kind.AMENDMENT:
        return _("The amendment was proposed and sent to %(bodies)s.") % v
    return _("The proposal was sent to %(bodies)s.") % v


def register() -> None:
    actions.register(
        "followup.proposal.created",
        title=gettext_lazy("Proposal sent to the parties"),
        sentence=_created,
        values={"bodies": "list:body"},
    )
    actions.register(
        "followup.recorded",
        title=gettext_lazy("Follow-up recorded"),
        sentence=lambda v: _("The follow-up went from «%(before)s» to «%(status)s» on %(on)s.") % v,
        values={"before": "choice:follow_up", "status": "choice:follow_up", "on": "date"},
    )
    actions.register(
        "followup.handed_over",
        title=gettext_lazy("Follow-up handed over to the successor"),
        sentence=lambda v: _("The party had ceased; %(to)s took the follow-up over on %(on)s.") % v,
        values={"to": "body", "on": "date"},
    )
    actions.register(
        "followup.amendment.adopted",
        title=gettext_lazy("Amendment adopted"),
        sentence=lambda v: (
            _("Every body adopted the amendment; version %(version)s of the agreement is made.") % v
        ),
        values={"version": "text"},
    )
    actions.register(
        "followup.amendment.rejected",
        title=gettext_lazy("Amendment rejected"),
        sentence=lambda v: _("The amendment was rejected."),
    )
    actions.register(
        "followup.proposal.carried_over",
        title=gettext_lazy("Proposal carried over"),
        sentence=lambda v: (
            _("The open proposal was carried over into the renewed partnership %(into)s.") % v
        ),
        values={"into": "partnership"},
    )

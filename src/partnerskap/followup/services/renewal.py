"""Renewing a partnership into a new period (A18), in one transaction: the new partnership
with its parties (each ended party passed to its successor) and its special part
(``agreements.services.partnership_renew``), the annual-cycle template
(``meetings.services.cycle.annual_cycle_carry_over``), the committees continued or ended
(``committees.services.committees_renew``) and the open proposals carried over (here).

A proposal is open while one of its follow-ups still awaits its body's decision. Carried over,
it shows and is followed up under the renewed partnership (``Proposal.carried_over_to``); not
carried, it stays with the old one, whose parties may still record the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.agreements.services import RenewalText, partnership_renew
from partnerskap.committees.services import committees_renew
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.followup.models import AWAITING_STATUSES, Proposal
from partnerskap.meetings.services.cycle import annual_cycle_carry_over


def proposals_open(*, partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's proposals with a follow-up still awaiting, not yet carried over."""
    return (
        Proposal.objects.filter(
            partnership=partnership,
            carried_over_to__isnull=True,
            follow_ups__status__in=AWAITING_STATUSES,
        )
        .distinct()
        .select_related("item")
        .order_by("sent_on", "pk")
    )


@transaction.atomic
def proposals_carry_over(
    *, partnership: Partnership, renewed: Partnership, proposal_ids: Collection[int], actor: Actor
) -> list[Proposal]:
    """Carry the chosen open proposals of ``partnership`` over into its renewal (A18)."""
    if renewed.predecessor_id != partnership.pk:
        raise DomainError(
            "followup.carry_over.not_renewal",
            _("Proposals are carried over only into the partnership that renews theirs."),
        )
    chosen = list(proposals_open(partnership=partnership).filter(pk__in=proposal_ids))
    if len(chosen) != len(set(proposal_ids)):
        raise DomainError(
            "followup.carry_over.not_open",
            _("Only open proposals of this partnership can be carried over."),
            field="proposals",
        )
    for proposal in chosen:
        proposal.carried_over_to = renewed
        proposal.save(update_fields=["carried_over_to", "modified"])
        audit.record(
            "followup.proposal.carried_over",
            actor=actor,
            target=proposal,
            data={"into": renewed.slug},
        )
    return chosen


@dataclass(frozen=True)
class RenewalPlan:
    """What a renewal makes and carries over (A18)."""

    name: str
    slug: str
    period_start: dt.date
    period_end: dt.date
    text: RenewalText = field(default_factory=RenewalText)
    copy_cycle: bool = True
    committees_continued: frozenset[int] = frozenset()
    proposals_carried: frozenset[int] = frozenset()


@transaction.atomic
def partnership_renewal(
    *, partnership: Partnership, plan: RenewalPlan, actor: Actor
) -> Partnership:
    """Renew ``partnership`` as ``plan`` says, all or nothing (A18)."""
    renewed = partnership_renew(
        partnership=partnership,
        name=plan.name,
        slug=plan.slug,
        period_start=plan.period_start,
        period_end=plan.period_end,
        text=plan.text,
        actor=actor,
    )
    if plan.copy_cycle:
        annual_cycle_carry_over(partnership=partnership, renewed=renewed, actor=actor)
    committees_renew(
        partnership=partnership,
        renewed=renewed,
        continued=plan.committees_continued,
        actor=actor,
    )
    proposals_carry_over(
        partnership=partnership,
        renewed=renewed,
        proposal_ids=plan.proposals_carried,
        actor=actor,
    )
    return renewed

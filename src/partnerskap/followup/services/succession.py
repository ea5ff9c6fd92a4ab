"""A ceased party's open follow-ups handed over to its successor's bodies (A1).

``party_cease`` (agreements) records the end and the successors; agreements sits below
followup in the layers, so the step that also hands the follow-ups over lives here:
``party_cease_with_handover`` calls it and ``follow_up_hand_over`` in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.agreements.services import party_cease
from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.followup.models import AWAITING_STATUSES, FollowUp, FollowUpEvent

Status = FollowUp.Status


def _taking_over(current: FollowUp, to_body: ElectedBody, on: dt.date) -> FollowUp:
    """The successor body's follow-up of the proposal: a new one, or the one it already has
    (when the proposal went to it too, as to both councils of merging municipalities)."""
    taken = FollowUp.objects.filter(proposal=current.proposal, elected_body=to_body).first()
    if taken is None:
        taken = FollowUp(
            proposal=current.proposal,
            elected_body=to_body,
            required_for_adoption=current.required_for_adoption,
            expected_by=current.expected_by,
        )
    elif taken.taken_over_from_id is not None:
        return taken
    taken.taken_over_from, taken.taken_over_on = current, on
    taken.full_clean()
    taken.save()
    return taken


@transaction.atomic
def follow_up_hand_over(
    *, follow_up: FollowUp, to_body: ElectedBody, on: dt.date, actor: Actor
) -> FollowUp:
    """End ``follow_up`` as «handed over» on ``on`` and open the same follow-up, expected by
    the same date, in ``to_body`` (the successor's body); returns the new follow-up."""
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if current.status not in AWAITING_STATUSES:
        raise ConflictError(
            "followup.hand_over.final",
            _("%(body)s has already answered; only an open follow-up is handed over.")
            % {"body": follow_up.elected_body},
        )
    taken = _taking_over(current, to_body, on)
    current.status = Status.HANDED_OVER
    current.lock_version += 1
    current.save(update_fields=["status", "lock_version", "modified"])
    user = audit.user_of(actor)
    note = _("Taken over by %(body)s.") % {"body": to_body}
    FollowUpEvent.objects.create(
        follow_up=current, status=Status.HANDED_OVER, on=on, note=note, recorded_by=user
    )
    if taken.status == Status.SENT and not taken.events.exists():
        note = _("Taken over from %(body)s.") % {"body": current.elected_body}
        FollowUpEvent.objects.create(
            follow_up=taken, status=Status.SENT, on=on, note=note, recorded_by=user
        )
    audit.record(
        "followup.handed_over",
        actor=actor,
        target=current,
        data={"to": to_body.slug, "on": on.isoformat(), "new": taken.pk},
    )
    return taken


def successor_body(body: ElectedBody, successor: Party, *, on: dt.date) -> ElectedBody | None:
    """The successor's body that answers for ``body`` from ``on``: one of the same kind,
    else its county council or first body (the default a user may change)."""
    bodies = [
        b
        for b in successor.elected_bodies.order_by("name")
        if (b.valid_from is None or b.valid_from <= on) and (b.valid_to is None or on <= b.valid_to)
    ]
    for wanted in (body.kind, ElectedBody.Kind.COUNTY_COUNCIL):
        for candidate in bodies:
            if candidate.kind == wanted:
                return candidate
    return bodies[0] if bodies else None


@dataclass(frozen=True)
class Handover:
    """One follow-up that a cease hands over, and the body that takes it over."""

    follow_up: FollowUp
    to_body: ElectedBody | None


def handovers_planned(
    *,
    party: Party,
    on: dt.date,
    body_handover: Mapping[ElectedBody, ElectedBody] | None = None,
) -> list[Handover]:
    """The open follow-ups of ``party``'s bodies and where each goes on ``on`` (the day after
    the end): the body given in ``body_handover`` when it is the acting successor's, else the
    successor's body of the same kind. Call after the successors are recorded, or to preview."""
    chosen = body_handover or {}
    awaiting = (
        FollowUp.objects.filter(elected_body__party=party, status__in=AWAITING_STATUSES)
        .select_related("elected_body", "proposal__partnership", "proposal__item")
        .order_by("expected_by", "pk")
    )
    planned = []
    for follow_up in awaiting:
        partnership = follow_up.proposal.partnership
        taker = succession.acting_party(party, on=on, partnership=partnership)
        body = chosen.get(follow_up.elected_body)
        if body is None or body.party_id != taker.pk:
            body = successor_body(follow_up.elected_body, taker, on=on) if taker != party else None
        planned.append(Handover(follow_up, body))
    return planned


@transaction.atomic
def party_cease_with_handover(
    *,
    party: Party,
    valid_to: dt.date,
    successor: Party,
    successors_by_council: dict[Party, Party] | None = None,
    body_handover: Mapping[ElectedBody, ElectedBody] | None = None,
    actor: Actor,
) -> list[FollowUp]:
    """Record that ``party`` ceases after ``valid_to`` with its successor(s) (A1), and hand
    every open follow-up of its bodies over to the successor's bodies on the next day.
    Returns the follow-ups that took them over."""
    party_cease(
        party=party,
        valid_to=valid_to,
        successor=successor,
        successors_by_council=successors_by_council,
        actor=actor,
    )
    on = valid_to + dt.timedelta(days=1)
    taken = []
    for handover in handovers_planned(party=party, on=on, body_handover=body_handover):
        if handover.to_body is None:
            raise DomainError(
                "followup.hand_over.no_body",
                _(
                    "%(party)s has no elected body to take over the follow-up of %(body)s; "
                    "add one first."
                )
                % {
                    "party": successor,
                    "body": handover.follow_up.elected_body,
                },
                field="successor",
            )
        taken.append(
            follow_up_hand_over(
                follow_up=handover.follow_up, to_body=handover.to_body, on=on, actor=actor
            )
        )
    return taken

"""Record a deletion for OParl clients (spec 2.8), just before the delete.

The project has no soft deletes and keeps row-creating side effects out of signals. This app
registers ``record_deletion`` for every model OParl shows with ``core.deletions`` (in
``OparlConfig.ready()``), and whoever deletes such a row deletes through that seam, in one
transaction (the admin does so for every model it deletes)::

    from partnerskap.core import deletions

    deletions.delete(membership)  # record_deletion(membership), then membership.delete()

It writes a tombstone for every body in which the object is public right now (an object that
was never public leaves no trace), with the object that embeds it, whose ``modified`` the
deletion thereby changes. Deleting an object that OParl does not show is a no-op; deleting a
row whose children go with it (a proposal's follow-ups, a committee's members) records them
too, and deleting a person's last public seat records the person, who leaves the body with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.core import time
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.selectors import meetings_public
from partnerskap.oparl import sources
from partnerskap.oparl.models import Tombstone
from partnerskap.people.models import Membership, Person


@dataclass(frozen=True)
class Rule:
    oparl_type: str
    kind: str
    visible: Callable[[Partnership], QuerySet[Any]]
    parent: Callable[[Any], tuple[str, int]] | None = None


RULES: dict[type[Model], tuple[Rule, ...]] = {
    Meeting: (Rule("Meeting", "", lambda p: meetings_public(partnership=p)),),
    AgendaItem: (
        Rule(
            "AgendaItem",
            "",
            lambda p: sources.public_items(p).filter(withdrawn=False),
            lambda item: ("Meeting", item.meeting_id),
        ),
    ),
    Proposal: (
        Rule("Paper", "proposal", lambda p: proposals_public(partnership=p)),
        Rule(
            "Consultation",
            "meeting",
            lambda p: proposals_public(partnership=p),
            lambda proposal: ("Paper", proposal.pk),
        ),
    ),
    FollowUp: (
        Rule(
            "Consultation",
            "follow-up",
            lambda p: FollowUp.objects.filter(proposal__in=proposals_public(partnership=p)),
            lambda follow_up: ("Paper", follow_up.proposal_id),
        ),
    ),
    Committee: (Rule("Organization", "committee", sources.committees_public),),
    CommitteeMembership: (
        Rule(
            "Membership",
            "committee",
            sources.committee_memberships,
            lambda membership: ("Person", membership.person_id),
        ),
    ),
    Membership: (
        Rule(
            "Membership",
            "delegate",
            sources.delegate_memberships,
            lambda membership: ("Person", membership.person_id),
        ),
    ),
    Person: (Rule("Person", "", sources.people_of),),
    Party: (Rule("Organization", "party", sources.parties_of),),
    ElectedBody: (
        Rule(
            "Organization",
            "elected-body",
            lambda p: ElectedBody.objects.filter(party__in=sources.parties_of(p)),
        ),
    ),
    Location: (
        Rule(
            "Location",
            "",
            lambda p: Location.objects.filter(
                pk__in=meetings_public(partnership=p).values("location")
            ),
        ),
    ),
}

#: Rows deleted with their parent (on_delete=CASCADE) that OParl shows as well.
CHILDREN: dict[type[Model], Callable[[Any], Iterable[Model]]] = {
    Proposal: lambda proposal: proposal.follow_ups.all(),
    Committee: lambda committee: committee.members.all(),
}


def record_deletion(obj: Model) -> int:
    """Write the tombstones of ``obj`` (and of the children deleted with it); returns how
    many. Call it before ``obj.delete()``, in the same transaction."""
    rules = RULES.get(type(obj))
    if rules is None:
        msg = f"OParl does not show {type(obj).__name__} objects; nothing to record."
        raise TypeError(msg)
    written = 0
    for child in CHILDREN.get(type(obj), lambda _obj: ())(obj):
        written += record_deletion(child)
    now = time.now()
    for partnership in partnerships_public():
        for rule in rules:
            if not rule.visible(partnership).filter(pk=obj.pk).exists():
                continue
            parent_type, parent_pk = rule.parent(obj) if rule.parent else ("", None)
            _bury(partnership, (rule.oparl_type, rule.kind, obj), now, (parent_type, parent_pk))
            written += 1
        if isinstance(obj, Membership | CommitteeMembership) and _last_seat(obj, partnership):
            _bury(partnership, ("Person", "", obj.person), now)
            written += 1
    return written


def _bury(
    partnership: Partnership,
    ref: tuple[str, str, Model],
    now: dt.datetime,
    parent: tuple[str, int | None] = ("", None),
) -> None:
    oparl_type, kind, obj = ref
    parent_type, parent_pk = parent
    Tombstone.objects.update_or_create(
        body=partnership,
        oparl_type=oparl_type,
        kind=kind,
        object_pk=obj.pk,
        defaults={
            "parent_type": parent_type,
            "parent_pk": parent_pk,
            "created": obj.created,  # type: ignore[attr-defined]
            "deleted_at": now,
        },
    )


def _last_seat(membership: Membership | CommitteeMembership, partnership: Partnership) -> bool:
    """Whether deleting ``membership`` takes its person out of the body: a person is one of
    the body's people only through a public seat."""
    people = sources.people_of(partnership)
    if not people.filter(pk=membership.person_id).exists():
        return False
    delegates = sources.delegate_memberships(partnership).filter(person=membership.person_id)
    members = sources.committee_memberships(partnership).filter(person=membership.person_id)
    if isinstance(membership, Membership):
        delegates = delegates.exclude(pk=membership.pk)
    else:
        members = members.exclude(pk=membership.pk)
    return not (delegates.exists() or members.exists())


def record_deletions(objects: Iterable[Model]) -> int:
    """``record_deletion`` for each object, e.g. for an admin's ``delete_queryset``."""
    return sum(record_deletion(obj) for obj in objects)

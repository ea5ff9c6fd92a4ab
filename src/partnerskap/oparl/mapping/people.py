"""People and their memberships (names only, L10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.mapping.common import choice, day, nonempty, stamp
from partnerskap.people.models import Membership, Person, Role

#: Who votes in the partnership meeting and in committees.
VOTING_ROLES: Final = frozenset({Role.CHAIR, Role.DEPUTY_CHAIR, Role.MEMBER})
VOTING_COMMITTEE_ROLES: Final = frozenset(
    {CommitteeMembership.Role.LEADER, CommitteeMembership.Role.MEMBER}
)


def delegate_membership(membership: Membership, *, urls: Urls, body: int) -> schema.Membership:
    """A person's role with a party, as a seat in the partnership meeting on the party's
    behalf."""
    return schema.Membership(
        id=urls.membership(body, "delegate", membership.pk),
        person=urls.person(body, membership.person_id),
        organization=urls.partnership_meeting(body),
        on_behalf_of=urls.organization(body, "party", membership.party_id),
        role=choice(Role, membership.role, capital=False),
        voting_right=membership.role in VOTING_ROLES,
        start_date=day(membership.valid_from),
        end_date=day(membership.valid_to),
        created=stamp(membership.created),
        modified=stamp(membership.modified),
    )


def committee_membership(
    membership: CommitteeMembership, *, urls: Urls, committee: Committee
) -> schema.Membership:
    body = committee.partnership_id
    ended = committee.dissolved_on if committee.dissolved_on is not None else committee.ends_on
    return schema.Membership(
        id=urls.membership(body, "committee", membership.pk),
        person=urls.person(body, membership.person_id),
        organization=urls.organization(body, "committee", committee.pk),
        # An external member (an expert, A11) sits for no party.
        on_behalf_of=urls.organization(body, "party", membership.party_id)
        if membership.party_id is not None
        else None,
        role=choice(CommitteeMembership.Role, membership.role, capital=False),
        voting_right=membership.role in VOTING_COMMITTEE_ROLES,
        start_date=day(committee.starts_on),
        end_date=day(ended),
        created=stamp(membership.created),
        modified=stamp(membership.modified),
    )


def person(
    person: Person,
    *,
    urls: Urls,
    body: int,
    memberships: Sequence[schema.Membership],
    modified: dt.datetime,
) -> schema.Person:
    """Only name data (L10): no e-mail address, no title, no login."""
    return schema.Person(
        id=urls.person(body, person.pk),
        body=urls.body(body),
        name=f"{person.given_name} {person.family_name}",
        given_name=person.given_name,
        family_name=person.family_name,
        membership=nonempty(memberships),
        created=stamp(person.created),
        modified=stamp(modified),
    )

"""Organizations: the partnership meeting, the parties, their elected bodies, and the
temporary committees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.committees.models import Committee
from partnerskap.meetings.models import Meeting
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import LISTS, Urls
from partnerskap.oparl.mapping.common import choice, day, label, nonempty, or_none, stamp

#: ``organizationType``: the specification's coarse vocabulary (kept in German, as clients
#: compare these values).
PARTY_TYPE: Final = "Institution"
ELECTED_BODY_TYPE: Final = "externes Gremium"
MEETING_BODY_TYPE: Final = "Gremium"


def partnership_meeting(
    partnership: Partnership,
    *,
    urls: Urls,
    membership_ids: Iterable[int],
    modified: dt.datetime,
) -> schema.Organization:
    """The body's own organisation: the partnership meeting, whose members are the parties'
    delegations (``Membership`` with ``onBehalfOf`` the party)."""
    pk = partnership.pk
    name = label(Meeting._meta.verbose_name)
    return schema.Organization(
        id=urls.partnership_meeting(pk),
        body=urls.body(pk),
        name=f"{name}: {partnership.name}",
        short_name=name,
        organization_type=MEETING_BODY_TYPE,
        classification=name,
        membership=nonempty([urls.membership(pk, "delegate", m) for m in membership_ids]),
        meeting=urls.list(pk, LISTS["meeting"][1]),
        start_date=day(partnership.period_start),
        end_date=day(partnership.period_end),
        web=urls.web("partnership", partnership.slug),
        created=stamp(partnership.created),
        modified=stamp(modified),
    )


def party(party: Party, *, urls: Urls, body: int) -> schema.Organization:
    return schema.Organization(
        id=urls.organization(body, "party", party.pk),
        body=urls.body(body),
        name=party.name,
        short_name=or_none(party.short_name),
        organization_type=PARTY_TYPE,
        classification=choice(Party.Kind, party.kind),
        start_date=day(party.valid_from),
        end_date=day(party.valid_to),
        created=stamp(party.created),
        modified=stamp(party.modified),
    )


def elected_body(elected: ElectedBody, *, urls: Urls, body: int) -> schema.Organization:
    """A party's elected body, where proposals are decided (authoritative consultations)."""
    return schema.Organization(
        id=urls.organization(body, "elected-body", elected.pk),
        body=urls.body(body),
        name=elected.name,
        organization_type=ELECTED_BODY_TYPE,
        classification=choice(ElectedBody.Kind, elected.kind),
        sub_organization_of=urls.organization(body, "party", elected.party_id),
        start_date=day(elected.valid_from),
        end_date=day(elected.valid_to),
        created=stamp(elected.created),
        modified=stamp(elected.modified),
    )


def committee(
    committee: Committee,
    *,
    urls: Urls,
    slug: str,
    membership_ids: Iterable[int],
    modified: dt.datetime,
) -> schema.Organization:
    """A temporary committee set up by the partnership meeting (A11)."""
    body = committee.partnership_id
    ended = committee.dissolved_on if committee.dissolved_on is not None else committee.ends_on
    return schema.Organization(
        id=urls.organization(body, "committee", committee.pk),
        body=urls.body(body),
        name=committee.name,
        organization_type=MEETING_BODY_TYPE,
        classification=label(Committee._meta.verbose_name),
        sub_organization_of=urls.partnership_meeting(body),
        membership=nonempty([urls.membership(body, "committee", m) for m in membership_ids]),
        start_date=day(committee.starts_on),
        end_date=day(ended),
        web=urls.web("committee", slug, committee.pk),
        created=stamp(committee.created),
        modified=stamp(modified),
    )

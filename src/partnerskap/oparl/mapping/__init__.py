"""Domain objects → OParl objects: one pure function per type, at the edge.

Every function takes domain objects (and what was loaded for them in batch) and returns a
typed OParl model (``schema``); none of them touches the database. They see only what the
public selectors return: an agenda item arrives as a ``PublicItem`` from ``agenda_public`` (a
closed item has only its neutral title), so exempt content cannot reach them.

One module per concept; everything is importable from here.
"""

from partnerskap.oparl.mapping.bodies import body, legislative_term, system
from partnerskap.oparl.mapping.common import choice, text
from partnerskap.oparl.mapping.deleted import tombstone
from partnerskap.oparl.mapping.files import file
from partnerskap.oparl.mapping.meetings import (
    MEETING_STATE,
    agenda_item,
    location,
    meeting,
    withdrawn_item,
)
from partnerskap.oparl.mapping.organizations import (
    committee,
    elected_body,
    partnership_meeting,
    party,
)
from partnerskap.oparl.mapping.papers import follow_up_consultation, meeting_consultation, paper
from partnerskap.oparl.mapping.people import committee_membership, delegate_membership, person

__all__ = [
    "MEETING_STATE",
    "agenda_item",
    "body",
    "choice",
    "committee",
    "committee_membership",
    "delegate_membership",
    "elected_body",
    "file",
    "follow_up_consultation",
    "legislative_term",
    "location",
    "meeting",
    "meeting_consultation",
    "paper",
    "partnership_meeting",
    "party",
    "person",
    "system",
    "text",
    "tombstone",
    "withdrawn_item",
]

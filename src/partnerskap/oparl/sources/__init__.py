"""What each OParl list holds, read only through the public selectors.

A list is a sequence of *segments*: one queryset per table an OParl type comes from (an
Organization is a party, an elected body, a committee or the partnership meeting), each in a
stable order (primary key), each annotated with the ``oparl_created`` and ``oparl_modified``
that its objects show, so the ``created_*``/``modified_*`` filters and the output agree. A
segment renders a page of its rows in a fixed number of queries, whatever the page size.

Visibility comes from the selectors: ``partnerships_public``, ``meetings_public``,
``agenda_public`` (through its batched form ``meetings.selectors.agendas_public``, which a test
there proves equal), ``proposals_public``. Querysets here may only *narrow* what those give
(a row the selector does not return is dropped at rendering), and the content of an agenda
item comes only from the selector's ``PublicItem``.

``oparl_modified`` of an object that embeds others is the latest change of any of them (and
of any deletion among them), since spec 3.1 demands it change with every change clients see.
"""

from partnerskap.oparl.sources.bodies import body_segments, public_body
from partnerskap.oparl.sources.lists import SEGMENTS, find, tombstone_segment
from partnerskap.oparl.sources.sets import (
    PUBLIC_ROLES,
    committee_memberships,
    committees_public,
    delegate_memberships,
    parties_of,
    people_of,
    public_items,
)

__all__ = [
    "PUBLIC_ROLES",
    "SEGMENTS",
    "body_segments",
    "committee_memberships",
    "committees_public",
    "delegate_memberships",
    "find",
    "parties_of",
    "people_of",
    "public_body",
    "public_items",
    "tombstone_segment",
]

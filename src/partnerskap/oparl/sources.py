"""What each OParl list holds, read only through the public selectors.

A list is a sequence of *segments*: one queryset per table an OParl type comes from (an
Organization is a party, an elected body, a committee or the partnership meeting), each in a
stable order (primary key), each annotated with the ``oparl_created`` and ``oparl_modified``
that its objects show, so the ``created_*``/``modified_*`` filters and the output agree. A
segment renders a page of its rows in a fixed number of queries, whatever the page size.

Visibility comes from the selectors: ``partnerships_public``, ``meetings_public``,
``agenda_public`` (through its batched twin ``feeds.selectors.agendas_public``, which a test
there proves equal), ``proposals_public``. Querysets here may only *narrow* what those give
(a row the selector does not return is dropped at rendering), and the content of an agenda
item comes only from the selector's ``PublicItem``.

``oparl_modified`` of an object that embeds others is the latest change of any of them (and
of any deletion among them), since spec 3.1 demands it change with every change clients see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Final, cast

from django.db.models import (
    DateTimeField,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest

from partnerskap.agreements.models import ElectedBody, Partnership, PartnershipParty, Party
from partnerskap.agreements.selectors import partnerships_public
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.feeds.selectors import agendas_public
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import AgendaItem, ClosedSession, Location, Meeting
from partnerskap.meetings.selectors import AGENDA_PUBLIC, DELEGATE_ROLES, meetings_public
from partnerskap.oparl import files, mapping, schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.models import Tombstone
from partnerskap.oparl.segments import OParlObject, Scope, Segment
from partnerskap.people.models import Membership, Person, Role

#: Roles that make a person part of a party's delegation to the partnership meeting: its
#: members and substitutes (docs/design.md). Secretariats, case officers and observers are
#: staff or guests, not members, and stay out of OParl (L10) unless they sit on a committee.
PUBLIC_ROLES: Final = (*DELEGATE_ROLES, Role.SUBSTITUTE)


# --- who and what belongs to a body -----------------------------------------------------------


def partnership_parties(partnership: Partnership) -> QuerySet[PartnershipParty, Any]:
    return PartnershipParty.objects.filter(partnership=partnership).values("party")


def delegate_memberships(partnership: Partnership) -> QuerySet[Membership]:
    """Memberships that seat a person in the partnership meeting for one of its parties."""
    return Membership.objects.filter(
        party__in=partnership_parties(partnership), role__in=PUBLIC_ROLES
    )


def committees_public(partnership: Partnership) -> QuerySet[Committee]:
    """Committees set up by a procedural decision on a public agenda in open session. One set
    up in closed session (L3) could reveal the closed matter by its name or mandate."""
    return Committee.objects.filter(
        partnership=partnership,
        established_by__closed_session__isnull=True,
        established_by__withdrawn=False,
        established_by__meeting__in=meetings_public(partnership=partnership).filter(
            status__in=AGENDA_PUBLIC
        ),
    )


def committee_memberships(partnership: Partnership) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.filter(committee__in=committees_public(partnership))


def parties_of(partnership: Partnership) -> QuerySet[Party]:
    """The partnership's parties, their member municipalities and successors, and any party
    whose people or bodies its public records name (committee members, follow-ups)."""
    own = partnership_parties(partnership)
    return Party.objects.filter(
        Q(pk__in=own)
        | Q(council__in=own)
        | Q(pk__in=Party.objects.filter(pk__in=own).values("successor"))
        | Q(pk__in=committee_memberships(partnership).values("party"))
        | Q(
            pk__in=ElectedBody.objects.filter(
                follow_ups__proposal__in=proposals_public(partnership=partnership)
            ).values("party")
        )
    )


def people_of(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=delegate_memberships(partnership).values("person"))
        | Q(pk__in=committee_memberships(partnership).values("person"))
    )


def public_items(partnership: Partnership) -> QuerySet[AgendaItem]:
    """Candidates for the public agenda items of the partnership's meetings; what they show
    comes from ``agendas_public``, which has the last word."""
    return AgendaItem.objects.filter(
        meeting__in=meetings_public(partnership=partnership).filter(status__in=AGENDA_PUBLIC)
    )


#: The sets a request reads once, as primary keys (small: a body's parties, committees, seats).
_SETS: Final[dict[str, Callable[[Partnership], QuerySet[Any]]]] = {
    "parties": parties_of,
    "delegates": delegate_memberships,
    "committees": committees_public,
    "committee_members": committee_memberships,
}


def ids(scope: Scope, name: str) -> list[int]:
    """The primary keys of one of the body's sets, read once per request."""
    if name not in scope.memo:
        scope.memo[name] = list(_SETS[name](scope.partnership).values_list("pk", flat=True))
    return cast(list[int], scope.memo[name])


# --- annotations ------------------------------------------------------------------------------


def _latest(queryset: QuerySet[Any], field: str = "modified") -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def _newest(own: str, *later: Combinable) -> Combinable:
    """The latest of ``own`` and the (possibly empty) subqueries."""
    if not later:
        return F(own)
    out = DateTimeField()
    return Greatest(
        F(own), *(Coalesce(e, F(own), output_field=out) for e in later), output_field=out
    )


def _stamped(queryset: QuerySet[Any], *later: Combinable) -> QuerySet[Any]:
    stamped = queryset.annotate(
        oparl_created=F("created"), oparl_modified=_newest("modified", *later)
    )
    return cast(QuerySet[Any], stamped.order_by("pk"))


def _deleted_children(scope: Scope, parent_type: str) -> Subquery:
    return _latest(
        Tombstone.objects.filter(body=scope.pk, parent_type=parent_type, parent_pk=OuterRef("pk")),
        "deleted_at",
    )


def _deleted_of_type(scope: Scope, oparl_type: str) -> Subquery:
    return _latest(Tombstone.objects.filter(body=scope.pk, oparl_type=oparl_type), "deleted_at")


def _item_modified() -> list[Combinable]:
    """What an agenda item shows changes with the item, its closing and its proposal."""
    return [
        _latest(ClosedSession.objects.filter(item=OuterRef("pk"))),
        _latest(Proposal.objects.filter(item=OuterRef("pk"), item__closed_session__isnull=True)),
    ]


def _item_stamp(
    own: dt.datetime, closed: dt.datetime | None, proposal: dt.datetime | None
) -> dt.datetime:
    """``_item_modified`` worked out from joined rows: the latest of the item, its closing,
    and its proposal if the item is open (a closed item's proposal is not public)."""
    later = [closed] if closed is not None else [proposal] if proposal is not None else []
    return max([own, *later])


def created(row: Model) -> dt.datetime:
    """The ``oparl_created`` a segment's queryset annotated ``row`` with."""
    return cast(dt.datetime, row.__dict__["oparl_created"])


def modified(row: Model) -> dt.datetime:
    """The ``oparl_modified`` a segment's queryset annotated ``row`` with."""
    return cast(dt.datetime, row.__dict__["oparl_modified"])


def prefetched(row: Model, name: str) -> list[Any]:
    """What a ``Prefetch(..., to_attr=name)`` put on ``row``."""
    return cast(list[Any], row.__dict__[name])


# --- System and bodies ------------------------------------------------------------------------


def body_segments(urls: Urls) -> list[Segment]:
    def render(rows: list[Partnership]) -> list[OParlObject]:
        return [mapping.body(p, urls=urls) for p in rows]

    return [Segment("Body", "", lambda: _stamped(partnerships_public()), render)]


# --- Organizations ----------------------------------------------------------------------------


def organization_segments(scope: Scope) -> list[Segment]:
    partnership, urls, body = scope.partnership, scope.urls, scope.pk

    def meeting_body() -> QuerySet[Any]:
        return _stamped(
            Partnership.objects.filter(pk=body),
            _latest(Membership.objects.filter(pk__in=ids(scope, "delegates"))),
            _deleted_of_type(scope, "Membership"),
        )

    def render_meeting_body(rows: list[Partnership]) -> list[OParlObject]:
        members = sorted(ids(scope, "delegates"))
        return [
            mapping.partnership_meeting(p, urls=urls, membership_ids=members, modified=modified(p))
            for p in rows
        ]

    def parties() -> QuerySet[Any]:
        return _stamped(Party.objects.filter(pk__in=ids(scope, "parties")))

    def render_parties(rows: list[Party]) -> list[OParlObject]:
        return [mapping.party(p, urls=urls, body=body) for p in rows]

    def elected_bodies() -> QuerySet[Any]:
        return _stamped(ElectedBody.objects.filter(party__in=ids(scope, "parties")))

    def render_bodies(rows: list[ElectedBody]) -> list[OParlObject]:
        return [mapping.elected_body(e, urls=urls, body=body) for e in rows]

    def committees() -> QuerySet[Any]:
        return _stamped(
            Committee.objects.filter(pk__in=ids(scope, "committees")),
            _latest(CommitteeMembership.objects.filter(committee=OuterRef("pk"))),
            _deleted_of_type(scope, "Membership"),
        ).prefetch_related(
            Prefetch("members", queryset=CommitteeMembership.objects.only("pk", "committee"))
        )

    def render_committees(rows: list[Committee]) -> list[OParlObject]:
        return [
            mapping.committee(
                c,
                urls=urls,
                slug=partnership.slug,
                membership_ids=[m.pk for m in c.members.all()],
                modified=modified(c),
            )
            for c in rows
        ]

    return [
        Segment("Organization", "partnership-meeting", meeting_body, render_meeting_body),
        Segment("Organization", "party", parties, render_parties),
        Segment("Organization", "elected-body", elected_bodies, render_bodies),
        Segment("Organization", "committee", committees, render_committees),
    ]


# --- People and memberships -------------------------------------------------------------------


def _delegates(scope: Scope) -> QuerySet[Membership]:
    return Membership.objects.filter(pk__in=ids(scope, "delegates"))


def _committee_members(scope: Scope) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.filter(pk__in=ids(scope, "committee_members"))


def _membership_objects(
    scope: Scope,
    delegates: Sequence[Membership],
    committee_members: Sequence[CommitteeMembership],
) -> list[schema.Membership]:
    urls, body = scope.urls, scope.pk
    return [
        *(mapping.delegate_membership(m, urls=urls, body=body) for m in delegates),
        *(
            mapping.committee_membership(m, urls=urls, committee=m.committee)
            for m in committee_members
        ),
    ]


def person_segments(scope: Scope) -> list[Segment]:
    def people() -> QuerySet[Any]:
        delegates, members = _delegates(scope), _committee_members(scope)
        return _stamped(
            Person.objects.filter(
                Q(pk__in=delegates.values("person")) | Q(pk__in=members.values("person"))
            ),
            _latest(delegates.filter(person=OuterRef("pk"))),
            _latest(members.filter(person=OuterRef("pk"))),
            _deleted_children(scope, "Person"),
        ).prefetch_related(
            Prefetch("memberships", queryset=delegates.order_by("pk"), to_attr="oparl_delegate"),
            Prefetch(
                "committeemembership_set",
                queryset=members.select_related("committee").order_by("pk"),
                to_attr="oparl_committee",
            ),
        )

    def render(rows: list[Person]) -> list[OParlObject]:
        return [
            mapping.person(
                p,
                urls=scope.urls,
                body=scope.pk,
                memberships=_membership_objects(
                    scope, prefetched(p, "oparl_delegate"), prefetched(p, "oparl_committee")
                ),
                modified=modified(p),
            )
            for p in rows
        ]

    return [Segment("Person", "", people, render)]


def membership_segments(scope: Scope) -> list[Segment]:
    def render_delegates(rows: list[Membership]) -> list[OParlObject]:
        return [*_membership_objects(scope, rows, [])]

    def render_committee(rows: list[CommitteeMembership]) -> list[OParlObject]:
        return [*_membership_objects(scope, [], rows)]

    return [
        Segment("Membership", "delegate", lambda: _stamped(_delegates(scope)), render_delegates),
        Segment(
            "Membership",
            "committee",
            lambda: _stamped(_committee_members(scope)).select_related("committee"),
            render_committee,
        ),
    ]


# --- Meetings and agenda items ----------------------------------------------------------------


def _agenda_objects(
    scope: Scope, meetings: Sequence[Meeting], only: set[int] | None = None
) -> dict[int, list[schema.AgendaItem]]:
    """Meeting pk → its public agenda as OParl objects (or only the items in ``only``), in a
    fixed number of queries."""
    agendas = agendas_public(meetings)
    pks = [item.pk for agenda in agendas.values() for item in agenda]
    objects: dict[int, list[schema.AgendaItem]] = defaultdict(list)
    if not pks:
        return objects
    stamps = {
        pk: (item_created, _item_stamp(item_modified, closed, proposal))
        for pk, item_created, item_modified, closed, proposal in AgendaItem.objects.filter(
            pk__in=pks
        ).values_list("pk", "created", "modified", "closed_session__modified", "proposal__modified")
    }
    consultations = dict(
        proposals_public(partnership=scope.partnership)
        .filter(item__in=pks)
        .values_list("item_id", "pk")
    )
    for meeting_pk, agenda in agendas.items():
        for order, item in enumerate(agenda, start=1):
            if (only is not None and item.pk not in only) or item.pk not in stamps:
                continue
            item_created, item_modified = stamps[item.pk]
            objects[meeting_pk].append(
                mapping.agenda_item(
                    item,
                    urls=scope.urls,
                    partnership=scope.partnership,
                    meeting=meeting_pk,
                    order=order,
                    created=item_created,
                    modified=item_modified,
                    consultation=consultations.get(item.pk),
                )
            )
    return objects


def meeting_segments(scope: Scope) -> list[Segment]:
    def meetings() -> QuerySet[Any]:
        return _stamped(
            meetings_public(partnership=scope.partnership),
            F("location__modified"),
            _latest(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
            _latest(ClosedSession.objects.filter(item__meeting=OuterRef("pk"))),
            _latest(
                Proposal.objects.filter(
                    item__meeting=OuterRef("pk"), item__closed_session__isnull=True
                )
            ),
            _deleted_children(scope, "Meeting"),
        )

    def render(rows: list[Meeting]) -> list[OParlObject]:
        agendas = _agenda_objects(scope, rows)
        meeting_files = files.meeting_files(rows)
        return [
            mapping.meeting(
                m,
                urls=scope.urls,
                agenda=agendas.get(m.pk, []),
                files=meeting_files.get(m.pk, files.MeetingFiles()),
                modified=modified(m),
            )
            for m in rows
        ]

    return [Segment("Meeting", "", meetings, render)]


def agenda_item_segments(scope: Scope) -> list[Segment]:
    urls, body = scope.urls, scope.pk

    def live() -> QuerySet[Any]:
        return _stamped(
            public_items(scope.partnership).filter(withdrawn=False), *_item_modified()
        ).select_related("meeting")

    def render(rows: list[AgendaItem]) -> list[OParlObject]:
        meetings = list({item.meeting_id: item.meeting for item in rows}.values())
        agendas = _agenda_objects(scope, meetings, only={item.pk for item in rows})
        by_pk = {obj.id: obj for agenda in agendas.values() for obj in agenda}
        wanted = [urls.agenda_item(body, item.pk) for item in rows]
        return [by_pk[url] for url in wanted if url in by_pk]

    def withdrawn() -> QuerySet[Any]:
        items = public_items(scope.partnership).filter(withdrawn=True)
        return _stamped(items).only("pk", "created", "modified")

    def render_withdrawn(rows: list[AgendaItem]) -> list[OParlObject]:
        return [
            mapping.withdrawn_item(
                i.pk, urls=urls, body=body, created=created(i), modified=modified(i)
            )
            for i in rows
        ]

    return [
        Segment("AgendaItem", "", live, render),
        Segment("AgendaItem", "", withdrawn, render_withdrawn, deleted=True),
    ]


def location_segments(scope: Scope) -> list[Segment]:
    def locations() -> QuerySet[Any]:
        public_meetings = meetings_public(partnership=scope.partnership)
        return _stamped(
            Location.objects.filter(pk__in=public_meetings.values("location")),
            _latest(public_meetings.filter(location=OuterRef("pk")), "created"),
        ).prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(pk__in=public_meetings.values("pk"))
                .only("pk", "location")
                .order_by("starts_at", "pk"),
                to_attr="oparl_meetings",
            )
        )

    def render(rows: list[Location]) -> list[OParlObject]:
        return [
            mapping.location(
                loc,
                urls=scope.urls,
                body=scope.pk,
                meeting_ids=[m.pk for m in prefetched(loc, "oparl_meetings")],
                modified=modified(loc),
            )
            for loc in rows
        ]

    return [Segment("Location", "", locations, render)]


def legislative_term_segments(scope: Scope) -> list[Segment]:
    def render(rows: list[Partnership]) -> list[OParlObject]:
        return [mapping.legislative_term(p, urls=scope.urls) for p in rows]

    return [
        Segment(
            "LegislativeTerm",
            "",
            lambda: _stamped(Partnership.objects.filter(pk=scope.pk)),
            render,
        )
    ]


# --- Papers and consultations -----------------------------------------------------------------


#: What a paper does not show: the texts (they will come as files) and the item's content.
_UNUSED_PROPOSAL_FIELDS: Final = (
    "text",
    "proposed_text",
    "item__case_presentation",
    "item__recommendation",
    "item__outcome_text",
)


def _follow_up_rows() -> QuerySet[FollowUp]:
    """Follow-ups with what a consultation shows: not the decision texts or notes."""
    return FollowUp.objects.only(
        "pk", "proposal", "elected_body", "status", "created", "modified"
    ).order_by("pk")


def paper_segments(scope: Scope) -> list[Segment]:
    def proposals() -> QuerySet[Any]:
        public = (
            proposals_public(partnership=scope.partnership)
            .select_related(None)
            .select_related("item")
            .defer(*_UNUSED_PROPOSAL_FIELDS)
        )
        return _stamped(
            public,
            _latest(FollowUp.objects.filter(proposal=OuterRef("pk"))),
            _deleted_children(scope, "Paper"),
        ).prefetch_related(
            Prefetch("follow_ups", queryset=_follow_up_rows(), to_attr="oparl_follow_ups"),
            Prefetch("areas", to_attr="oparl_areas"),
        )

    def render(rows: list[Proposal]) -> list[OParlObject]:
        paper_files = files.paper_files(rows)
        return [
            mapping.paper(
                p,
                urls=scope.urls,
                partnership=scope.partnership,
                follow_ups=prefetched(p, "oparl_follow_ups"),
                areas=[area.name for area in prefetched(p, "oparl_areas")],
                files=paper_files.get(p.pk, ()),
                modified=modified(p),
            )
            for p in rows
        ]

    return [Segment("Paper", "proposal", proposals, render)]


def consultation_segments(scope: Scope) -> list[Segment]:
    urls, partnership = scope.urls, scope.partnership

    def meeting_consultations() -> QuerySet[Any]:
        proposals = proposals_public(partnership=partnership).select_related(None)
        return _stamped(proposals.annotate(oparl_meeting=F("item__meeting")))

    def render_meeting(rows: list[Proposal]) -> list[OParlObject]:
        return [
            mapping.meeting_consultation(
                p, urls=urls, partnership=partnership, meeting=p.__dict__["oparl_meeting"]
            )
            for p in rows
        ]

    def follow_ups() -> QuerySet[Any]:
        public = proposals_public(partnership=partnership).values("pk")
        return _stamped(_follow_up_rows().filter(proposal__in=public))

    def render_follow_up(rows: list[FollowUp]) -> list[OParlObject]:
        return [mapping.follow_up_consultation(f, urls=urls, partnership=partnership) for f in rows]

    return [
        Segment("Consultation", "meeting", meeting_consultations, render_meeting),
        Segment("Consultation", "follow-up", follow_ups, render_follow_up),
    ]


def file_segments(scope: Scope) -> list[Segment]:
    return files.file_segments(scope.partnership, urls=scope.urls)


# --- Deleted objects --------------------------------------------------------------------------


def tombstone_segment(scope: Scope, oparl_type: str) -> Segment:
    """The body's deleted objects of a type. An object that is public again (a person given a
    new seat) is listed live, not as deleted."""

    def rows() -> QuerySet[Any]:
        found = Tombstone.objects.filter(body=scope.pk, oparl_type=oparl_type)
        for live in SEGMENTS[oparl_type](scope):
            if not live.deleted:
                found = found.exclude(kind=live.kind, object_pk__in=live.queryset.values("pk"))
        stamped = found.annotate(oparl_created=F("created"), oparl_modified=F("deleted_at"))
        return cast(QuerySet[Any], stamped.order_by("pk"))

    def render(found: list[Tombstone]) -> list[OParlObject]:
        return [mapping.tombstone(row, urls=scope.urls) for row in found]

    return Segment(oparl_type, "", rows, render, deleted=True)


#: OParl type → its segments, in list order.
SEGMENTS: Final[dict[str, Callable[[Scope], list[Segment]]]] = {
    "Organization": organization_segments,
    "Person": person_segments,
    "Membership": membership_segments,
    "Meeting": meeting_segments,
    "AgendaItem": agenda_item_segments,
    "Paper": paper_segments,
    "Consultation": consultation_segments,
    "File": file_segments,
    "Location": location_segments,
    "LegislativeTerm": legislative_term_segments,
}


def find(scope: Scope, oparl_type: str, pk: int, kind: str = "") -> OParlObject | None:
    """One object by its reference: live if it is public, else its tombstone, else None."""
    for segment in SEGMENTS[oparl_type](scope):
        if segment.kind != kind:
            continue
        rows = list(segment.queryset.filter(pk=pk)[:1])
        objects = segment.render(rows) if rows else []
        if objects:
            return objects[0]
    row = Tombstone.objects.filter(
        body=scope.pk, oparl_type=oparl_type, kind=kind, object_pk=pk
    ).first()
    return None if row is None else mapping.tombstone(row, urls=scope.urls)

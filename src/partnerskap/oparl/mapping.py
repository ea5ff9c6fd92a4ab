"""Domain objects → OParl objects: one pure function per type, at the edge.

Every function takes domain objects (and what was loaded for them in batch) and returns a
typed OParl model (``schema``); none of them touches the database. They see only what the
public selectors return: an agenda item arrives as a ``PublicItem`` from ``agenda_public`` (a
closed item has only its neutral title), so exempt content cannot reach them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Final, TypeVar

from django.db.models import Choices
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.committees.models import Committee, CommitteeMembership
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.selectors import PublicItem
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import LISTS, Urls
from partnerskap.oparl.files import FileRecord, MeetingFiles
from partnerskap.oparl.models import Tombstone
from partnerskap.people.models import Membership, Person, Role

#: ``meetingState`` as the specification recommends it: «terminiert» (planned), «eingeladen»
#: (from the notice until the minutes are approved), «durchgeführt» (minutes approved).
MEETING_STATE: Final = {
    Meeting.Status.PLANNED: "terminiert",
    Meeting.Status.POSTPONED: "terminiert",
    Meeting.Status.CANCELLED: "terminiert",
    Meeting.Status.NOTICE_PUBLISHED: "eingeladen",
    Meeting.Status.HELD: "eingeladen",
    Meeting.Status.MINUTES_APPROVED: "durchgeführt",
}

#: ``organizationType``: the specification's coarse vocabulary (kept in German, as clients
#: compare these values).
PARTY_TYPE: Final = "Institution"
ELECTED_BODY_TYPE: Final = "externes Gremium"
MEETING_BODY_TYPE: Final = "Gremium"

#: The role of an elected body's consultation of a proposal.
DECISION: Final = gettext_noop("Decision in the party's elected body")

#: Who votes in the partnership meeting and in committees.
VOTING_ROLES: Final = frozenset({Role.CHAIR, Role.DEPUTY_CHAIR, Role.MEMBER})
VOTING_COMMITTEE_ROLES: Final = frozenset(
    {CommitteeMembership.Role.LEADER, CommitteeMembership.Role.MEMBER}
)


def _stamp(value: dt.datetime) -> str:
    return schema.date_time(value)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else schema.date(value)


T = TypeVar("T")


def _nonempty(values: Sequence[T]) -> list[T] | None:
    """Empty lists are left out (spec: «null»-Werte und leere Listen)."""
    return list(values) or None


def _text(value: str) -> str | None:
    return value or None


def _label(value: object) -> str:
    """A (lazily translated) label as plain text, capitalised."""
    return str(capfirst(str(value)))


@functools.cache
def _translated(enum: type[Choices], value: str, language: str, *, capital: bool) -> str:
    del language  # part of the cache key: the label is translated into it
    label = str(enum(value).label)
    return _label(label) if capital else label


def choice(enum: type[Choices], value: str, *, capital: bool = True) -> str:
    """The label of a choice in the active language, looked up once per language (a model's
    ``get_FOO_display`` is costly when called for every row of a page)."""
    return _translated(enum, value, translation.get_language(), capital=capital)


@functools.cache
def _message(message: str, language: str) -> str:
    del language  # part of the cache key
    return str(_(message))


def text(message: str) -> str:
    """A message of this app in the active language, translated once per language."""
    return _message(message, translation.get_language())


# --- System and Body --------------------------------------------------------------------------


def system(*, urls: Urls, created: dt.datetime, modified: dt.datetime) -> schema.System:
    return schema.System(
        id=urls.system(),
        body=urls.bodies(),
        name="Partnerskap",
        website=urls.web_home(),
        web=urls.web_home(),
        created=_stamp(created),
        modified=_stamp(modified),
    )


def body(partnership: Partnership, *, urls: Urls) -> schema.Body:
    pk = partnership.pk
    lists = {prop: urls.list(pk, segment) for prop, (_type, segment) in LISTS.items()}
    return schema.Body(
        id=urls.body(pk),
        system=urls.system(),
        name=partnership.name,
        classification=_label(Partnership._meta.verbose_name),
        organization=lists["organization"],
        person=lists["person"],
        meeting=lists["meeting"],
        paper=lists["paper"],
        agenda_item=lists["agendaItem"],
        consultation=lists["consultation"],
        file=lists["file"],
        membership=lists["membership"],
        location_list=lists["locationList"],
        legislative_term_list=lists["legislativeTermList"],
        legislative_term=[legislative_term(partnership, urls=urls)],
        web=urls.web("partnership", partnership.slug),
        created=_stamp(partnership.created),
        modified=_stamp(partnership.modified),
    )


def legislative_term(partnership: Partnership, *, urls: Urls) -> schema.LegislativeTerm:
    """The agreement period (A18) is the body's one legislative term."""
    return schema.LegislativeTerm(
        id=urls.legislative_term(partnership.pk),
        body=urls.body(partnership.pk),
        name=_("Agreement period %(start)d–%(end)d")
        % {"start": partnership.period_start.year, "end": partnership.period_end.year},
        start_date=_date(partnership.period_start),
        end_date=_date(partnership.period_end),
        created=_stamp(partnership.created),
        modified=_stamp(partnership.modified),
    )


# --- Organizations ----------------------------------------------------------------------------


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
    label = _label(Meeting._meta.verbose_name)
    return schema.Organization(
        id=urls.partnership_meeting(pk),
        body=urls.body(pk),
        name=f"{label}: {partnership.name}",
        short_name=label,
        organization_type=MEETING_BODY_TYPE,
        classification=label,
        membership=_nonempty([urls.membership(pk, "delegate", m) for m in membership_ids]),
        meeting=urls.list(pk, LISTS["meeting"][1]),
        start_date=_date(partnership.period_start),
        end_date=_date(partnership.period_end),
        web=urls.web("partnership", partnership.slug),
        created=_stamp(partnership.created),
        modified=_stamp(modified),
    )


def party(party: Party, *, urls: Urls, body: int) -> schema.Organization:
    return schema.Organization(
        id=urls.organization(body, "party", party.pk),
        body=urls.body(body),
        name=party.name,
        short_name=_text(party.short_name),
        organization_type=PARTY_TYPE,
        classification=choice(Party.Kind, party.kind),
        start_date=_date(party.valid_from),
        end_date=_date(party.valid_to),
        created=_stamp(party.created),
        modified=_stamp(party.modified),
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
        start_date=_date(elected.valid_from),
        end_date=_date(elected.valid_to),
        created=_stamp(elected.created),
        modified=_stamp(elected.modified),
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
        classification=_label(Committee._meta.verbose_name),
        sub_organization_of=urls.partnership_meeting(body),
        membership=_nonempty([urls.membership(body, "committee", m) for m in membership_ids]),
        start_date=_date(committee.starts_on),
        end_date=_date(ended),
        web=urls.web("committee", slug, committee.pk),
        created=_stamp(committee.created),
        modified=_stamp(modified),
    )


# --- People -----------------------------------------------------------------------------------


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
        start_date=_date(membership.valid_from),
        end_date=_date(membership.valid_to),
        created=_stamp(membership.created),
        modified=_stamp(membership.modified),
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
        on_behalf_of=urls.organization(body, "party", membership.party_id),
        role=choice(CommitteeMembership.Role, membership.role, capital=False),
        voting_right=membership.role in VOTING_COMMITTEE_ROLES,
        start_date=_date(committee.starts_on),
        end_date=_date(ended),
        created=_stamp(membership.created),
        modified=_stamp(membership.modified),
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
        membership=_nonempty(memberships),
        created=_stamp(person.created),
        modified=_stamp(modified),
    )


# --- Meetings ---------------------------------------------------------------------------------


def location(
    location: Location,
    *,
    urls: Urls,
    body: int,
    meeting_ids: Sequence[int] | None = None,
    modified: dt.datetime | None = None,
) -> schema.Location:
    """A meeting place. Embedded in a meeting it carries no back-references; fetched on its
    own (``meeting_ids`` given) it lists the body's meetings held there."""
    meetings = None
    if meeting_ids is not None:
        meetings = _nonempty([urls.meeting(body, pk) for pk in meeting_ids])
    return schema.Location(
        id=urls.location(body, location.pk),
        description=str(location),
        street_address=_text(location.address),
        room=_text(location.room),
        meetings=meetings,
        created=_stamp(location.created),
        modified=_stamp(modified or location.modified),
    )


def agenda_item(
    item: PublicItem,
    *,
    urls: Urls,
    partnership: Partnership,
    meeting: int,
    order: int,
    created: dt.datetime,
    modified: dt.datetime,
    consultation: int | None = None,
) -> schema.AgendaItem:
    """An item of a public agenda. A closed item (L3) shows that it exists, its number and
    its neutral title, ``public: false``, and nothing else."""
    body = partnership.pk
    closed = item.closed
    outcome = (
        ""
        if closed or not item.outcome
        else choice(AgendaItem.Outcome, item.outcome, capital=False)
    )
    return schema.AgendaItem(
        id=urls.agenda_item(body, item.pk),
        meeting=urls.meeting(body, meeting),
        number=item.case_number,
        order=order,
        name=item.title,
        public=not closed,
        consultation=None
        if closed or consultation is None
        else urls.consultation(body, "meeting", consultation),
        result=_text(str(outcome)),
        resolution_text=None if closed else _text(item.outcome_text),
        web=urls.web("item", partnership.slug, item.pk),
        created=_stamp(created),
        modified=_stamp(modified),
    )


def _file_or_none(record: FileRecord | None, *, urls: Urls, body: int) -> schema.File | None:
    return None if record is None else file(record, urls=urls, body=body, embedded=True)


def meeting(
    meeting: Meeting,
    *,
    urls: Urls,
    agenda: Sequence[schema.AgendaItem],
    files: MeetingFiles,
    modified: dt.datetime,
) -> schema.Meeting:
    body = meeting.partnership_id
    slug = meeting.partnership.slug
    return schema.Meeting(
        id=urls.meeting(body, meeting.pk),
        name=meeting.title,
        meeting_state=MEETING_STATE[Meeting.Status(meeting.status)],
        cancelled=True if meeting.status == Meeting.Status.CANCELLED else None,
        start=_stamp(meeting.starts_at),
        end=_stamp(meeting.ends_at),
        location=None
        if meeting.location is None
        else location(meeting.location, urls=urls, body=body),
        organization=[urls.partnership_meeting(body)],
        invitation=_file_or_none(files.invitation, urls=urls, body=body),
        results_protocol=_file_or_none(files.results_protocol, urls=urls, body=body),
        auxiliary_file=_nonempty(
            [file(f, urls=urls, body=body, embedded=True) for f in files.auxiliary]
        ),
        agenda_item=_nonempty(agenda),
        web=urls.web("meeting", slug, meeting.pk),
        created=_stamp(meeting.created),
        modified=_stamp(modified),
    )


# --- Papers and consultations -----------------------------------------------------------------


def meeting_consultation(
    proposal: Proposal, *, urls: Urls, partnership: Partnership, meeting: int
) -> schema.Consultation:
    """The partnership meeting's handling of a proposal: it proposes, it does not decide
    (A9), so the consultation is not authoritative."""
    body = partnership.pk
    return schema.Consultation(
        id=urls.consultation(body, "meeting", proposal.pk),
        paper=urls.paper(body, "proposal", proposal.pk),
        agenda_item=urls.agenda_item(body, proposal.item_id),
        meeting=urls.meeting(body, meeting),
        organization=[urls.partnership_meeting(body)],
        authoritative=False,
        role=choice(AgendaItem.Outcome, AgendaItem.Outcome.PROPOSAL),
        web=urls.web("proposal", partnership.slug, proposal.pk),
        created=_stamp(proposal.created),
        modified=_stamp(proposal.modified),
    )


def follow_up_consultation(
    follow_up: FollowUp, *, urls: Urls, partnership: Partnership
) -> schema.Consultation:
    """An elected body's handling of a proposal: it decides, so the consultation is
    authoritative. Its status is the keyword."""
    body = partnership.pk
    return schema.Consultation(
        id=urls.consultation(body, "follow-up", follow_up.pk),
        paper=urls.paper(body, "proposal", follow_up.proposal_id),
        organization=[urls.organization(body, "elected-body", follow_up.elected_body_id)],
        authoritative=True,
        role=text(DECISION),
        keyword=[choice(FollowUp.Status, follow_up.status)],
        web=urls.web("proposal", partnership.slug, follow_up.proposal_id),
        created=_stamp(follow_up.created),
        modified=_stamp(follow_up.modified),
    )


def paper(
    proposal: Proposal,
    *,
    urls: Urls,
    partnership: Partnership,
    follow_ups: Sequence[FollowUp],
    areas: Sequence[str],
    files: Sequence[FileRecord],
    modified: dt.datetime,
) -> schema.Paper:
    """A proposal to the parties (A9) or to amend the agreement (A10). Its consultations are
    the partnership meeting's and each elected body's; its keywords are its areas (A3)."""
    body = partnership.pk
    main = files[0] if files else None
    return schema.Paper(
        id=urls.paper(body, "proposal", proposal.pk),
        body=urls.body(body),
        name=proposal.title,
        reference=proposal.item.case_number,
        date=_date(proposal.sent_on),
        paper_type=choice(Proposal.Kind, proposal.kind),
        originator_organization=[urls.partnership_meeting(body)],
        main_file=_file_or_none(main, urls=urls, body=body),
        auxiliary_file=_nonempty([file(f, urls=urls, body=body, embedded=True) for f in files[1:]]),
        consultation=[
            meeting_consultation(
                proposal, urls=urls, partnership=partnership, meeting=proposal.item.meeting_id
            ),
            *(follow_up_consultation(f, urls=urls, partnership=partnership) for f in follow_ups),
        ],
        keyword=_nonempty(areas),
        web=urls.web("proposal", partnership.slug, proposal.pk),
        created=_stamp(proposal.created),
        modified=_stamp(modified),
    )


# --- Files ------------------------------------------------------------------------------------


def file(record: FileRecord, *, urls: Urls, body: int, embedded: bool = False) -> schema.File:
    """A public file; back-references only when fetched on its own (spec: File.meeting …)."""

    def refs(make: Callable[[int, int], str], pks: Sequence[int]) -> list[str] | None:
        return None if embedded else _nonempty([make(body, pk) for pk in pks])

    def paper_url(body: int, pk: int) -> str:
        return urls.paper(body, "proposal", pk)

    return schema.File(
        id=urls.file(body, record.kind, record.pk),
        name=record.name,
        file_name=record.file_name,
        mime_type=record.mime_type,
        size=record.size,
        sha512_checksum=record.sha512,
        access_url=record.access_url,
        download_url=_text(record.download_url),
        date=_date(record.date),
        text=_text(record.text),
        meeting=refs(urls.meeting, record.meeting_ids),
        agenda_item=refs(urls.agenda_item, record.agenda_item_ids),
        paper=refs(paper_url, record.paper_ids),
        created=_stamp(record.created),
        modified=_stamp(record.modified),
    )


# --- Deleted objects --------------------------------------------------------------------------


def tombstone(row: Tombstone, *, urls: Urls) -> schema.Tombstone:
    return schema.Tombstone(
        id=urls.object(row.body_id, row.oparl_type, row.object_pk, row.kind),
        type=f"{schema.SCHEMA}{row.oparl_type}",
        created=_stamp(row.created),
        modified=_stamp(row.deleted_at),
    )


def withdrawn_item(
    pk: int, *, urls: Urls, body: int, created: dt.datetime, modified: dt.datetime
) -> schema.Tombstone:
    """An item withdrawn from a public agenda is gone from it: a deleted AgendaItem."""
    return schema.Tombstone(
        id=urls.agenda_item(body, pk),
        type=f"{schema.SCHEMA}AgendaItem",
        created=_stamp(created),
        modified=_stamp(modified),
    )

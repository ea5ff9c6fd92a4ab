"""The entries of a meeting (its public agenda items and minutes) and of a proposal, built from
``meetings.selectors`` and ``followup.selectors`` only (L3)."""

from __future__ import annotations

from django.db.models import QuerySet

from partnerskap.agreements.models import Partnership
from partnerskap.followup.models import Proposal
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import Meeting
from partnerskap.meetings.selectors import agenda_public, minutes_public
from partnerskap.search.indexer.docs import Doc, Kind, item_areas, portal_url, text_of
from partnerskap.search.text import clean


def minutes_body(public: dict[str, object]) -> str:
    """The searchable text of the public minutes: items, outcomes, votes of open items,
    guests, place and chair. Attendance lists are left out (L10: a name search should not list
    every meeting someone attended or missed)."""
    parts: list[object] = [public.get("title"), public.get("location")]
    chair = public.get("chair")
    if isinstance(chair, dict):
        parts.append(chair.get("name"))
    items = public.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        parts.append(f"{item.get('case_number', '')} {item.get('title', '')}")
        if item.get("closed"):
            # A closed item: its neutral title and legal basis only, as on the agenda (L3).
            parts.append(item.get("legal_basis"))
            continue
        parts.append(item.get("outcome_text"))
        votes = item.get("votes")
        motions = [v.get("motion") for v in votes or [] if isinstance(v, dict)]
        parts.extend(dict.fromkeys(m for m in motions if m))
    guests = public.get("guests")
    for guest in guests if isinstance(guests, list) else []:
        if isinstance(guest, dict):
            parts.append(f"{guest.get('name', '')} {guest.get('role', '')}")
    parts.append(public.get("correction_reason"))
    return text_of(*parts)


def meeting_docs(meeting: Meeting) -> list[Doc]:
    """The public items and the public minutes of a meeting from ``meetings_public``."""
    slug = meeting.partnership.slug
    day = meeting.date
    items = agenda_public(meeting=meeting)
    areas = item_areas([i.pk for i in items if not i.closed])
    docs = []
    for item in items:
        if item.closed:
            body = text_of(item.legal_basis)
            own_areas: frozenset[int] = frozenset()
        else:
            body = text_of(item.case_presentation, item.recommendation, item.outcome_text)
            own_areas = frozenset(areas.get(item.pk, ()))
        docs.append(
            Doc(
                kind=Kind.ITEM,
                object_id=item.pk,
                date=day,
                title=clean(f"{item.case_number} {item.title}"),
                body=body,
                url=portal_url("item", slug, item.pk),
                areas=own_areas,
                partnership_id=meeting.partnership_id,
                meeting_id=meeting.pk,
            )
        )
    minutes = minutes_public(meeting=meeting)
    if minutes is not None:
        docs.append(
            Doc(
                kind=Kind.MINUTES,
                object_id=meeting.pk,
                date=day,
                title=clean(f"Møtebok: {minutes.get('title') or meeting.title}"),
                body=minutes_body(minutes),
                url=portal_url("meeting", slug, meeting.pk, "#motebok"),
                areas=frozenset(a for ids in areas.values() for a in ids),
                partnership_id=meeting.partnership_id,
                meeting_id=meeting.pk,
            )
        )
    return docs


def proposals(partnership: Partnership | None = None) -> QuerySet[Proposal]:
    return proposals_public(partnership=partnership).prefetch_related(
        "areas", "follow_ups__elected_body__party"
    )


def proposal_doc(proposal: Proposal) -> Doc:
    parties: set[int] = set()
    for follow_up in proposal.follow_ups.all():
        party = follow_up.elected_body.party
        parties.add(party.pk)
        if party.council_id is not None:
            parties.add(party.council_id)
    amendment = (
        (proposal.section_heading, proposal.proposed_text)
        if proposal.kind == Proposal.Kind.AMENDMENT
        else ()
    )
    return Doc(
        kind=Kind.PROPOSAL,
        object_id=proposal.pk,
        partnership_id=proposal.partnership_id,
        meeting_id=proposal.item.meeting_id,
        date=proposal.sent_on,
        title=clean(proposal.title),
        body=text_of(proposal.item.case_number, proposal.text, *amendment),
        url=portal_url("proposal", proposal.partnership.slug, proposal.pk),
        areas=frozenset(a.pk for a in proposal.areas.all()),
        parties=frozenset(parties),
    )

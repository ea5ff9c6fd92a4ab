"""The canary dataset, one for every leak test (L1, L3, L8).

A unique string, ``CANARY``, goes into every exempt place the system has: a closed item's real
title, case presentation, recommendation, conclusion and vote (so the minutes' internal part),
a proposal made from it with its text, follow-up notes and decision, a committee set up in
closed session with its task, exempt documents' titles, files and text, documents of closed
matter, an older version's file, the internal variants of the generated notice and minutes, and
a committee's report under a closed item (the inside test adds an annual cycle adopted under
one). A second one, ``WITHHELD``, goes
into what is not public although it is no secret inside: an item on a meeting whose notice is
not published, an item withdrawn before the notice, and a partnership still in draft.

No public answer may contain either; no inside answer may show ``CANARY`` to someone without
exempt access. Each leak test asks for ``canary`` (the whole dataset) or builds a ``Record``
(the meeting part of it) with ``make_record``; the tests of feeds, the API, OParl and the
generated documents use ``make_record`` for their own data too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from partnerskap.agreements.models import ElectedBody, Partnership
from partnerskap.committees.models import Committee
from partnerskap.committees.services import Member, committee_establish, committee_report
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.documents.services import (
    document_upload,
    document_version_add,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Meeting, Minutes, Vote
from partnerskap.meetings.services.agenda import (
    agenda_item_close,
    agenda_item_record_outcome,
    agenda_item_withdraw,
    vote_record,
)
from partnerskap.meetings.services.lifecycle import (
    meeting_create,
    meeting_publish_notice,
    meeting_record_held,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from tests.documents import files
from tests.factories import HOSTILE, PartnershipFactory
from tests.world import World, oslo

#: Seeded into every exempt field; no public response, and no inside one for a user without
#: exempt access, may ever contain it.
CANARY = "KANARI-exempt-7f3a9c"
#: Seeded into what the public may not see (yet) although it is not exempt.
WITHHELD = "KANARI-withheld-2c8e5a"
#: Both markers begin so; a public header must never hold it.
MARK = "KANARI"

Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome
DAY = dt.date(2022, 3, 10)


@dataclass
class Record:
    """One held meeting with approved minutes: an open item and a closed one, a proposal from
    each (the closed one's is not public), a committee set up in open session and one set up in
    closed session, and a vote on the closed item."""

    meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem
    open_proposal: Proposal
    closed_proposal: Proposal
    committee_item: AgendaItem  # the closed procedural item that set up ``closed_committee``
    committee: Committee  # set up in open session
    closed_committee: Committee

    @property
    def slug(self) -> str:
        return self.meeting.partnership.slug


def make_record(world: World, *, when: dt.datetime | None = None, secret: str = CANARY) -> Record:
    meeting = world.meeting(when or oslo(2022, 3, 15))
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    open_item = world.item(meeting, kind=Kind.PROPOSAL, title=f"Innfartsparkering {HOSTILE}")
    closed_item = world.item(
        meeting,
        kind=Kind.PROPOSAL,
        title=f"Tilsetting {secret}",
        case_presentation=f"Saksframstilling {secret}",
        recommendation=f"Innstilling {secret}",
        areas=world.areas[1:2],
    )
    agenda_item_close(item=closed_item, legal_basis=basis, public_title="Personalsak", actor=None)
    open_committee_item = world.item(
        meeting, kind=Kind.PROCEDURAL, title="Arbeidsutvalg", procedural_subject="committee"
    )
    committee_item = world.item(
        meeting, kind=Kind.PROCEDURAL, title=f"Utvalg {secret}", procedural_subject="committee"
    )
    agenda_item_close(item=committee_item, legal_basis=basis, public_title="Utvalg", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    outcomes = [
        (open_item, Outcome.PROPOSAL, f"Foreslås {HOSTILE}"),
        (closed_item, Outcome.PROPOSAL, f"Konklusjon {secret}"),
        (open_committee_item, Outcome.PROCEDURAL, "Utvalget settes ned."),
        (committee_item, Outcome.PROCEDURAL, secret),
    ]
    for item, outcome, text in outcomes:
        agenda_item_record_outcome(item=item, outcome=outcome, outcome_text=text, actor=None)
    vote_record(
        item=closed_item,
        motion=f"Votering {secret}",
        party=world.council,
        choice=Vote.Choice.FOR,
        actor=None,
    )
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    committee, closed_committee = (
        committee_establish(
            item=item,
            name=name,
            task=task,
            mandate=task,
            starts_on=dt.date(2022, 4, 1),
            ends_on=dt.date(2022, 12, 31),
            members=[Member(world.people[person], world.county)],
            areas=world.areas[:1],
            actor=None,
        )
        for item, name, task, person in (
            (open_committee_item, f"Arbeidsutvalg {HOSTILE}", "Utrede", "Rustad"),
            (committee_item, f"Utvalg {secret}", secret, "Haugen"),
        )
    )
    bodies = [ElectedBody.objects.get(slug="asker-kommunestyre")]
    open_proposal, closed_proposal = (
        proposal_create(
            item=item,
            title=title,
            text=text,
            bodies=bodies,
            sent_on=dt.date(2022, 3, 20),
            actor=None,
        )
        for item, title, text in (
            (open_item, f"Felles innfartsparkering {HOSTILE}", "Partnerskapsmøtet foreslår …"),
            (closed_item, f"Forslag {secret}", f"Forslagstekst {secret}"),
        )
    )
    for proposal, note in ((open_proposal, "Mottatt"), (closed_proposal, secret)):
        followup_record(
            follow_up=proposal.follow_ups.get(),
            status=FollowUp.Status.RECEIVED,
            on=dt.date(2022, 3, 25),
            note=note,
            actor=None,
        )
    followup_record(
        follow_up=closed_proposal.follow_ups.get(),
        status=FollowUp.Status.ADOPTED,
        on=dt.date(2022, 3, 28),
        note=secret,
        decision_text=f"Vedtak {secret}",
        actor=None,
    )
    meeting.refresh_from_db()
    return Record(
        meeting=meeting,
        open_item=open_item,
        closed_item=closed_item,
        open_proposal=open_proposal,
        closed_proposal=closed_proposal,
        committee_item=committee_item,
        committee=committee,
        closed_committee=closed_committee,
    )


def upload(owner: Any, title: str, content: bytes, **kwargs: Any) -> Document:
    return document_upload(
        owner=owner,
        title=title,
        document_type=kwargs.pop("document_type", Document.Type.VEDLEGG),
        document_date=kwargs.pop("document_date", DAY),
        content=content,
        actor=None,
        **kwargs,
    )


@dataclass
class Documents:
    """The record's documents: public ones of every kind OParl shows, and exempt ones (L8) and
    ones the public may not know of (L3) with the canary in their titles and files."""

    invitation: Document | None
    protocol: Document | None
    meeting_pdf: Document
    meeting_docx: Document
    item_pdf: Document
    redacted: Document  # exempt, with a public redacted variant: only the variant is public
    paper_main: Document
    paper_aux: Document
    hidden: list[Document]  # exempt without a public variant, or on closed matter


def make_documents(record: Record, *, generated: bool = True, secret: str = CANARY) -> Documents:
    """Upload documents to the record's meeting, items and proposals; with ``generated`` also
    render the notice and the minutes (PDF/A, a few seconds)."""
    offl13 = LegalBasis.objects.get(code="offl-13")
    invitation = protocol = None
    if generated:
        invitation = notice_pdf_store(record.meeting.pk)
        approved = Minutes.objects.get(meeting=record.meeting, status=Minutes.Status.APPROVED)
        protocol = minutes_pdf_store(approved.pk)
    meeting_pdf = upload(record.meeting, f"Presentasjon {HOSTILE}", files.pdf("Presentasjon"))
    meeting_docx = upload(record.meeting, "Budsjettnotat", files.docx_file("Budsjettnotat i Word"))
    item_pdf = upload(
        record.open_item,
        "Saksframlegg innfartsparkering",
        files.pdf("Saksframlegg"),
        document_type=Document.Type.SAKSFRAMLEGG,
    )
    redacted = upload(
        record.open_item,
        f"Kontrakt {secret}",
        files.pdf(f"Kontraktsum {secret}"),
        legal_basis=offl13,
        public_title="Kontrakt",
        public_content=files.pdf("Kontrakt, sladdet"),
    )
    paper_aux = upload(record.open_proposal, "Kart", files.pdf("Kart over parkeringen"))
    paper_main = upload(
        record.open_proposal,
        "Forslag til vedtak",
        files.pdf("Forslag til vedtak"),
        document_type=Document.Type.SAKSFRAMLEGG,
        document_date=DAY + dt.timedelta(days=1),
    )
    hidden = [
        upload(
            owner,
            f"Tilbud {secret}",
            files.pdf(f"Pris {secret}"),
            legal_basis=offl13,
            public_title="Tilbud",
        )
        for owner in (record.meeting, record.open_item, record.open_proposal)
    ]
    hidden += [
        upload(record.closed_item, f"Vurdering {secret}", files.pdf(secret)),
        upload(record.closed_proposal, f"Forslag {secret}", files.pdf(secret)),
    ]
    return Documents(
        invitation=invitation,
        protocol=protocol,
        meeting_pdf=meeting_pdf,
        meeting_docx=meeting_docx,
        item_pdf=item_pdf,
        redacted=redacted,
        paper_main=paper_main,
        paper_aux=paper_aux,
        hidden=hidden,
    )


@dataclass
class Canary:
    """The whole dataset: ``record`` and its ``documents``, and what lies around them."""

    record: Record
    documents: Documents
    #: Exempt documents beyond ``documents.hidden``: a Word file with a redacted variant, an
    #: older version, and a document on an item whose notice is not published.
    more_documents: list[Document]
    draft_item: AgendaItem  # on a meeting whose notice is not published
    withdrawn_item: AgendaItem  # withdrawn before its meeting's notice
    report_item: AgendaItem  # closed; the closed committee reports under it
    draft_partnership: Partnership

    def __getattr__(self, name: str) -> Any:
        """The record's parts (``canary.meeting``, ``canary.closed_item``, ``canary.slug`` …)."""
        if name == "record":
            raise AttributeError(name)
        return getattr(self.record, name)


def seed(world: World) -> Canary:
    """The canary dataset on the demo partnership without its history (``world``)."""
    record = make_record(world)
    documents = make_documents(record)
    offl13 = LegalBasis.objects.get(code="offl-13")
    closed_basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    # L8: the exempt original in Word, with a redacted public variant; an older version.
    more = [
        upload(
            record.open_item,
            "Kontrakt",
            files.docx_file(f"Kontraktsum {CANARY}"),
            legal_basis=offl13,
            public_content=files.pdf("Kontrakt, sladdet"),
        ),
        upload(record.open_item, "Notat", files.pdf(f"Gammel {CANARY}")),
    ]
    document_version_add(document=more[-1], content=files.pdf("Ny versjon"), actor=None)
    # L1: a meeting whose notice is not published, with an item and a document.
    later = world.meeting(oslo(2022, 9, 1))
    draft_item = world.item(later, title=f"Høstens sak {WITHHELD}")
    more.append(upload(draft_item, f"Utkast {CANARY}", files.pdf(CANARY)))
    # An item withdrawn before its meeting's notice was published is never public.
    spring = world.meeting(oslo(2022, 5, 10))
    world.item(spring, title="Kollektivtrafikk")
    withdrawn_item = world.item(spring, title=f"Trukket {WITHHELD}", case_presentation=WITHHELD)
    agenda_item_withdraw(item=withdrawn_item, actor=None)
    meeting_publish_notice(meeting=spring, actor=None)
    # The closed proposal went to Bærum's council too (on that case officer's lists).
    FollowUp.objects.create(
        proposal=record.closed_proposal,
        elected_body=ElectedBody.objects.get(slug="baerum-kommunestyre"),
        expected_by=dt.date(2022, 6, 1),
    )
    # The committee set up in closed session reports under a closed item of a later meeting.
    report_item = world.item(world.meeting(oslo(2022, 10, 4)), title=f"Rapport {CANARY}")
    agenda_item_close(
        item=report_item,
        legal_basis=closed_basis,
        public_title="Rapport fra utvalget (lukket)",
        actor=None,
    )
    committee_report(
        committee=record.closed_committee,
        item=report_item,
        summary=f"Oppsummering {CANARY}",
        actor=None,
    )
    # A partnership still in draft: nothing of it is public.
    draft = PartnershipFactory(
        name=f"Utkast {WITHHELD}", slug="utkast", status=Partnership.Status.DRAFT
    )
    meeting_create(
        partnership=draft,
        title=f"Oppstartsmøte {WITHHELD}",
        starts_at=oslo(2022, 4, 20),
        ends_at=oslo(2022, 4, 20, 12),
        location=world.location,
        actor=None,
    )
    return Canary(
        record=record,
        documents=documents,
        more_documents=more,
        draft_item=draft_item,
        withdrawn_item=withdrawn_item,
        report_item=report_item,
        draft_partnership=draft,
    )


@pytest.fixture
def canary(world: World, settings: Any, tmp_path: Any, jobs_after: Any) -> Canary:
    """The canary dataset, its jobs run (text extraction, indexing, mail; not the PDFs, which
    ``seed`` renders itself)."""
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    with jobs_after():
        return seed(world)

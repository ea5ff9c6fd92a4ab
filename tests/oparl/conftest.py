"""Helpers for the OParl tests: fetch through the test client, crawl and validate with the
project's typed OParl models, and build records (a public one with closed matter in it, and
more of the same to make the data grow)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from partnerskap.agreements.models import ElectedBody
from partnerskap.committees.models import Committee
from partnerskap.committees.services import Member, committee_establish
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.documents.services import document_upload, minutes_pdf_store, notice_pdf_store
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Location, Meeting, Minutes
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import (
    meeting_create,
    meeting_publish_notice,
    meeting_record_held,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from partnerskap.oparl import schema
from partnerskap.oparl.crawler import Crawl, Fetch, crawl
from partnerskap.people.models import Person, Role
from partnerskap.people.services import membership_create
from tests.documents.files import docx_file, pdf
from tests.factories import HOSTILE
from tests.world import World, oslo

ROOT = "http://testserver/oparl/v1/"
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome

#: Seeded into every exempt field; no OParl response may ever contain it.
CANARY = "KANARI-oparl-3e9b1d"


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    """Document blobs go to a fresh directory; nothing is rendered unless a test asks."""
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


def fetcher(client: Any) -> Fetch:
    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        # A file's bytes are streamed; reading them out lets the test client close the file
        # (an explicit ``close()`` would also close the database connection on PostgreSQL).
        streamed = response.streaming
        body = b"".join(response.streaming_content) if streamed else response.content
        return response.status_code, dict(response.headers), body

    return fetch


def get(client: Any, url: str, status: int = 200) -> dict[str, Any]:
    status_code, headers, body = fetcher(client)(url if "://" in url else f"http://testserver{url}")
    assert status_code == status, (url, body[:500])
    assert headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(body)


def validate(where: str, obj: dict[str, Any]) -> list[str]:
    """Validate one object with the project's OParl models (a deleted one as a tombstone)."""
    model = schema.Tombstone if obj.get("deleted") else schema.OBJECT_TYPES.get(obj.get("type", ""))
    if model is None:
        return [f"{where}: unknown type {obj.get('type')!r}"]
    try:
        model.model_validate(obj)
    except ValidationError as error:
        return [f"{where}: {error}"]
    return []


def validate_page(url: str, page: dict[str, Any]) -> list[str]:
    try:
        schema.ListPage.model_validate(page)
    except ValidationError as error:
        return [f"{url}: {error}"]
    return []


def crawl_all(client: Any, start: str = ROOT) -> Crawl:
    """Crawl the API from ``start``, validating every object and every list page, and fetch
    every file's ``accessUrl`` and ``downloadUrl``."""
    result = crawl(fetcher(client), start, validate, root=ROOT, check_files=True)
    for url, page in result.pages.items():
        result.problems.extend(validate_page(url, page))
    return result


@dataclass
class Record:
    """A held meeting with an open and a closed item, approved minutes, a proposal from each
    (the closed one's is not public), a committee set up in open session and one set up in
    closed session."""

    meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem
    open_proposal: Proposal
    closed_proposal: Proposal
    committee: Committee
    closed_committee: Committee


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
    committee_item = world.item(
        meeting, kind=Kind.PROCEDURAL, title="Arbeidsutvalg", procedural_subject="committee"
    )
    closed_committee_item = world.item(
        meeting, kind=Kind.PROCEDURAL, title=f"Utvalg {secret}", procedural_subject="committee"
    )
    agenda_item_close(
        item=closed_committee_item, legal_basis=basis, public_title="Utvalg", actor=None
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    outcomes = [
        (open_item, Outcome.PROPOSAL, f"Foreslås {HOSTILE}"),
        (closed_item, Outcome.PROPOSAL, f"Konklusjon {secret}"),
        (committee_item, Outcome.PROCEDURAL, "Utvalget settes ned."),
        (closed_committee_item, Outcome.PROCEDURAL, secret),
    ]
    for item, outcome, text in outcomes:
        agenda_item_record_outcome(item=item, outcome=outcome, outcome_text=text, actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    committees = [
        committee_establish(
            item=item,
            name=name,
            task=task,
            mandate=task,
            starts_on=dt.date(2022, 4, 1),
            ends_on=dt.date(2022, 12, 31),
            members=[Member(world.people[person], party)],
            areas=world.areas[:1],
            actor=None,
        )
        for item, name, task, person, party in (
            (committee_item, f"Arbeidsutvalg {HOSTILE}", "Utrede", "Rustad", world.county),
            (closed_committee_item, f"Utvalg {secret}", secret, "Haugen", world.county),
        )
    ]
    bodies = [ElectedBody.objects.get(slug="asker-kommunestyre")]
    proposals = [
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
    ]
    followup_record(
        follow_up=proposals[0].follow_ups.get(),
        status=FollowUp.Status.RECEIVED,
        on=dt.date(2022, 3, 25),
        note="Mottatt",
        actor=None,
    )
    followup_record(
        follow_up=proposals[1].follow_ups.get(),
        status=FollowUp.Status.ADOPTED,
        on=dt.date(2022, 3, 25),
        note=secret,
        decision_text=f"Vedtak {secret}",
        actor=None,
    )
    meeting.refresh_from_db()
    return Record(
        meeting=meeting,
        open_item=open_item,
        closed_item=closed_item,
        open_proposal=proposals[0],
        closed_proposal=proposals[1],
        committee=committees[0],
        closed_committee=committees[1],
    )


@pytest.fixture
def record(world: World) -> Record:
    return make_record(world)


def grow(world: World, count: int, *, offset: int = 0) -> None:
    """Make the data grow by ``count`` of everything OParl lists: a meeting at a new place with
    an open and a closed item, a proposal with follow-ups, a committee with a member, a new
    person in the council's delegation, and a document on the meeting, its open item and the
    proposal."""
    bodies = list(ElectedBody.objects.filter(slug__in=["asker-kommunestyre", "viken-fylkesting"]))
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    for n in range(offset, offset + count):
        start = oslo(2021 + n // 9, 1 + n % 9, 10)
        meeting = meeting_create(
            partnership=world.partnership,
            title=f"Møte {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            location=Location.objects.create(name=f"Sted {n}", room="Sal"),
            form=Meeting.Form.IN_PERSON,
            actor=None,
        )
        item = world.item(meeting, kind=Kind.PROPOSAL, title=f"Sak {n}")
        closed = world.item(meeting, title=f"Lukket {n}")
        agenda_item_close(item=closed, legal_basis=basis, public_title="Lukket", actor=None)
        decision = world.item(
            meeting, kind=Kind.PROCEDURAL, title=f"Utvalg {n}", procedural_subject="committee"
        )
        meeting_publish_notice(meeting=meeting, actor=None)
        agenda_item_record_outcome(
            item=item, outcome=Outcome.PROPOSAL, outcome_text="Ja", actor=None
        )
        agenda_item_record_outcome(
            item=decision, outcome=Outcome.PROCEDURAL, outcome_text="Ja", actor=None
        )
        person = Person.objects.create(given_name=f"Navn {n}", family_name="Etternavn")
        membership_create(
            person=person,
            party=world.council,
            role=Role.SUBSTITUTE,
            valid_from=dt.date(2020, 1, 1),
            actor=None,
        )
        committee_establish(
            item=decision,
            name=f"Utvalg {n}",
            task="Utrede",
            mandate="Utrede",
            starts_on=start.date(),
            ends_on=start.date() + dt.timedelta(days=90),
            members=[Member(person, world.council)],
            areas=world.areas[:1],
            actor=None,
        )
        proposal = proposal_create(
            item=item,
            title=f"Forslag {n}",
            text="Tekst",
            bodies=bodies,
            sent_on=start.date() + dt.timedelta(days=1),
            actor=None,
        )
        for follow_up in proposal.follow_ups.all():
            followup_record(
                follow_up=follow_up,
                status=FollowUp.Status.RECEIVED,
                on=start.date() + dt.timedelta(days=5),
                actor=None,
            )
        for owner in (meeting, item, proposal):
            upload(owner, f"Vedlegg {n}", pdf(f"Vedlegg {n}"))


DAY = dt.date(2022, 3, 10)


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
    meeting_pdf = upload(record.meeting, f"Presentasjon {HOSTILE}", pdf("Presentasjon"))
    meeting_docx = upload(record.meeting, "Budsjettnotat", docx_file("Budsjettnotat i Word"))
    item_pdf = upload(
        record.open_item,
        "Saksframlegg innfartsparkering",
        pdf("Saksframlegg"),
        document_type=Document.Type.SAKSFRAMLEGG,
    )
    redacted = upload(
        record.open_item,
        f"Kontrakt {secret}",
        pdf(f"Kontraktsum {secret}"),
        legal_basis=offl13,
        public_title="Kontrakt",
        public_content=pdf("Kontrakt, sladdet"),
    )
    paper_aux = upload(record.open_proposal, "Kart", pdf("Kart over parkeringen"))
    paper_main = upload(
        record.open_proposal,
        "Forslag til vedtak",
        pdf("Forslag til vedtak"),
        document_type=Document.Type.SAKSFRAMLEGG,
        document_date=DAY + dt.timedelta(days=1),
    )
    hidden = [
        upload(
            owner,
            f"Tilbud {secret}",
            pdf(f"Pris {secret}"),
            legal_basis=offl13,
            public_title="Tilbud",
        )
        for owner in (record.meeting, record.open_item, record.open_proposal)
    ]
    hidden += [
        upload(record.closed_item, f"Vurdering {secret}", pdf(secret)),
        upload(record.closed_proposal, f"Forslag {secret}", pdf(secret)),
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

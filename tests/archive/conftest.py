"""The demo with documents of every kind an extraction must carry: uploaded PDFs and an office
file on an agenda item, an exempt document with a public variant on a proposal, a closed
proposal, and the rendered notice and minutes of the meeting with a closed item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from partnerskap.agreements.models import Partnership
from partnerskap.archive.check import reference_dir
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.documents.services import document_upload, minutes_pdf_store, notice_pdf_store
from partnerskap.documents.services.text import document_file_extract_text
from partnerskap.followup.models import Proposal
from partnerskap.meetings.models import AgendaItem, ClosedSession, Minutes
from tests.documents import files

EXEMPT_TITLE = "Tilbud fra Hemmeligsen Rådgivning AS"
EXEMPT_TEXT = "Timepris 1450 kroner ekskl. mva"
CLOSED_PROPOSAL_TITLE = "Kjøp av tomt fra Olsen-familien"


@pytest.fixture
def files_dir(settings, tmp_path) -> Path:
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


@pytest.fixture
def reference() -> Path:
    """Arkivverket's schemas (PARTNERSKAP_REFERENCE_DIR, default ../shared/reference)."""
    found = reference_dir()
    assert (found / "noark5-xsd" / "arkivstruktur.xsd").is_file(), (
        f"The official Noark 5 schemas are not in {found}: set PARTNERSKAP_REFERENCE_DIR to the "
        "folder holding noark5-xsd/"
    )
    return found


@dataclass
class Records:
    partnership_slug: str
    exempt: Document
    office: Document
    closed_proposal: Proposal
    closed_item: AgendaItem


@pytest.fixture
def records(demo, files_dir) -> Records:
    return make_records(demo.partnership)


def make_records(partnership: Partnership) -> Records:
    items = AgendaItem.objects.filter(partnership=partnership)
    open_item = items.filter(closed_session__isnull=True).order_by("pk").first()
    assert open_item is not None
    day = open_item.meeting.date
    document_upload(
        owner=open_item,
        title="Saksframlegg om innfartsparkering",
        document_type=Document.Type.SAKSFRAMLEGG,
        document_date=day,
        content=files.pdf(),
        filename="saksframlegg.pdf",
        actor=None,
    )
    office = document_upload(
        owner=open_item,
        title="Kostnadsoverslag",
        document_type=Document.Type.VEDLEGG,
        document_date=day,
        content=files.docx_file(),
        filename="overslag.docx",
        actor=None,
    )
    document_file_extract_text(office.files.get().pk)  # the archive renders a PDF/A from it
    proposals = Proposal.objects.filter(partnership=partnership).order_by("sent_on", "pk")
    proposal = proposals.first()
    assert proposal is not None
    exempt = document_upload(
        owner=proposal,
        title=EXEMPT_TITLE,
        document_type=Document.Type.BREV,
        document_date=proposal.sent_on,
        content=files.pdf(EXEMPT_TEXT),
        filename="tilbud.pdf",
        legal_basis=LegalBasis.objects.get(code="offl-13"),
        public_title="Tilbud (unntatt offentlighet)",
        public_content=files.pdf("Tilbud (sladdet)"),
        public_filename="tilbud-sladdet.pdf",
        actor=None,
    )
    closed_proposal = proposals.exclude(pk=proposal.pk).last()
    assert closed_proposal is not None
    closed_proposal.title = CLOSED_PROPOSAL_TITLE
    closed_proposal.save()
    ClosedSession.objects.create(
        item=closed_proposal.item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-3-a"),
        public_title="Sak behandlet for lukkede dører",
    )
    closed_item = (
        items.filter(closed_session__isnull=False).exclude(pk=closed_proposal.item_id).get()
    )
    notice_pdf_store(closed_item.meeting_id)
    minutes = Minutes.objects.filter(
        meeting=closed_item.meeting, status=Minutes.Status.APPROVED
    ).first()
    if minutes is not None:
        minutes_pdf_store(minutes.pk)
    return Records(partnership.slug, exempt, office, closed_proposal, closed_item)


PERIOD_2021 = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))

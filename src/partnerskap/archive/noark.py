"""The Noark 5 v5.0 extraction (arkivuttrekk) of a partnership's records for a period (L9).

``write_extraction`` writes an «avleveringspakke» folder as Noark 5 chapter 6.4 describes it:

* ``arkivstruktur.xml``: arkiv → arkivdel → klassifikasjonssystem with three classes: the
  meetings (one «møtemappe» each, its notice, agenda items, minutes and meeting documents as
  «møteregistreringer»), the proposals to the parties (one «saksmappe» each: the outgoing
  proposal and every body's final answer as «journalposter») and the other documents (annual
  reports, committee and agreement documents, as «arkivnotat»). Every document is a
  «dokumentbeskrivelse» with a «dokumentobjekt» per stored file;
* ``DOKUMENT/``: the files, named by their dokumentobjekt's systemID;
* ``endringslogg.xml``: the audit log entries of the units in the package;
* ``loependeJournal.xml`` and ``offentligJournal.xml``: the journalposter in number order;
  in the public journal the screened titles are replaced by the public ones (or asterisks);
* ``arkivuttrekk.xml`` (ADDML 8.3, after Riksarkivaren's template): counts and SHA-256
  checksums of the XML files and schemas, and the number of document files;
* the official XML schemas (``schemas/``), unchanged.

Same database and period, same bytes: systemIDs are UUID 5 of the object's identity and
every timestamp comes from the records. The XML is written as it is read (``lxml.etree.xmlfile``
and ``QuerySet.iterator``), so memory stays flat whatever the period's length; only the
journal numbering (a few integers per journalpost) is held.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db.models import CharField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from partnerskap.agreements.models import Partnership
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.documents import storage
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.validation import TYPES
from partnerskap.followup.models import DECIDED_STATUSES, FollowUp, Proposal
from partnerskap.meetings.models import AgendaItem, Meeting
from partnerskap.meetings.public import item_closed_q

PACKAGE = "avleveringspakke"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = (
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
    "addml.xsd",
)
N5 = "http://www.arkivverket.no/standarder/noark5/"
ADDML = "http://www.arkivverket.no/standarder/addml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = f"{{{XSI}}}type"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"

#: The namespace of every systemID: uuid5(NAMESPACE, "<kind>:<primary key>").
NAMESPACE = uuid.UUID("6f0d8c1e-5b7a-4e0c-9a51-2c9d4e7b3a10")
SYSTEM = "Partnerskap"
SECRETARIAT = "Sekretariatet"
SCREENED = "******"
CHUNK = 500

MOETEMAPPER = "moeter"
SAKSMAPPER = "forslag"
DOKUMENTER = "dokumenter"

DOCUMENT_TYPES: dict[str, str] = {
    Document.Type.SAKSFRAMLEGG: "Saksframlegg",
    Document.Type.VEDLEGG: "Vedlegg",
    Document.Type.INNKALLING: "Møteinnkalling",
    Document.Type.PROTOKOLL: "Møteprotokoll",
    Document.Type.RAPPORT: "Rapport",
    Document.Type.BREV: "Brev",
}
ITEM_KINDS: dict[str, str] = {
    AgendaItem.Kind.PROPOSAL: "Forslag til partene",
    AgendaItem.Kind.PROCEDURAL: "Prosedyresak",
    AgendaItem.Kind.INFORMATION: "Orienteringssak",
    AgendaItem.Kind.DISCUSSION: "Drøftingssak",
}
FOLLOW_UP_STATUSES: dict[str, str] = {
    FollowUp.Status.ADOPTED: "vedtatt",
    FollowUp.Status.ADOPTED_WITH_CHANGES: "vedtatt med endringer",
    FollowUp.Status.REJECTED: "avvist",
    FollowUp.Status.NOT_TAKEN_UP: "ikke tatt opp til behandling",
}
PDFA_FORMAT = "PDF/A-2 - ISO 19005-2:2011"


def system_id(kind: str, key: object) -> str:
    """The systemID of one archive unit: the same object always gets the same UUID."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def stamp(moment: dt.datetime) -> str:
    """An xs:dateTime in UTC, whole seconds."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass
class Summary:
    """What an extraction holds: the numbers ``arkivuttrekk.xml`` states."""

    folder: Path
    period: Period
    mapper: int = 0
    registreringer: int = 0
    journalposter: int = 0
    endringer: int = 0
    dokumentfiler: int = 0
    renditions: int = 0
    screened: bool = False
    originals_kept: int = 0
    checksums: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Screening:
    """Noark 5 «skjerming»: on which basis, of what."""

    code: str
    reference: str
    whole_document: bool = True


# ---------------------------------------------------------------- small writing helpers


class Writer:
    """Leaf elements on an ``xmlfile`` in one namespace."""

    def __init__(self, xf: Any, namespace: str) -> None:
        self.xf = xf
        self.ns = namespace

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def element(self, name: str, attrib: dict[str, str] | None = None) -> Any:
        return self.xf.element(self.q(name), attrib or {})

    def leaf(self, name: str, value: object) -> None:
        text = value if isinstance(value, str) else str(value)
        with self.xf.element(self.q(name)):
            self.xf.write(text)

    def optional(self, name: str, value: object) -> None:
        if value not in (None, ""):
            self.leaf(name, value)


def _clean(text: str) -> str:
    """Text an XML 1.0 document can hold (no control characters but tab and newlines)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32).strip()


def _who(user: User | None) -> str:
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.username


def _document_files(document: Document) -> list[DocumentFile]:
    return sorted(document.files.all(), key=lambda f: (f.version, f.variant != "main"))


# ---------------------------------------------------------------- the extraction


class Extraction:
    def __init__(self, partnership: Partnership, period: Period, folder: Path) -> None:
        self.partnership = partnership
        self.period = period
        self.folder = folder
        self.summary = Summary(folder=folder, period=period)
        self.journal: dict[tuple[str, int], tuple[int, int, int]] = {}
        self.start = day_start(period.start)
        self.end = day_start(period.end + dt.timedelta(days=1))

    # ------------------------------------------------------------ what is in the period

    def meetings(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.filter(
                partnership=self.partnership, starts_at__gte=self.start, starts_at__lt=self.end
            )
            .exclude(status=Meeting.Status.PLANNED)
            .select_related("location")
            .order_by("starts_at", "pk")
        )

    def proposals(self) -> QuerySet[Proposal]:
        return (
            Proposal.objects.filter(
                partnership=self.partnership,
                sent_on__gte=self.period.start,
                sent_on__lte=self.period.end,
            )
            .select_related("item__closed_session__legal_basis")
            .order_by("sent_on", "pk")
        )

    def final_follow_ups(self, proposal_ids: Iterable[int] | QuerySet[Any]) -> QuerySet[FollowUp]:
        return (
            FollowUp.objects.filter(proposal__in=proposal_ids, status__in=DECIDED_STATUSES)
            .select_related("elected_body__party")
            .annotate(last_on=Max("events__on"))
            .order_by(
                "proposal__sent_on",
                "proposal_id",
                "elected_body__party__name",
                "elected_body__name",
                "pk",
            )
        )

    def other_documents(self) -> QuerySet[Document]:
        years = (self.period.start.year, self.period.end.year)
        in_period = Q(document_date__gte=self.period.start, document_date__lte=self.period.end)
        return (
            Document.objects.filter(partnership=self.partnership)
            .filter(
                Q(generated=Document.Generated.ANNUAL_REPORT, report_year__range=years)
                | Q(committee__isnull=False) & in_period
                | Q(agreement_version__isnull=False) & in_period
            )
            .select_related("legal_basis", "created_by")
            .prefetch_related("files__created_by")
            .order_by("document_date", "pk")
        )

    # ------------------------------------------------------------ running it

    def run(self) -> Summary:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "DOKUMENT").mkdir(exist_ok=True)
        self.number_journal()
        with self.xml("arkivstruktur.xml") as xf:
            self.arkivstruktur(xf)
        with self.xml("endringslogg.xml") as xf:
            self.endringslogg(xf)
        # Journals only when there is something to journal (krav 6.4.15: «dersom
        # avleveringspakken inneholder journalføringspliktig informasjon»).
        for public in (False, True) if self.journal else ():
            with self.xml("offentligJournal.xml" if public else "loependeJournal.xml") as xf:
                self.journal_file(xf, public=public)
        for name in self.schema_files():
            shutil.copyfile(SCHEMAS / name, self.folder / name)
            if name != "addml.xsd":
                self.summary.checksums[name] = sha256_of(self.folder / name)
        with self.xml("arkivuttrekk.xml") as xf:
            self.arkivuttrekk(xf)
        return self.summary

    def schema_files(self) -> list[str]:
        journals = ("loependeJournal.xsd", "offentligJournal.xsd")
        return [n for n in SCHEMA_FILES if self.journal or n not in journals]

    @contextlib.contextmanager
    def xml(self, name: str) -> Iterator[Any]:
        path = self.folder / name
        with path.open("wb") as stream, etree.xmlfile(stream, encoding="utf-8") as xf:
            xf.write_declaration()
            yield xf
        if name.endswith(".xml") and name != "arkivuttrekk.xml":
            self.summary.checksums[name] = sha256_of(path)

    # ------------------------------------------------------------ journal numbers

    def number_journal(self) -> None:
        """Number the journalposter in the order they were journaled (journaldato, then the
        proposal and the answer), per year: «journalår» and «sekvensnummer»; and within each
        saksmappe («journalpostnummer»)."""
        keys: list[tuple[dt.date, int, int, int]] = []
        proposal_ids = self.proposals().values("pk")
        for pk, sent_on in self.proposals().values_list("pk", "sent_on").iterator(CHUNK):
            keys.append((sent_on, pk, 0, 0))
        for fu in self.final_follow_ups(proposal_ids).iterator(CHUNK):
            keys.append((_answered_on(fu), fu.proposal_id, 1, fu.pk))
        keys.sort()
        per_year: dict[int, int] = {}
        in_case: dict[int, int] = {}
        for day, proposal_id, kind, fu_id in keys:
            per_year[day.year] = per_year.get(day.year, 0) + 1
            in_case[proposal_id] = in_case.get(proposal_id, 0) + 1
            key = ("followup", fu_id) if kind else ("proposal", proposal_id)
            self.journal[key] = (day.year, per_year[day.year], in_case[proposal_id])

    # ------------------------------------------------------------ arkivstruktur.xml

    def arkivstruktur(self, xf: Any) -> None:
        w = Writer(xf, N5 + "arkivstruktur")
        p = self.partnership
        created = p.created
        closed = self.closed_at()
        location = f"{w.ns} arkivstruktur.xsd"
        with xf.element(w.q("arkiv"), {SCHEMA_LOCATION: location}, nsmap={None: w.ns, "xsi": XSI}):
            w.leaf("systemID", system_id("arkiv", p.pk))
            w.leaf("tittel", _clean(p.name))
            w.leaf("beskrivelse", "Møter, saker og dokumenter i partnerskapet, fra Partnerskap.")
            w.leaf("arkivstatus", "Avsluttet")
            w.leaf("dokumentmedium", "Elektronisk arkiv")
            w.leaf("opprettetDato", stamp(created))
            w.leaf("opprettetAv", SYSTEM)
            w.leaf("avsluttetDato", stamp(closed))
            w.leaf("avsluttetAv", SYSTEM)
            for party in p.parties.order_by("name", "pk"):
                with w.element("arkivskaper"):
                    w.leaf("arkivskaperID", party.organisation_number or party.slug)
                    w.leaf("arkivskaperNavn", _clean(party.name))
            with w.element("arkivdel"):
                period = self.period
                w.leaf("systemID", system_id("arkivdel", f"{p.pk}:{period.start}:{period.end}"))
                w.leaf("tittel", f"{_clean(p.name)} {period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}")
                w.leaf("arkivdelstatus", "Avsluttet periode")
                w.leaf("dokumentmedium", "Elektronisk arkiv")
                w.leaf("opprettetDato", stamp(created))
                w.leaf("opprettetAv", SYSTEM)
                w.leaf("avsluttetDato", stamp(closed))
                w.leaf("avsluttetAv", SYSTEM)
                w.leaf("arkivperiodeStartDato", period.start.isoformat())
                w.leaf("arkivperiodeSluttDato", period.end.isoformat())
                with w.element("klassifikasjonssystem"):
                    w.leaf("systemID", system_id("klassifikasjonssystem", p.pk))
                    w.leaf("klassifikasjonstype", "Funksjonsbasert, hierarkisk")
                    w.leaf("tittel", "Partnerskapets oppgaver")
                    w.leaf("opprettetDato", stamp(created))
                    w.leaf("opprettetAv", SYSTEM)
                    with self.klasse(w, MOETEMAPPER, "Partnerskapsmøter"):
                        for meeting in self.meetings().iterator(CHUNK):
                            self.moetemappe(w, meeting)
                    with self.klasse(w, SAKSMAPPER, "Forslag til partenes organer"):
                        self.saksmapper(w)
                    with self.klasse(w, DOKUMENTER, "Årsmeldinger og andre dokumenter"):
                        for document in self.other_documents().iterator(CHUNK):
                            self.arkivnotat(w, document)

    def closed_at(self) -> dt.datetime:
        """When the period's records last changed: the arkiv's and arkivdel's closing time."""
        moments: list[dt.datetime | None] = [
            self.partnership.modified,
            self.meetings().aggregate(m=Max("modified"))["m"],
            self.proposals().aggregate(m=Max("modified"))["m"],
            self.other_documents().aggregate(m=Max("modified"))["m"],
        ]
        return max(m for m in moments if m is not None)

    @contextlib.contextmanager
    def klasse(self, w: Writer, key: str, title: str) -> Iterator[None]:
        with w.element("klasse"):
            w.leaf("systemID", system_id("klasse", f"{self.partnership.pk}:{key}"))
            w.leaf("klasseID", key)
            w.leaf("tittel", title)
            w.leaf("opprettetDato", stamp(self.partnership.created))
            w.leaf("opprettetAv", SYSTEM)
            yield

    # ------------------------------------------------------------ meetings

    def moetemappe(self, w: Writer, meeting: Meeting) -> None:
        self.summary.mapper += 1
        number = self.meeting_number(meeting)
        with w.element("mappe", {XSI_TYPE: "moetemappe"}):
            w.leaf("systemID", system_id("meeting", meeting.pk))
            w.leaf("mappeID", f"{meeting.date.year}/{number}")
            w.leaf("tittel", _clean(meeting.title) or str(meeting))
            w.leaf("beskrivelse", meeting.get_status_display())
            w.leaf("opprettetDato", stamp(meeting.created))
            w.leaf("opprettetAv", SYSTEM)
            w.leaf("avsluttetDato", stamp(meeting.modified))
            w.leaf("avsluttetAv", SYSTEM)
            self.meeting_registreringer(w, meeting)
            w.leaf("moetenummer", str(number))
            w.leaf("utvalg", _clean(self.partnership.name))
            w.leaf("moetedato", meeting.date.isoformat())
            if meeting.location is not None:
                w.leaf("moetested", _clean(str(meeting.location)))

    def meeting_registreringer(self, w: Writer, meeting: Meeting) -> None:
        """The meeting's records in order: the notice, each item, the minutes, then each
        uploaded document."""
        documents = list(
            meeting.documents.select_related("legal_basis", "created_by")
            .prefetch_related("files__created_by")
            .order_by("generated", "document_date", "pk")
        )
        closed_bases = self.closed_bases(meeting)
        notice = [d for d in documents if d.generated == Document.Generated.NOTICE]
        if hasattr(meeting, "notice") or notice:
            self.moeteregistrering(
                w,
                key=f"notice:{meeting.pk}",
                kind="Møteinnkalling",
                title=f"Innkalling: {_clean(meeting.title)}",
                created=meeting.notice.published_at if hasattr(meeting, "notice") else None,
                documents=notice,
                closed_bases=closed_bases,
                fallback=meeting,
            )
        for item in _meeting_items(meeting):
            self.item_registrering(w, item)
        minutes = [d for d in documents if d.generated == Document.Generated.MINUTES]
        if minutes:
            self.moeteregistrering(
                w,
                key=f"minutes:{meeting.pk}",
                kind="Møteprotokoll",
                title=f"Møteprotokoll: {_clean(meeting.title)}",
                created=None,
                documents=minutes,
                closed_bases=closed_bases,
                fallback=meeting,
            )
        for document in documents:
            if document.generated == Document.Generated.UPLOADED:
                self.moeteregistrering(
                    w,
                    key=f"document:{document.pk}",
                    kind="Møtedokument",
                    title=_clean(document.title),
                    created=None,
                    documents=[document],
                    closed_bases=closed_bases,
                    fallback=document,
                    screening=_document_screening(document),
                )

    def meeting_number(self, meeting: Meeting) -> int:
        """The meeting's number in its year, among all the partnership's held or published
        meetings (also those before the period starts)."""
        year = meeting.date.year
        return (
            Meeting.objects.filter(
                partnership=meeting.partnership,
                starts_at__gte=day_start(dt.date(year, 1, 1)),
                starts_at__lt=meeting.starts_at,
            )
            .exclude(status=Meeting.Status.PLANNED)
            .count()
            + 1
        )

    def closed_bases(self, meeting: Meeting) -> Screening | None:
        """The screening of a generated document's internal variant: the legal bases of the
        meeting's closed items."""
        rows = sorted(
            set(
                meeting.items.filter(item_closed_q()).values_list(
                    "closed_session__legal_basis__code", "closed_session__legal_basis__reference"
                )
            )
        )
        if not rows:
            return None
        return Screening(
            code=", ".join(c for c, _ in rows),
            reference="; ".join(r for _, r in rows),
            whole_document=False,
        )

    def item_registrering(self, w: Writer, item: AgendaItem) -> None:
        screening = None
        public_title = ""
        if item.is_closed:
            session = item.closed_session
            basis = session.legal_basis
            screening = Screening(code=basis.code, reference=basis.reference)
            public_title = session.public_title
        documents = sorted(item.documents.all(), key=lambda d: (d.document_date, d.pk))
        with self.registrering(
            w,
            key=f"item:{item.pk}",
            kind="moeteregistrering",
            created=item.created,
            archived=item.modified,
            creator=SYSTEM,
            screening=screening,
        ):
            for number, document in enumerate(documents, start=1):
                self.dokumentbeskrivelse(
                    w, document, number, _document_screening(document) or screening
                )
            w.leaf("registreringsID", item.case_number)
            w.leaf("tittel", _clean(item.title))
            w.optional("offentligTittel", _clean(public_title))
            w.optional("beskrivelse", _clean(item.outcome_text))
            w.leaf("moeteregistreringstype", "Saksframlegg")
            w.leaf("moetesakstype", ITEM_KINDS.get(item.kind, item.kind))
            w.optional(
                "moeteregistreringsstatus", item.get_outcome_display() if item.outcome else ""
            )
            w.leaf("administrativEnhet", SECRETARIAT)
            w.leaf("saksbehandler", SECRETARIAT)

    def moeteregistrering(
        self,
        w: Writer,
        *,
        key: str,
        kind: str,
        title: str,
        created: dt.datetime | None,
        documents: list[Document],
        closed_bases: Screening | None,
        fallback: Meeting | Document,
        screening: Screening | None = None,
    ) -> None:
        first = documents[0] if documents else None
        with self.registrering(
            w,
            key=key,
            kind="moeteregistrering",
            created=created or (first.created if first else fallback.created),
            archived=max([d.modified for d in documents] or [fallback.modified]),
            creator=_who(first.created_by) if first else SYSTEM,
            screening=screening,
        ):
            for number, document in enumerate(documents, start=1):
                partly = closed_bases if _has_public_variant(document) else None
                self.dokumentbeskrivelse(
                    w, document, number, _document_screening(document) or partly
                )
            w.leaf("tittel", title or SCREENED)
            if screening is not None and first is not None and first.public_title:
                w.leaf("offentligTittel", _clean(first.public_title))
            w.leaf("moeteregistreringstype", kind)
            w.leaf("administrativEnhet", SECRETARIAT)
            w.leaf("saksbehandler", SECRETARIAT)

    # ------------------------------------------------------------ registrering parts

    @contextlib.contextmanager
    def registrering(
        self,
        w: Writer,
        *,
        key: str,
        kind: str,
        created: dt.datetime,
        archived: dt.datetime,
        creator: str,
        screening: Screening | None,
    ) -> Iterator[None]:
        """A registrering with its leading elements (up to its screening); the body writes
        its documents, title and type."""
        self.summary.registreringer += 1
        with w.element("registrering", {XSI_TYPE: kind}):
            w.leaf("systemID", system_id("registrering", key))
            w.leaf("opprettetDato", stamp(created))
            w.leaf("opprettetAv", creator)
            w.leaf("arkivertDato", stamp(max(archived, created)))
            w.leaf("arkivertAv", SYSTEM)
            if screening is not None:
                self.skjerming(w, screening)
            yield

    def skjerming(self, w: Writer, screening: Screening) -> None:
        self.summary.screened = True
        with w.element("skjerming"):
            w.leaf("tilgangsrestriksjon", screening.code)
            w.leaf("skjermingshjemmel", screening.reference)
            w.leaf("skjermingMetadata", "tittel")
            w.leaf("skjermingDokument", "Hele dokumentet" if screening.whole_document else "Delvis")

    def dokumentbeskrivelse(
        self, w: Writer, document: Document, number: int, screening: Screening | None
    ) -> None:
        files = _document_files(document)
        kept = [f for f in files if not _is_archival(f)]
        with w.element("dokumentbeskrivelse"):
            w.leaf("systemID", system_id("document", document.pk))
            w.leaf("dokumenttype", DOCUMENT_TYPES.get(document.document_type, "Dokument"))
            w.leaf("dokumentstatus", "Dokumentet er ferdigstilt")
            w.leaf("tittel", _clean(document.title) or SCREENED)
            w.optional("beskrivelse", _clean(document.archive_reference))
            w.leaf("opprettetDato", stamp(document.created))
            w.leaf("opprettetAv", _who(document.created_by))
            main = number == 1 and document.document_type != Document.Type.VEDLEGG
            w.leaf("tilknyttetRegistreringSom", "Hoveddokument" if main else "Vedlegg")
            w.leaf("dokumentnummer", str(number))
            w.leaf("tilknyttetDato", stamp(document.created))
            w.leaf("tilknyttetAv", _who(document.created_by))
            if kept:
                with w.element("merknad"):
                    w.leaf("merknadstekst", _kept_note(kept))
                    w.leaf("merknadstype", "Arkivformat")
                    w.leaf("merknadsdato", stamp(document.created))
                    w.leaf("merknadRegistrertAv", SYSTEM)
            if screening is not None:
                self.skjerming(w, screening)
            for file in files:
                self.dokumentobjekt(w, file)
                if _needs_rendition(file):
                    self.rendition(w, document, file)

    def rendition(self, w: Writer, document: Document, file: DocumentFile) -> None:
        """The archival format of an uploaded file that is not in one (an office file, a PDF
        that is not PDF/A): a PDF/A rendered from the text extracted from it, beside the
        original, with its «konvertering» recorded. Layout and images stay in the original."""
        sid = system_id("rendition", file.pk)
        name = f"DOKUMENT/{sid}.pdf"
        content = rendition_pdf(document, file)
        (self.folder / name).write_bytes(content)
        source_format = TYPES[file.kind].label if file.kind in TYPES else file.content_type
        with w.element("dokumentobjekt"):
            w.leaf("systemID", sid)
            w.leaf("versjonsnummer", str(file.version))
            w.leaf("variantformat", "Arkivformat")
            w.leaf("format", PDFA_FORMAT)
            w.leaf("formatDetaljer", "application/pdf")
            w.leaf("opprettetDato", stamp(file.created))
            w.leaf("opprettetAv", SYSTEM)
            w.leaf("referanseDokumentfil", name)
            w.leaf("sjekksum", hashlib.sha256(content).hexdigest())
            w.leaf("sjekksumAlgoritme", "SHA-256")
            w.leaf("filstoerrelse", str(len(content)))
            with w.element("konvertering"):
                w.leaf("konvertertDato", stamp(file.created))
                w.leaf("konvertertAv", SYSTEM)
                w.leaf("konvertertFraFormat", source_format)
                w.leaf("konvertertTilFormat", PDFA_FORMAT)
                w.leaf("konverteringsverktoey", "Partnerskap (WeasyPrint)")
                w.leaf(
                    "konverteringskommentar",
                    "Teksten i originalfilen; oppsett og bilder finnes bare i originalen.",
                )
        self.summary.dokumentfiler += 1
        self.summary.renditions += 1

    def dokumentobjekt(self, w: Writer, file: DocumentFile) -> None:
        sid = system_id("file", file.pk)
        extension = TYPES[file.kind].extension if file.kind in TYPES else "bin"
        name = f"DOKUMENT/{sid}.{extension}"
        self.copy(file, self.folder / name)
        archival = _is_archival(file)
        if file.variant == DocumentFile.Variant.PUBLIC:
            variant = "Dokument hvor deler av innholdet er skjermet"
        else:
            variant = "Arkivformat" if archival else "Produksjonsformat"
        with w.element("dokumentobjekt"):
            w.leaf("systemID", sid)
            w.leaf("versjonsnummer", str(file.version))
            w.leaf("variantformat", variant)
            w.leaf("format", PDFA_FORMAT if archival else TYPES[file.kind].label)
            w.leaf("formatDetaljer", file.content_type)
            w.leaf("opprettetDato", stamp(file.created))
            w.leaf("opprettetAv", _who(file.created_by))
            w.leaf("referanseDokumentfil", name)
            w.leaf("sjekksum", file.sha256)
            w.leaf("sjekksumAlgoritme", "SHA-256")
            w.leaf("filstoerrelse", str(file.size))
        self.summary.dokumentfiler += 1
        if not archival:
            self.summary.originals_kept += 1

    def copy(self, file: DocumentFile, target: Path) -> None:
        with storage.open_blob(file.sha256) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)

    # ------------------------------------------------------------ proposals

    def saksmapper(self, w: Writer) -> None:
        proposals = self.proposals()
        follow_ups = self.final_follow_ups(proposals.values("pk")).iterator(CHUNK)
        pending = next(follow_ups, None)
        for proposal in proposals.iterator(CHUNK):
            answers: list[FollowUp] = []
            while pending is not None and pending.proposal_id == proposal.pk:
                answers.append(pending)
                pending = next(follow_ups, None)
            self.saksmappe(w, proposal, answers)

    def proposal_screening(self, proposal: Proposal) -> tuple[Screening | None, str]:
        item = proposal.item
        if not item.is_closed:
            return None, ""
        session = item.closed_session
        basis = session.legal_basis
        return Screening(code=basis.code, reference=basis.reference), session.public_title

    def saksmappe(self, w: Writer, proposal: Proposal, answers: list[FollowUp]) -> None:
        self.summary.mapper += 1
        item = proposal.item
        screening, public_title = self.proposal_screening(proposal)
        documents = list(
            proposal.documents.select_related("legal_basis", "created_by")
            .prefetch_related("files__created_by")
            .order_by("document_date", "pk")
        )
        all_bodies = list(
            proposal.follow_ups.select_related("elected_body__party").order_by(
                "elected_body__party__name", "elected_body__name", "pk"
            )
        )
        with w.element("mappe", {XSI_TYPE: "saksmappe"}):
            w.leaf("systemID", system_id("proposal", proposal.pk))
            w.leaf("mappeID", f"{item.year}/{item.number}")
            w.leaf("tittel", _clean(proposal.title))
            w.optional("offentligTittel", _clean(public_title))
            w.optional("beskrivelse", _clean(proposal.text))
            w.leaf("opprettetDato", stamp(proposal.created))
            w.leaf("opprettetAv", SYSTEM)
            w.leaf("avsluttetDato", stamp(max([proposal.modified] + [a.modified for a in answers])))
            w.leaf("avsluttetAv", SYSTEM)
            if screening is not None:
                self.skjerming(w, screening)
            self.journalpost_sent(
                w,
                proposal,
                documents=documents,
                bodies=all_bodies,
                screening=screening,
                public_title=public_title,
            )
            for answer in answers:
                self.journalpost_answer(w, proposal, answer, screening, public_title)
            w.leaf("saksaar", str(item.year))
            w.leaf("sakssekvensnummer", str(item.number))
            w.leaf("saksdato", proposal.sent_on.isoformat())
            w.leaf("administrativEnhet", SECRETARIAT)
            w.leaf("saksansvarlig", SECRETARIAT)
            done = all_bodies and all(b.is_final for b in all_bodies)
            w.leaf("saksstatus", "Avsluttet" if done else "Under behandling")

    def journalpost_sent(
        self,
        w: Writer,
        proposal: Proposal,
        *,
        documents: list[Document],
        bodies: list[FollowUp],
        screening: Screening | None,
        public_title: str,
    ) -> None:
        year, sequence, _ = self.journal[("proposal", proposal.pk)]
        self.summary.journalposter += 1
        with self.registrering(
            w,
            key=f"proposal:{proposal.pk}",
            kind="journalpost",
            created=proposal.created,
            archived=proposal.modified,
            creator=SYSTEM,
            screening=screening,
        ):
            for n, document in enumerate(documents, start=1):
                self.dokumentbeskrivelse(w, document, n, _document_screening(document) or screening)
            w.leaf("registreringsID", f"{year}/{sequence}")
            w.leaf("tittel", f"Forslag til partene: {_clean(proposal.title)}")
            if public_title:
                w.leaf("offentligTittel", f"Forslag til partene: {_clean(public_title)}")
            w.optional("beskrivelse", _clean(proposal.item.outcome_text))
            for body in bodies:
                with w.element("korrespondansepart"):
                    w.leaf("korrespondanseparttype", "Mottaker")
                    w.leaf("korrespondansepartNavn", _body_name(body))
            self.journalpost_tail(
                w, ("proposal", proposal.pk), "Utgående dokument", proposal.sent_on
            )

    def journalpost_answer(
        self,
        w: Writer,
        proposal: Proposal,
        answer: FollowUp,
        screening: Screening | None,
        public_title: str,
    ) -> None:
        year, sequence, _ = self.journal[("followup", answer.pk)]
        self.summary.journalposter += 1
        on = _answered_on(answer)
        with self.registrering(
            w,
            key=f"followup:{answer.pk}",
            kind="journalpost",
            created=answer.created,
            archived=answer.modified,
            creator=SYSTEM,
            screening=screening,
        ):
            w.leaf("registreringsID", f"{year}/{sequence}")
            w.leaf("tittel", _answer_title(answer, proposal.title))
            if public_title:
                w.leaf("offentligTittel", _answer_title(answer, public_title))
            w.optional("beskrivelse", _clean(answer.decision_text))
            with w.element("korrespondansepart"):
                w.leaf("korrespondanseparttype", "Avsender")
                w.leaf("korrespondansepartNavn", _body_name(answer))
            self.journalpost_tail(w, ("followup", answer.pk), "Inngående dokument", on)

    def journalpost_tail(self, w: Writer, key: tuple[str, int], kind: str, day: dt.date) -> None:
        year, sequence, number = self.journal[key]
        sent = key[0] == "proposal"
        w.leaf("journalaar", str(year))
        w.leaf("journalsekvensnummer", str(sequence))
        w.leaf("journalpostnummer", str(number))
        w.leaf("journalposttype", kind)
        w.leaf("journalstatus", "Arkivert")
        w.leaf("journaldato", day.isoformat())
        w.leaf("dokumentetsDato", day.isoformat())
        w.leaf("sendtDato" if sent else "mottattDato", stamp(day_start(day)))

    # ------------------------------------------------------------ other documents

    def arkivnotat(self, w: Writer, document: Document) -> None:
        screening = _document_screening(document)
        with self.registrering(
            w,
            key=f"document:{document.pk}",
            kind="arkivnotat",
            created=document.created,
            archived=document.modified,
            creator=_who(document.created_by),
            screening=screening,
        ):
            self.dokumentbeskrivelse(w, document, 1, screening)
            w.leaf("tittel", _clean(document.title))
            w.optional("offentligTittel", _clean(document.public_title))
            w.leaf("dokumentetsDato", document.document_date.isoformat())

    # ------------------------------------------------------------ endringslogg.xml

    def audited_units(self) -> Iterator[tuple[str, str, QuerySet[Any]]]:
        """(audit target type, systemID kind, the ids in the package) for each kind of unit."""

        def as_text(rows: QuerySet[Any]) -> QuerySet[Any]:
            ids: QuerySet[Any] = rows.annotate(sid=Cast("pk", output_field=CharField())).values(
                "sid"
            )
            return ids

        yield "meetings.meeting", "meeting", as_text(self.meetings())
        yield "followup.proposal", "proposal", as_text(self.proposals())
        documents = Document.objects.filter(
            Q(meeting__in=self.meetings().values("pk"))
            | Q(item__meeting__in=self.meetings().values("pk"))
            | Q(proposal__in=self.proposals().values("pk"))
            | Q(pk__in=self.other_documents().values("pk"))
        )
        yield "documents.document", "document", as_text(documents)

    def endringslogg(self, xf: Any) -> None:
        w = Writer(xf, N5 + "endringslogg")
        location = f"{w.ns} endringslogg.xsd"
        with xf.element(
            w.q("endringslogg"), {SCHEMA_LOCATION: location}, nsmap={None: w.ns, "xsi": XSI}
        ):
            for target_type, kind, ids in self.audited_units():
                entries = (
                    AuditEntry.objects.filter(target_type=target_type, target_id__in=ids)
                    .select_related("actor")
                    .order_by("at", "pk")
                )
                for entry in entries.iterator(CHUNK):
                    self.endring(w, system_id(kind, entry.target_id), entry)
            # The extraction itself closes the period: always the last change, so the log is
            # never empty (the schema asks for at least one «endring»).
            self.summary.endringer += 1
            with w.element("endring"):
                p = self.partnership
                period = self.period
                w.leaf(
                    "referanseArkivenhet",
                    system_id("arkivdel", f"{p.pk}:{period.start}:{period.end}"),
                )
                w.leaf("referanseMetadata", "arkivdelstatus")
                w.leaf("endretDato", stamp(self.closed_at()))
                w.leaf("endretAv", SYSTEM)
                w.leaf("tidligereVerdi", "Aktiv periode")
                w.leaf("nyVerdi", "Avsluttet periode")

    def endring(self, w: Writer, unit: str, entry: AuditEntry) -> None:
        self.summary.endringer += 1
        data = entry.data if isinstance(entry.data, dict) else {}
        before = data.get("from", data.get("old", data.get("before")))
        after = data.get("to", data.get("new", data.get("after")))
        with w.element("endring"):
            w.leaf("referanseArkivenhet", unit)
            w.leaf("referanseMetadata", entry.action)
            w.leaf("endretDato", stamp(entry.at))
            w.leaf("endretAv", _who(entry.actor))
            w.leaf("tidligereVerdi", _value(before) or "(ikke registrert)")
            w.leaf("nyVerdi", _value(after) or _value(data) or entry.action)

    # ------------------------------------------------------------ the journals

    def journal_file(self, xf: Any, *, public: bool) -> None:
        name = "offentligJournal" if public else "loependeJournal"
        w = Writer(xf, N5 + name)
        order = sorted((number[:2], key) for key, number in self.journal.items())
        with xf.element(
            w.q(name), {SCHEMA_LOCATION: f"{w.ns} {name}.xsd"}, nsmap={None: w.ns, "xsi": XSI}
        ):
            with w.element("journalhode"):
                w.leaf("journalStartDato", self.period.start.isoformat())
                w.leaf("journalSluttDato", self.period.end.isoformat())
                w.leaf("seleksjon", "journaldato")
                w.leaf("antallJournalposter", str(len(order)))
                for party in self.partnership.parties.order_by("name", "pk"):
                    with w.element("arkivskaper"):
                        w.leaf("arkivskaperID", party.organisation_number or party.slug)
                        w.leaf("arkivskaperNavn", _clean(party.name))
            for start in range(0, len(order), CHUNK):
                chunk = [key for _, key in order[start : start + CHUNK]]
                self.journal_chunk(w, chunk, public=public)

    def journal_chunk(self, w: Writer, keys: list[tuple[str, int]], *, public: bool) -> None:
        proposal_ids = {pk for kind, pk in keys if kind == "proposal"}
        answer_ids = {pk for kind, pk in keys if kind == "followup"}
        answers = {
            fu.pk: fu
            for fu in self.final_follow_ups(self.proposals().values("pk")).filter(pk__in=answer_ids)
        }
        proposal_ids |= {fu.proposal_id for fu in answers.values()}
        proposals = {p.pk: p for p in self.proposals().filter(pk__in=proposal_ids)}
        bodies: dict[int, list[FollowUp]] = {}
        for fu in (
            FollowUp.objects.filter(proposal__in=[k for kind, k in keys if kind == "proposal"])
            .select_related("elected_body__party")
            .order_by("elected_body__party__name", "elected_body__name", "pk")
        ):
            bodies.setdefault(fu.proposal_id, []).append(fu)
        for kind, pk in keys:
            answer = answers.get(pk) if kind == "followup" else None
            proposal = proposals[answer.proposal_id if answer else pk]
            self.journalregistrering(
                w, proposal, answer, bodies.get(proposal.pk, []), public=public
            )

    def journalregistrering(
        self,
        w: Writer,
        proposal: Proposal,
        answer: FollowUp | None,
        bodies: list[FollowUp],
        *,
        public: bool,
    ) -> None:
        screening, public_title = self.proposal_screening(proposal)
        key = ("followup", answer.pk) if answer else ("proposal", proposal.pk)
        year, sequence, number = self.journal[key]
        if answer is not None:
            title = _answer_title(answer, proposal.title)
            shown = _answer_title(answer, public_title or SCREENED)
        else:
            title = f"Forslag til partene: {_clean(proposal.title)}"
            shown = f"Forslag til partene: {_clean(public_title) or SCREENED}"
        with w.element("journalregistrering"):
            with w.element("klasse"):
                w.leaf("klasseID", SAKSMAPPER)
                w.leaf("tittel", "Forslag til partenes organer")
            self.journal_saksmappe(w, proposal, screening, public_title, public=public)
            with w.element("journalpost"):
                registrering_key = f"followup:{answer.pk}" if answer else f"proposal:{proposal.pk}"
                w.leaf("systemID", system_id("registrering", registrering_key))
                w.leaf("registreringsID", f"{year}/{sequence}")
                w.leaf("journalaar", str(year))
                w.leaf("journalsekvensnummer", str(sequence))
                w.leaf("journalpostnummer", str(number))
                if public:
                    w.leaf("offentligTittel", shown if screening else title)
                else:
                    w.leaf("tittel", title)
                    if screening is not None:
                        w.leaf("offentligTittel", shown)
                        w.leaf("skjermingMetadata", "tittel")
                day = _answered_on(answer) if answer else proposal.sent_on
                w.leaf("journaldato", day.isoformat())
                w.leaf("dokumentetsDato", day.isoformat())
                w.leaf("administrativEnhet", SECRETARIAT)
                w.leaf("saksbehandler", SECRETARIAT)
                if screening is not None:
                    w.leaf("tilgangsrestriksjon", screening.code)
                    w.leaf("skjermingshjemmel", screening.reference)
                parties = [answer] if answer else bodies
                for body in parties:
                    with w.element("korrespondansepart"):
                        w.leaf("korrespondanseparttype", "Avsender" if answer else "Mottaker")
                        w.leaf("korrespondansepartNavn", _body_name(body))
                if not parties:
                    with w.element("korrespondansepart"):
                        w.leaf("korrespondanseparttype", "Mottaker")
                        w.leaf("korrespondansepartNavn", "Partenes organer")

    def journal_saksmappe(
        self,
        w: Writer,
        proposal: Proposal,
        screening: Screening | None,
        public_title: str,
        *,
        public: bool,
    ) -> None:
        item = proposal.item
        with w.element("saksmappe"):
            w.leaf("mappeID", f"{item.year}/{item.number}")
            w.leaf("saksaar", str(item.year))
            w.leaf("sakssekvensnummer", str(item.number))
            if public:
                shown = public_title or SCREENED if screening else proposal.title
                w.leaf("offentligTittel", _clean(shown))
            else:
                w.leaf("tittel", _clean(proposal.title))
                w.optional("offentligTittel", _clean(public_title))
                if screening is not None:
                    w.leaf("skjermingMetadata", "tittel")
            w.leaf("administrativEnhet", SECRETARIAT)
            w.leaf("saksansvarlig", SECRETARIAT)
            if public and screening is not None:
                w.leaf("tilgangsrestriksjon", screening.code)
                w.leaf("skjermingshjemmel", screening.reference)

    # ------------------------------------------------------------ arkivuttrekk.xml

    def arkivuttrekk(self, xf: Any) -> None:
        w = Writer(xf, ADDML)
        with (
            xf.element(
                w.q("addml"),
                {SCHEMA_LOCATION: f"{ADDML} addml.xsd", "name": "Noark 5-arkivuttrekk"},
                nsmap={None: ADDML, "xsi": XSI},
            ),
            w.element("dataset"),
        ):
            w.leaf("description", "Noark 5-arkivuttrekk")
            with w.element("reference"):
                self.addml_context(w)
                with (
                    w.element("content"),
                    w.element("additionalElements"),
                    _named(w, "additionalElement", "archivalPeriod"),
                    w.element("properties"),
                ):
                    _property(w, "startDate", self.period.start.isoformat())
                    _property(w, "endDate", self.period.end.isoformat())
            with w.element("dataObjects"), _named(w, "dataObject", "Noark 5-arkivuttrekk"):
                self.addml_info(w)
                with w.element("dataObjects"):
                    s = self.summary
                    files = (
                        (
                            "arkivstruktur",
                            (("mappe", s.mapper), ("registrering", s.registreringer)),
                        ),
                        ("endringslogg", (("endring", s.endringer),)),
                        ("loependeJournal", (("journalregistrering", s.journalposter),)),
                        ("offentligJournal", (("journalregistrering", s.journalposter),)),
                    )
                    for name, counts in files:
                        if f"{name}.xml" in s.checksums:
                            self.addml_file(w, name, counts)

    def addml_context(self, w: Writer) -> None:
        with w.element("context"), w.element("additionalElements"):
            with (
                _named(w, "additionalElement", "recordCreators"),
                w.element("additionalElements"),
            ):
                for party in self.partnership.parties.order_by("name", "pk"):
                    with _named(w, "additionalElement", "recordCreator"):
                        w.leaf("value", _clean(party.name))
            with _named(w, "additionalElement", "systemType"):
                w.leaf("value", "Fagsystem med møtebehandling (Noark 5)")
            with _named(w, "additionalElement", "systemName"):
                w.leaf("value", SYSTEM)
            with _named(w, "additionalElement", "archive"):
                w.leaf("value", _clean(self.partnership.name))

    def addml_info(self, w: Writer) -> None:
        s = self.summary
        with (
            w.element("properties"),
            _named(w, "property", "info"),
            w.element("properties"),
        ):
            with _named(w, "property", "type"):
                w.leaf("value", "Noark 5")
                with w.element("properties"):
                    _property(w, "version", "5.0")
            with _named(w, "property", "additionalInfo"), w.element("properties"):
                with _named(w, "property", "periode"), w.element("properties"):
                    _property(w, "inngaaendeSkille", "skarpt")
                    _property(w, "utgaaendeSkille", "skarpt")
                flags = (
                    ("inneholderSkjermetInformasjon", s.screened),
                    ("omfatterDokumenterSomErKassert", False),
                    ("inneholderDokumenterSomSkalKasseres", False),
                    ("inneholderVirksomhetsspesifikkeMetadata", False),
                )
                for name, flag in flags:
                    _property(w, name, "true" if flag else "false", "boolean")
                _property(w, "antallDokumentfiler", str(s.dokumentfiler), "integer")

    def addml_file(self, w: Writer, name: str, counts: tuple[tuple[str, int], ...]) -> None:
        with _named(w, "dataObject", name), w.element("properties"):
            with _named(w, "property", "file"), w.element("properties"):
                _file_properties(w, f"{name}.xml", self.summary.checksums[f"{name}.xml"])
            for schema, main in ((f"{name}.xsd", True), ("metadatakatalog.xsd", False)):
                with _named(w, "property", "schema"):
                    if main:
                        w.leaf("value", "main")
                    with w.element("properties"):
                        with _named(w, "property", "file"), w.element("properties"):
                            _file_properties(w, schema, self.summary.checksums[schema])
                        with _named(w, "property", "type"):
                            w.leaf("value", "XML Schema")
                            with w.element("properties"):
                                _property(w, "version", "1.0")
            with _named(w, "property", "info"), w.element("properties"):
                for element, count in counts:
                    with _named(w, "property", "numberOfOccurrences"):
                        w.leaf("value", element)
                        with w.element("properties"):
                            _property(w, "elementPath", f"//{element}")
                            _property(w, "value", str(count), "integer")


# ---------------------------------------------------------------- helpers


def _named(w: Writer, element: str, name: str) -> Any:
    return w.element(element, {"name": name})


def _property(w: Writer, name: str, value: str, data_type: str = "") -> None:
    attrib = {"dataType": data_type, "name": name} if data_type else {"name": name}
    with w.element("property", attrib):
        w.leaf("value", value)


def _file_properties(w: Writer, name: str, checksum: str) -> None:
    _property(w, "name", name)
    with _named(w, "property", "format"):
        w.leaf("value", "XML")
        with w.element("properties"):
            _property(w, "version", "1.0")
    with _named(w, "property", "checksum"), w.element("properties"):
        _property(w, "algorithm", "SHA-256")
        _property(w, "value", checksum)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _value(value: object) -> str:
    if value in (None, "", {}, []):
        return ""
    if isinstance(value, dict):
        return _clean(", ".join(f"{k}: {_value(v)}" for k, v in sorted(value.items())))[:4000]
    if isinstance(value, list):
        return _clean(", ".join(_value(v) for v in value))[:4000]
    return _clean(str(value))[:4000]


def _is_archival(file: DocumentFile) -> bool:
    return file.kind == "pdf" and file.pdfa


#: Formats the archive takes as they are besides PDF/A (Riksarkivarens forskrift § 5-17).
IMAGE_KINDS = frozenset({"png", "jpeg"})


def _needs_rendition(file: DocumentFile) -> bool:
    """A main file in a format the archive does not take, with text to render."""
    return (
        file.variant == DocumentFile.Variant.MAIN
        and not _is_archival(file)
        and file.kind not in IMAGE_KINDS
        and bool(file.text.strip())
    )


def _kept_note(kept: list[DocumentFile]) -> str:
    formats = ", ".join(sorted({TYPES[f.kind].label for f in kept if f.kind in TYPES}))
    if any(_needs_rendition(f) for f in kept):
        return (
            f"Originalen er lagret i sitt format ({formats or 'ukjent'}), med en arkivversjon i "
            "PDF/A laget fra teksten i den; oppsett og bilder finnes bare i originalen."
        )
    return f"Lagret i originalformatet ({formats or 'ukjent'})."


def rendition_pdf(document: Document, file: DocumentFile) -> bytes:
    """A PDF/A of the file's extracted text under the document's title (same input, same
    bytes)."""
    from partnerskap.documents.pdf.render import html_to_pdf  # noqa: PLC0415 - WeasyPrint is heavy

    title = escape(_clean(document.title) or SCREENED)
    paragraphs = "".join(
        f"<p>{escape(block.strip())}</p>" for block in file.text.split("\n\n") if block.strip()
    )
    html = (
        f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1><p><em>Arkivversjon av {escape(file.filename)} (tekst "
        f"uten oppsett og bilder).</em></p>{paragraphs}</body></html>"
    )
    return html_to_pdf(html)


def _has_public_variant(document: Document) -> bool:
    return any(f.variant == DocumentFile.Variant.PUBLIC for f in document.files.all())


def _document_screening(document: Document) -> Screening | None:
    basis = document.legal_basis
    if basis is None:
        return None
    return Screening(
        code=basis.code, reference=basis.reference, whole_document=not _has_public_variant(document)
    )


def _answered_on(answer: FollowUp) -> dt.date:
    last_on: dt.date | None = getattr(answer, "last_on", None)
    return answer.decided_on or answer.body_meeting_date or last_on or answer.expected_by


def _answer_title(answer: FollowUp, title: str) -> str:
    status = FOLLOW_UP_STATUSES.get(answer.status, answer.status)
    return f"{_clean(answer.elected_body.name)}: {_clean(title)} – {status}"


def _body_name(answer: FollowUp) -> str:
    body = answer.elected_body
    return _clean(f"{body.name}, {body.party.name}")


def write_extraction(*, partnership: Partnership, period: Period, out_dir: Path) -> Summary:
    """Write the extraction of ``partnership``'s records in ``period`` into
    ``out_dir/avleveringspakke`` (which must not exist yet, or be empty)."""
    folder = out_dir / PACKAGE
    if folder.exists() and any(folder.iterdir()):
        raise DomainError(
            "archive.folder_not_empty",
            _("The folder %(folder)s holds an extraction already; choose an empty folder.")
            % {"folder": folder},
        )
    if period.end < period.start:
        raise DomainError(
            "archive.period_reversed", _("The period must end on or after the day it starts.")
        )
    # Status and outcome labels in Norwegian whoever runs it (the command line deactivates
    # translations, a worker has none active): the same bytes from every entry point.
    with translation.override("nb"):
        return Extraction(partnership, period, folder).run()


def _meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items in agenda order, with what their records need."""
    return (
        meeting.items.select_related("closed_session__legal_basis")
        .prefetch_related(
            "documents__files__created_by",
            "documents__legal_basis",
            "documents__created_by",
        )
        .order_by("position", "number")
    )

"""L9: the meeting archive exports to Noark 5. The extraction of the demo validates against
Arkivverket's schemas and the package rules, carries screening with its legal basis, keeps exempt
content out of the public journal, and is the same bytes every time."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from lxml import etree

from partnerskap.agreements.models import Partnership
from partnerskap.archive import check, noark, services
from partnerskap.core.models import AuditEntry
from partnerskap.demo.loader import PARTNERSHIP_SLUG, load_demo
from tests.archive.conftest import (
    CLOSED_PROPOSAL_TITLE,
    EXEMPT_TEXT,
    EXEMPT_TITLE,
    PERIOD_2021,
    Records,
    make_records,
)
from tests.documents.pdfs import xmp

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Records, Path, Path]]:
    """The demo with its documents, and one extraction of it, made once for the module in a
    transaction rolled back at its end (each test runs in a savepoint inside it)."""
    files = tmp_path_factory.mktemp("files")
    with django_db_blocker.unblock(), override_settings(PARTNERSKAP_FILES_DIR=str(files)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            records = make_records(Partnership.objects.get(slug=PARTNERSHIP_SLUG))
            folder = extract(records, tmp_path_factory.mktemp("out"))
            yield records, folder, files
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def records(shared: tuple[Records, Path, Path], settings) -> Records:
    settings.PARTNERSKAP_FILES_DIR = str(shared[2])
    return shared[0]


@pytest.fixture
def package(shared: tuple[Records, Path, Path]) -> Path:
    """The extraction of the whole agreement period (read it, do not change it)."""
    return shared[1]


AS = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"


def extract(records: Records, out: Path, period: tuple[dt.date, dt.date] | None = None) -> Path:
    partnership = Partnership.objects.get(slug=records.partnership_slug)
    chosen = services.period_of(partnership, *(period or (None, None)))
    summary = services.archive_extraction_write(
        partnership=partnership, period=chosen, out_dir=out, actor=None
    )
    return summary.folder


def test_l9_the_demo_extraction_validates_against_the_official_schemas_and_package_rules(
    package: Path, reference: Path
):
    folder = package
    problems = check.check_package(folder, reference)
    assert problems == [], "\n".join(problems)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "DOKUMENT",
            "addml.xsd",
            "arkivstruktur.xml",
            "arkivstruktur.xsd",
            "arkivuttrekk.xml",
            "endringslogg.xml",
            "endringslogg.xsd",
            "loependeJournal.xml",
            "loependeJournal.xsd",
            "metadatakatalog.xsd",
            "offentligJournal.xml",
            "offentligJournal.xsd",
        ]
    )
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    types = [
        e.get("{http://www.w3.org/2001/XMLSchema-instance}type") for e in tree.iter(f"{AS}mappe")
    ]
    assert "moetemappe" in types
    assert "saksmappe" in types
    registreringer = {
        e.get("{http://www.w3.org/2001/XMLSchema-instance}type")
        for e in tree.iter(f"{AS}registrering")
    }
    assert {"moeteregistrering", "journalpost"} <= registreringer
    # Every notice, minutes, uploaded document: a dokumentobjekt per stored file.
    assert len(list(tree.iter(f"{AS}dokumentobjekt"))) == len(list((folder / "DOKUMENT").iterdir()))


def test_l9_the_checker_finds_a_changed_file_a_wrong_count_and_a_changed_schema(
    package: Path, reference: Path, tmp_path: Path
):
    folder = tmp_path / "avleveringspakke"
    shutil.copytree(package, folder)
    document = sorted((folder / "DOKUMENT").iterdir())[0]
    document.write_bytes(document.read_bytes() + b"x")
    (folder / "metadatakatalog.xsd").write_text("<xs:schema/>", "utf-8")
    problems = check.check_package(folder, reference)
    assert any("not an official edition" in p for p in problems)
    (folder / "metadatakatalog.xsd").write_bytes(
        (reference / "noark5-xsd" / "metadatakatalog.xsd").read_bytes()
    )
    problems = check.check_package(folder, reference)
    assert any("checksum does not match" in p for p in problems), problems
    assert any("filstoerrelse" in p for p in problems), problems


def test_l9_same_input_gives_the_same_bytes(records: Records, package: Path, tmp_path: Path):
    first = package
    second = extract(records, tmp_path)
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    for name in files_a:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_l9_exempt_documents_and_closed_items_carry_screening_with_their_legal_basis(
    records: Records, package: Path
):
    folder = package
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    described = {d.findtext(f"{AS}tittel"): d for d in tree.iter(f"{AS}dokumentbeskrivelse")}
    exempt = described[EXEMPT_TITLE]
    basis = records.exempt.legal_basis
    assert basis is not None
    assert exempt.findtext(f"{AS}skjerming/{AS}skjermingshjemmel") == basis.reference
    assert exempt.findtext(f"{AS}skjerming/{AS}skjermingDokument") == "Delvis"
    variants = [o.findtext(f"{AS}variantformat") for o in exempt.iter(f"{AS}dokumentobjekt")]
    assert "Dokument hvor deler av innholdet er skjermet" in variants
    assert len(variants) == 2
    closed = next(
        r
        for r in tree.iter(f"{AS}registrering")
        if r.findtext(f"{AS}registreringsID") == records.closed_item.case_number
    )
    closed_basis = records.closed_item.closed_session.legal_basis
    assert closed.findtext(f"{AS}skjerming/{AS}skjermingshjemmel") == closed_basis.reference
    assert (
        closed.findtext(f"{AS}offentligTittel") == records.closed_item.closed_session.public_title
    )
    # An uploaded office file is kept as it is beside its PDF/A, and the record says so.
    office = described["Kostnadsoverslag"]
    assert office.findtext(f"{AS}dokumentobjekt/{AS}variantformat") == "Produksjonsformat"
    assert "arkivversjon i PDF/A" in (office.findtext(f"{AS}merknad/{AS}merknadstekst") or "")


def test_l9_an_exempt_document_and_a_closed_case_are_absent_from_the_public_journal(
    package: Path,
):
    folder = package
    public = (folder / "offentligJournal.xml").read_text("utf-8")
    assert EXEMPT_TITLE not in public
    assert EXEMPT_TEXT not in public
    assert CLOSED_PROPOSAL_TITLE not in public
    assert "Sak behandlet for lukkede dører" in public
    running = (folder / "loependeJournal.xml").read_text("utf-8")
    assert CLOSED_PROPOSAL_TITLE in running
    # The exempt file's bytes are in the package (for the archive), in arkivstruktur only.
    structure = (folder / "arkivstruktur.xml").read_text("utf-8")
    assert EXEMPT_TITLE in structure


def test_l9_the_period_chooses_the_meetings_and_cases(records: Records, tmp_path: Path):
    folder = extract(records, tmp_path, PERIOD_2021)
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    days = [m.findtext(f"{AS}moetedato") for m in tree.iter(f"{AS}mappe")]
    meeting_days = [d for d in days if d]
    assert meeting_days
    assert all(d.startswith("2021-") for d in meeting_days)
    cases = [m.findtext(f"{AS}saksdato") for m in tree.iter(f"{AS}mappe")]
    assert all(d.startswith("2021-") for d in cases if d)


def test_l9_the_change_log_holds_the_audit_entries_of_the_units(records: Records, package: Path):
    folder = package
    log = etree.parse(str(folder / "endringslogg.xml"))
    changes = list(log.iter("{http://www.arkivverket.no/standarder/noark5/endringslogg}endring"))
    uploaded = AuditEntry.objects.filter(action="documents.document.uploaded").count()
    assert uploaded >= 3
    assert len(changes) >= uploaded + 1
    assert AuditEntry.objects.filter(action="archive.extraction.written").count() == 1


def test_l9_the_command_writes_the_package_and_refuses_a_used_folder(
    records: Records, tmp_path: Path
):
    call_command(
        "archive_export",
        str(tmp_path),
        partnership=records.partnership_slug,
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 12, 31),
    )
    assert (tmp_path / noark.PACKAGE / "arkivuttrekk.xml").is_file()
    with pytest.raises(CommandError, match=r"velg en tom mappe|choose an empty folder"):
        call_command("archive_export", str(tmp_path), partnership=records.partnership_slug)
    with pytest.raises(CommandError):
        call_command("archive_export", str(tmp_path / "x"), partnership="finnes-ikke")


def test_l9_an_office_file_is_kept_with_a_pdfa_rendition_and_its_conversion_recorded(
    records: Records, package: Path
):
    tree = etree.parse(str(package / "arkivstruktur.xml"))
    office = next(
        d
        for d in tree.iter(f"{AS}dokumentbeskrivelse")
        if d.findtext(f"{AS}tittel") == records.office.title
    )
    objects = office.findall(f"{AS}dokumentobjekt")
    assert [o.findtext(f"{AS}variantformat") for o in objects] == [
        "Produksjonsformat",
        "Arkivformat",
    ]
    rendition = objects[1]
    assert rendition.findtext(f"{AS}format") == noark.PDFA_FORMAT
    conversion = rendition.find(f"{AS}konvertering")
    assert conversion is not None
    assert conversion.findtext(f"{AS}konvertertTilFormat") == noark.PDFA_FORMAT
    assert conversion.findtext(f"{AS}konvertertFraFormat") == objects[0].findtext(f"{AS}format")
    pdf = package / rendition.findtext(f"{AS}referanseDokumentfil")
    reader = pypdf.PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Saksframlegg i Word" in text
    assert "Celle A" in text
    assert 'pdfaid:part="2"' in xmp(reader)

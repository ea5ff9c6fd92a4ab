"""Check a Noark 5 avleveringspakke against the official schemas and the package rules of Noark 5
chapter 6.4 (krav 6.4.15-6.4.27): the file names, the official XSDs shipped unchanged, the
DOKUMENT/ folder, every checksum and size, the counts ``arkivuttrekk.xml`` states, unique
systemIDs, journals in number order. Used by the tests and by ``.ci/noark5_check.py``.

The schemas validated against are read from the reference folder (Arkivverket's files with
their provenance, ``../shared/reference/noark5-xsd`` by default), never from the package.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

N5 = "http://www.arkivverket.no/standarder/noark5/"
ADDML = "{http://www.arkivverket.no/standarder/addml}"
XML_FILES = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
    "arkivuttrekk.xml": "addml.xsd",
}
SCHEMAS = (
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
    "addml.xsd",
)
JOURNALS = ("loependeJournal.xml", "offentligJournal.xml")
OPTIONAL = (*JOURNALS, "loependeJournal.xsd", "offentligJournal.xsd")
PLACEHOLDERS = ("Oppgi ", "true/false", "mykt/skarpt")


def reference_dir() -> Path:
    """``PARTNERSKAP_REFERENCE_DIR``, by default ``<repository>/../shared/reference``."""
    configured = os.environ.get("PARTNERSKAP_REFERENCE_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3].parent / "shared" / "reference"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _official_editions(noark: Path, name: str) -> list[Path]:
    candidates = [noark / name]
    if name == "addml.xsd":
        candidates.append(noark / "official-editions" / "addml-8.2" / name)
    else:
        candidates.append(noark / "official-editions" / "v5.0-2020" / name)
    return [c for c in candidates if c.is_file()]


def _same_text(a: bytes, b: bytes) -> bool:
    return a == b or a.replace(b"\r\n", b"\n") == b.replace(b"\r\n", b"\n")


def check_package(folder: Path, reference: Path | None = None) -> list[str]:
    """Every problem found in the package at ``folder`` (empty: it conforms)."""
    noark = (reference or reference_dir()) / "noark5-xsd"
    journals = [n for n in JOURNALS if (folder / n).is_file()]
    problems = _check_files(folder, journals)
    if problems:
        return problems
    problems += _check_schemas(folder, noark)
    if problems:
        return problems
    problems += _check_structure(folder)
    problems += _check_addml(folder)
    if journals:
        problems += _check_journals(folder)
    return problems


def _check_files(folder: Path, journals: list[str]) -> list[str]:
    problems: list[str] = []
    if folder.name != "avleveringspakke":
        problems.append(f"6.4.15: the package folder is {folder.name!r}, not 'avleveringspakke'")
    if len(journals) == 1:
        problems.append(f"6.4.29: {journals[0]} without the other journal")
    present = [n for n in (*XML_FILES, *SCHEMAS) if n not in OPTIONAL or journals]
    problems += [
        f"6.4.15/6.4.20: {name} is missing" for name in present if not (folder / name).is_file()
    ]
    if not (folder / "DOKUMENT").is_dir():
        problems.append("6.4.15: the DOKUMENT folder is missing")
    return problems


def _check_schemas(folder: Path, noark: Path) -> list[str]:
    """The shipped schemas are official editions, and every XML file is valid against the
    reference copy of its schema."""
    problems: list[str] = []
    for name in SCHEMAS:
        if not (folder / name).is_file():
            continue
        shipped = (folder / name).read_bytes()
        editions = _official_editions(noark, name)
        if not editions:
            problems.append(f"reference: {noark / name} is missing")
        elif not any(_same_text(shipped, e.read_bytes()) for e in editions):
            problems.append(f"6.4.18: {name} in the package is not an official edition")
    for name, schema_name in XML_FILES.items():
        if (folder / name).is_file():
            problems += _validate(folder / name, noark / schema_name)
    return problems


def _validate(document: Path, schema_path: Path) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    parsed = etree.parse(str(document))
    if schema.validate(parsed):
        return []
    return [
        f"{document.name}:{error.line}: {error.message}" for error in list(schema.error_log)[:50]
    ]


def _elements(path: Path) -> Iterator[etree._Element]:
    for _, element in etree.iterparse(str(path), events=("end",)):
        yield element


def _check_structure(folder: Path) -> list[str]:
    problems: list[str] = []
    ids: Counter[str] = Counter()
    referenced: Counter[str] = Counter()
    for element in _elements(folder / "arkivstruktur.xml"):
        name = _local(element.tag)
        if name == "systemID":
            ids[element.text or ""] += 1
        if name != "dokumentobjekt":
            continue
        fields = {_local(child.tag): (child.text or "") for child in element}
        reference = fields.get("referanseDokumentfil", "")
        referenced[reference] += 1
        path = folder / reference
        if not reference.startswith("DOKUMENT/") or not path.is_file():
            problems.append(f"6.4.15: {reference!r} is not a file under DOKUMENT/")
            continue
        if fields.get("sjekksumAlgoritme") != "SHA-256":
            problems.append(f"{reference}: checksum algorithm is not SHA-256")
        if sha256_of(path) != fields.get("sjekksum"):
            problems.append(f"{reference}: the SHA-256 checksum does not match the file")
        if str(path.stat().st_size) != fields.get("filstoerrelse"):
            problems.append(f"{reference}: filstoerrelse does not match the file's size")
        if not path.suffix:
            problems.append(f"6.4.15: {reference} has no extension naming its format")
    problems += [f"6.4.27: systemID {sid} occurs {n} times" for sid, n in ids.items() if n > 1]
    problems += [
        f"{ref}: referenced by {n} dokumentobjekt" for ref, n in referenced.items() if n > 1
    ]
    on_disk = {
        p.relative_to(folder).as_posix() for p in (folder / "DOKUMENT").rglob("*") if p.is_file()
    }
    for stray in sorted(on_disk - set(referenced)):
        problems.append(f"{stray}: a file under DOKUMENT/ no dokumentobjekt refers to")
    units = set(ids)
    for element in _elements(folder / "endringslogg.xml"):
        if _local(element.tag) == "referanseArkivenhet" and element.text not in units:
            problems.append(f"endringslogg.xml: {element.text} is not a unit of arkivstruktur.xml")
    return problems


def _count(path: Path, element_name: str) -> int:
    return sum(1 for e in _elements(path) if _local(e.tag) == element_name)


def _properties(element: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    holder = element.find(f"{ADDML}properties")
    if holder is not None:
        for prop in holder.findall(f"{ADDML}property"):
            found.setdefault(prop.get("name", ""), prop)
    return found


def _value(element: etree._Element | None) -> str:
    value = element.find(f"{ADDML}value") if element is not None else None
    return (value.text or "") if value is not None else ""


def _check_addml(folder: Path) -> list[str]:
    problems: list[str] = []
    path = folder / "arkivuttrekk.xml"
    text = path.read_text("utf-8")
    problems += [
        f"6.4.21: placeholder {p!r} left in arkivuttrekk.xml" for p in PLACEHOLDERS if p in text
    ]
    tree = etree.parse(str(path))
    listed: set[str] = set()
    for data_object in tree.iter(f"{ADDML}dataObject"):
        props = _properties(data_object)
        if "file" in props:
            problems += _check_file_property(folder, props["file"], listed)
        for schema in data_object.iterfind(f"{ADDML}properties/{ADDML}property[@name='schema']"):
            inner = _properties(schema)
            if "file" in inner:
                problems += _check_file_property(folder, inner["file"], listed)
        info = props.get("info")
        if info is None:
            continue
        file_name = _value(_properties(props["file"]).get("name")) if "file" in props else ""
        for occurrence in info.iterfind(
            f"{ADDML}properties/{ADDML}property[@name='numberOfOccurrences']"
        ):
            element_name = _value(occurrence)
            stated = _value(_properties(occurrence).get("value"))
            actual = _count(folder / file_name, element_name)
            if stated != str(actual):
                problems.append(
                    f"6.4.22: arkivuttrekk.xml says {stated} {element_name} in {file_name}, "
                    f"there are {actual}"
                )
    expected = {n for n in (*XML_FILES, *SCHEMAS) if (folder / n).is_file()}
    expected -= {"arkivuttrekk.xml", "addml.xsd"}
    problems += [
        f"6.4.22: arkivuttrekk.xml gives no checksum of {n}" for n in sorted(expected - listed)
    ]
    stated_files = [
        _value(p) for p in tree.iter(f"{ADDML}property") if p.get("name") == "antallDokumentfiler"
    ]
    files = sum(1 for p in (folder / "DOKUMENT").rglob("*") if p.is_file())
    if stated_files != [str(files)]:
        problems.append(f"6.4.22: antallDokumentfiler is {stated_files}, DOKUMENT/ holds {files}")
    if _count(folder / "arkivstruktur.xml", "dokumentobjekt") != files:
        problems.append("6.4.22: DOKUMENT/ does not hold one file per dokumentobjekt")
    return problems


def _check_file_property(folder: Path, prop: etree._Element, listed: set[str]) -> list[str]:
    fields = _properties(prop)
    name = _value(fields.get("name"))
    checksum = _properties(fields["checksum"]) if "checksum" in fields else {}
    if not checksum:
        return []
    listed.add(name)
    if _value(checksum.get("algorithm")) != "SHA-256":
        return [f"6.4.22: the checksum of {name} is not SHA-256"]
    if not (folder / name).is_file():
        return [f"6.4.22: arkivuttrekk.xml lists {name}, which is not in the package"]
    if _value(checksum.get("value")) != sha256_of(folder / name):
        return [f"6.4.22: the checksum of {name} in arkivuttrekk.xml is wrong"]
    return []


def _journal_numbers(path: Path) -> list[tuple[int, int, str]]:
    numbers = []
    for element in _elements(path):
        if _local(element.tag) != "journalpost":
            continue
        fields = {_local(child.tag): (child.text or "") for child in element}
        numbers.append(
            (int(fields["journalaar"]), int(fields["journalsekvensnummer"]), fields["systemID"])
        )
    return numbers


def _check_journals(folder: Path) -> list[str]:
    problems: list[str] = []
    running = _journal_numbers(folder / "loependeJournal.xml")
    public = _journal_numbers(folder / "offentligJournal.xml")
    if running != sorted(running):
        problems.append("6.4.30: loependeJournal.xml is not in journal number order")
    if [n[:2] for n in running] != [n[:2] for n in public]:
        problems.append("6.4.29: the two journals do not hold the same journalposter")
    structure_posts = {
        e.findtext(f"{{{N5}arkivstruktur}}systemID")
        for e in _elements(folder / "arkivstruktur.xml")
        if _local(e.tag) == "registrering"
        and e.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "journalpost"
    }
    for _, _, sid in running:
        if sid not in structure_posts:
            problems.append(f"loependeJournal.xml: journalpost {sid} is not in arkivstruktur.xml")
    return problems

"""Backup and restore in process: what an archive holds, and everything a restore refuses
before it writes anything. The round trip across databases, with the real commands, is in
test_round_trip.py."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from partnerskap.agreements.models import AgreementVersion
from partnerskap.backup import archive, tables
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.documents import storage
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import document_upload
from partnerskap.people.models import Person
from tests.documents import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path) -> Path:
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


def _upload() -> Document:
    return document_upload(
        owner=AgreementVersion.objects.filter(part__kind="special").first(),
        title="Avtaletekst",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        content=files.pdf("Avtaletekst med æøå"),
        filename="avtale.pdf",
        actor=None,
    )


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}  # type: ignore[union-attr]


def _rewrite(path: Path, change) -> Path:
    """A copy of the archive with ``change(name, data) -> (name, data) | None`` applied."""
    out = path.with_name(f"changed-{path.name}")
    with tarfile.open(out, "w") as tar:
        for name, data in _members(path).items():
            changed = change(name, data)
            if changed is None:
                continue
            info = tarfile.TarInfo(changed[0])
            info.size = len(changed[1])
            tar.addfile(info, io.BytesIO(changed[1]))
    return out


def _empty_database_archive(tmp_path: Path) -> Path:
    """A backup of the database as ``migrate`` leaves it (the test database, reference data
    and all), so that a restore into the same database is a restore into an empty one."""
    out = tmp_path / "empty.tar"
    archive.backup(out=out)
    return out


def test_backup_holds_every_table_with_its_rows_and_every_stored_file(
    bare_demo, tmp_path, files_dir
):
    document = _upload()
    orphan, _ = storage.put(b"a blob no row refers to (yet)")
    out = tmp_path / "backup.tar.gz"
    summary = archive.backup(out=out)

    members = _members(out)
    manifest = json.loads(members["manifest.json"])
    assert list(members)[-1] == "manifest.json"
    assert manifest["format"] == "partnerskap-backup"
    assert manifest["excluded"] == {"sessions.session": tables.EXCLUDED["sessions.session"]}
    backed_up = {t["model"]: t for t in manifest["tables"]}
    assert set(backed_up) == {tables.label(m) for m in tables.backed_up()}
    assert "sessions.session" not in backed_up
    for model in tables.backed_up():
        table = backed_up[tables.label(model)]
        data = members[table["member"]]
        assert table["rows"] == model._base_manager.count() == data.count(b"\n")
        assert table["sha256"] == storage.digest(data)
    assert backed_up["core.auditentry"]["rows"] == AuditEntry.objects.count() > 0
    assert summary.rows == sum(t["rows"] for t in manifest["tables"])

    stored = {
        f"files/documents/{p.relative_to(files_dir).as_posix()}" for p in files_dir.rglob("*")
    }
    stored = {
        name for name in stored if (files_dir / name.removeprefix("files/documents/")).is_file()
    }
    assert {f"files/{f['root']}/{f['path']}" for f in manifest["files"]} == stored
    digests = {f["sha256"] for f in manifest["files"]}
    assert orphan in digests
    assert set(DocumentFile.objects.filter(document=document).values_list("sha256", flat=True))
    assert set(DocumentFile.objects.values_list("sha256", flat=True)) <= digests
    for item in manifest["files"]:
        assert storage.digest(members[f"files/documents/{item['path']}"]) == item["sha256"]
    assert summary.problems == []
    assert out.stat().st_mode & 0o077 == 0  # personal data and secrets: the owner's only


def test_a_missing_document_file_is_reported_and_the_command_fails(bare_demo, tmp_path):
    document = _upload()
    storage.discard(document.files.get().sha256)
    with pytest.raises(CommandError, match="refers to is missing"):
        call_command("backup", str(tmp_path / "backup.tar"), stdout=StringIO())
    assert (tmp_path / "backup.tar").is_file()  # written all the same: better than none


def test_backup_never_overwrites_an_archive_and_wants_a_known_suffix(db, tmp_path, files_dir):
    out = tmp_path / "backup.tar"
    out.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(out), stdout=StringIO())
    assert out.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match=r"\.tar\.gz"):
        call_command("backup", str(tmp_path / "backup.zip"), stdout=StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["backup.tar"]
    files_dir.mkdir()
    with pytest.raises(CommandError, match="write backups somewhere else"):
        call_command("backup", str(files_dir / "backup.tar"), stdout=StringIO())


def test_restore_refuses_a_database_that_is_not_empty_and_says_what_to_do(
    bare_demo, tmp_path, files_dir
):
    out = tmp_path / "backup.tar"
    archive.backup(out=out)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(out), stdout=StringIO())
    message = str(refused.value)
    assert "not empty" in message
    assert f"people.person {Person.objects.count()}" in message
    assert "partnerskap migrate" in message
    assert not files_dir.exists() or not any(files_dir.rglob("*"))


def test_restore_fills_an_empty_database_and_refuses_a_files_directory_in_use(
    db, tmp_path, files_dir
):
    out = _empty_database_archive(tmp_path)
    files_dir.mkdir(parents=True)
    (files_dir / "something").write_bytes(b"an operator's file")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(out), stdout=StringIO())
    (files_dir / "something").unlink()
    before = {name: LegalBasis.objects.get(code=name).pk for name in ("offl-13", "offl-14")}
    LegalBasis.objects.filter(code="offl-13").update(description="Rettet av sekretariatet.")
    again = tmp_path / "again.tar"
    archive.backup(out=again)
    LegalBasis.objects.filter(code="offl-13").update(description="Slik migreringen skrev den.")

    output = StringIO()
    call_command("restore", str(again), stdout=output)

    assert "Restored from" in output.getvalue()
    # Reference data comes back as it was backed up, with its ids.
    assert LegalBasis.objects.get(code="offl-13").description == "Rettet av sekretariatet."
    assert {name: LegalBasis.objects.get(code=name).pk for name in before} == before


def test_restore_checks_every_checksum_before_it_writes_anything(bare_demo, tmp_path, files_dir):
    _upload()
    out = tmp_path / "backup.tar"
    archive.backup(out=out)
    blob = next(n for n in _members(out) if n.startswith("files/"))
    damaged = _rewrite(out, lambda n, d: (n, d[:-1] + b"!") if n == blob else (n, d))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged), stdout=StringIO())
    assert f"damaged (checksum or size differs): {blob}" in str(refused.value)
    assert "nothing was restored" in str(refused.value)

    table = next(n for n in _members(out) if n.endswith("meetings.meeting.jsonl"))
    dropped = _rewrite(out, lambda n, d: None if n == table else (n, d))
    with pytest.raises(CommandError, match=f"missing: {table}"):
        call_command("restore", "--check", str(dropped), stdout=StringIO())

    unlisted = _rewrite(out, lambda n, d: ("db/999-extra.jsonl", d) if n == table else (n, d))
    with pytest.raises(CommandError, match=r"not in the manifest: db/999-extra\.jsonl"):
        call_command("restore", "--check", str(unlisted), stdout=StringIO())

    output = StringIO()
    call_command("restore", "--check", str(out), stdout=output)
    assert "is complete" in output.getvalue()


def test_restore_refuses_an_entry_outside_the_archive(db, tmp_path, files_dir):
    out = _empty_database_archive(tmp_path)
    hostile = _rewrite(out, lambda n, d: (n, d))
    with tarfile.open(hostile, "a") as tar:
        info = tarfile.TarInfo("files/documents/../../escaped")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="unexpected entry"):
        call_command("restore", str(hostile), stdout=StringIO())
    assert not (tmp_path / "escaped").exists()
    assert not (files_dir.parent.parent / "escaped").exists()


def test_restore_refuses_a_database_migrated_differently(db, tmp_path):
    out = _empty_database_archive(tmp_path)

    def older(name: str, data: bytes) -> tuple[str, bytes]:
        if name != "manifest.json":
            return name, data
        manifest = json.loads(data)
        manifest["migrations"] = [m for m in manifest["migrations"] if m[0] != "search"]
        return name, json.dumps(manifest).encode()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(_rewrite(out, older)), stdout=StringIO())
    assert "the backup was made before search.0001_initial" in str(refused.value)
    assert "version of Partnerskap that made the backup" in str(refused.value)


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    plain = tmp_path / "notes.tar"
    with tarfile.open(plain, "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(plain), stdout=StringIO())
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(broken), stdout=StringIO())


def test_values_are_written_exactly_and_read_back_the_same():
    moment = dt.datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
    cases: list[tuple[models.Field, object]] = [
        (models.DateTimeField(), moment),
        (models.DateField(), dt.date(2024, 2, 29)),
        (models.TimeField(), dt.time(23, 59, 59, 999999)),
        (models.DecimalField(max_digits=12, decimal_places=2), Decimal("1234.50")),
        (models.UUIDField(), uuid.UUID("12345678-1234-5678-1234-567812345678")),
        (models.BinaryField(), b"\x00\xffbytes"),
        (models.DurationField(), dt.timedelta(days=2, microseconds=7)),
        (models.JSONField(), {"b": [1, 2.5, None], "a": "æ"}),
        (models.CharField(), "«tekst» med æøå"),
        (models.BooleanField(), False),
        (models.FloatField(), 0.1),
        (models.IntegerField(), None),
    ]
    for field, value in cases:
        written = json.loads(json.dumps(tables.encode(value)))
        read = tables.decoder(field)(written)
        assert (bytes(read) if isinstance(read, memoryview) else read) == value, field
    assert tables.encode(moment) == "2024-03-01T09:30:15.123456+00:00"  # not cut to ms


def test_tables_come_after_the_tables_they_point_at():
    order = [tables.label(m) for m in tables.backed_up()]
    assert order.index("agreements.partnership") < order.index("meetings.meeting")
    assert order.index("meetings.meeting") < order.index("meetings.agendaitem")
    assert order.index("documents.document") < order.index("documents.documentfile")
    assert order.index("contenttypes.contenttype") < order.index("auth.permission")
    assert "auth.user_groups" in order  # many-to-many tables are tables of their own


def test_every_table_that_migrate_fills_is_replaced_on_restore():
    """A freshly migrated database is what a restore accepts as empty: every table that holds
    rows right after ``migrate`` (data migrations, post-migrate signals) must be one whose rows
    the restore replaces, or a restore of any backup is refused as «not empty». A new data
    migration that seeds a table fails here until the table is listed in ``tables.REPLACED``."""
    filled = {tables.label(m) for m in tables.backed_up() if m._default_manager.exists()}
    assert filled <= set(tables.REPLACED), sorted(filled - set(tables.REPLACED))

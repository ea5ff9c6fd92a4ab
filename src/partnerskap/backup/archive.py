"""Backup and restore: the database and every stored file in one tar archive with a manifest.

An archive (``.tar``, or gzip-compressed ``.tar.gz``/``.tgz``) holds, in this order:

* ``db/NNN-app.model.jsonl``: one table per member, one JSON array per row (the columns the
  manifest lists, in that order), rows by primary key, tables in dependency order (``tables``);
* ``files/ROOT/PATH``: every stored file of every file root (``documents``: the document store,
  ``PARTNERSKAP_FILES_DIR``; ``media``: ``MEDIA_ROOT`` when it is set);
* ``manifest.json``: the format, when and from which database it was made, the migrations the
  database had, and for every table and file its size and SHA-256 (and a table's row count).

The manifest comes last because it is written when everything it describes is. ``backup``
reads the database in one snapshot (PostgreSQL: a read-only REPEATABLE READ transaction;
SQLite: a deferred read transaction, which in WAL mode lets writers go on). Stored files are
content-addressed and never change, so they are copied after the snapshot; a blob written
since is copied too (harmless: no row refers to it yet). The archive is written beside its
final name and renamed into place only when complete, readable by its owner only.

``restore`` reads the archive twice: first it checks every member against the manifest (and
nothing else), then, only when all is right and the database and file roots are empty, it
writes the files and loads the tables in one transaction, resets PostgreSQL's sequences and
refills SQLite's full-text index; if anything fails, the transaction rolls back and the files
it wrote are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from partnerskap.backup import tables
from partnerskap.documents import storage
from partnerskap.documents.models import DocumentFile

logger = logging.getLogger("partnerskap.backup")

FORMAT = "partnerskap-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
ROWS_PER_FETCH = 2000
SUFFIXES = {".tar": "", ".tar.gz": "gz", ".tgz": "gz"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Summary:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    archive_bytes: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.rows} rows in {self.tables} tables and {self.files} files "
            f"({self.file_bytes / 1e6:.1f} MB); archive {self.archive_bytes / 1e6:.1f} MB; "
            f"{self.seconds:.1f} s"
        )


# ---------------------------------------------------------------- shared


def compression(path: Path) -> str:
    name = path.name.lower()
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    raise BackupError(f"{path.name}: name the archive ….tar, or ….tar.gz to compress it (gzip).")


def file_roots() -> dict[str, Path]:
    """Every directory the project stores files in, by the name the archive gives it."""
    roots = {"documents": storage.root()}
    media = str(getattr(settings, "MEDIA_ROOT", "") or "")
    if media:
        roots["media"] = Path(media)
    return roots


def _stored_files(root: Path) -> Iterator[Path]:
    """The regular files under ``root`` (sorted), without hidden ones (a blob being written is
    a hidden temporary file until it is complete)."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(names):
            path = Path(directory) / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                yield path


class _Hashing:
    """A readable file that hashes what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _version() -> str:
    try:
        return metadata.version("partnerskap")
    except metadata.PackageNotFoundError:
        return ""


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


# ---------------------------------------------------------------- backup


@contextmanager
def _snapshot() -> Iterator[None]:
    """Every query inside sees the database as it was at the first one."""
    if connection.in_atomic_block:  # a caller's transaction (tests) is snapshot enough
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite: Django would begin IMMEDIATE (taking the write lock for the whole backup); a
    # deferred transaction reads one snapshot and, in WAL mode, lets writers go on.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            cursor.execute("ROLLBACK")


def _dump_table(model: tables.Model, out: IO[bytes]) -> tuple[int, str, int]:
    """Write the table as JSON lines; return rows, SHA-256 and bytes written."""
    columns = [f.attname for f in tables.fields(model)]
    sha256 = hashlib.sha256()
    rows = size = 0
    query = model._base_manager.order_by("pk").values_list(*columns)
    for row in query.iterator(chunk_size=ROWS_PER_FETCH):
        line = (
            json.dumps(
                [tables.encode(value) for value in row],
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            )
            + "\n"
        ).encode()
        out.write(line)
        sha256.update(line)
        rows += 1
        size += len(line)
    return rows, sha256.hexdigest(), size


def _add_files(archive: tarfile.TarFile, manifest: dict[str, Any], summary: Summary) -> set[str]:
    """Copy every stored file into the archive; return the names of the document blobs."""
    stored: set[str] = set()
    for root_name, root in file_roots().items():
        for path in _stored_files(root):
            relative = path.relative_to(root).as_posix()
            member = f"files/{root_name}/{relative}"
            with path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                reader = _Hashing(handle)
                archive.addfile(_tarinfo(member, size), fileobj=reader)
            sha256 = reader.sha256.hexdigest()
            manifest["files"].append(
                {"root": root_name, "path": relative, "bytes": size, "sha256": sha256}
            )
            summary.files += 1
            summary.file_bytes += size
            if root_name == "documents":
                stored.add(path.name)
                if path.name != sha256 and len(path.name) == 64:
                    summary.problems.append(
                        f"{path}: its content does not match its name (damaged)."
                    )
    return stored


def _check_out(out: Path) -> None:
    """Refuse an archive path that exists, lies in no directory, or lies in a file root."""
    if out.exists():
        raise BackupError(f"{out} exists already; give the backup a new name (e.g. with a date).")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a directory; create it first.")
    for name, root in file_roots().items():
        if out.resolve().is_relative_to(root.resolve()):
            raise BackupError(
                f"{out} is inside the {name} file directory {root}, so every backup would hold "
                "the ones before it; write backups somewhere else."
            )


def _add_tables(
    archive: tarfile.TarFile, scratch: Path, manifest: dict[str, Any], summary: Summary
) -> None:
    """Each backed-up table as a JSON-lines member (spooled to ``scratch`` first), listed in
    the manifest with its columns, rows, size and checksum."""
    for number, model in enumerate(tables.backed_up(), start=1):
        name = f"db/{number:03d}-{tables.label(model)}.jsonl"
        spool = scratch / "table.jsonl"
        with spool.open("wb") as handle:
            rows, sha256, size = _dump_table(model, handle)
        archive.add(spool, arcname=name, recursive=False, filter=_private)
        spool.unlink()
        manifest["tables"].append(
            {
                "model": tables.label(model),
                "table": model._meta.db_table,
                "member": name,
                "columns": [f.attname for f in tables.fields(model)],
                "rows": rows,
                "bytes": size,
                "sha256": sha256,
            }
        )
        summary.tables += 1
        summary.rows += rows


def backup(*, out: Path) -> Summary:
    """Write the database and every stored file to the archive ``out`` (which must not exist)."""
    started = time.perf_counter()
    mode = "w:gz" if compression(out) else "w"
    _check_out(out)
    summary = Summary(path=out)
    partial = out.with_name(f".{out.name}.partial")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "partnerskap": _version(),
        "database": connection.vendor,
        "excluded": {tables.label(m): tables.EXCLUDED[tables.label(m)] for m in tables.excluded()},
        "tables": [],
        "files": [],
    }
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with (
                tarfile.open(fileobj=raw, mode=mode) as archive,  # type: ignore[call-overload]
                tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as scratch,
            ):
                with _snapshot():
                    manifest["migrations"] = _applied_migrations()
                    _add_tables(archive, Path(scratch), manifest, summary)
                    referenced = set(DocumentFile.objects.values_list("sha256", flat=True))
                stored = _add_files(archive, manifest, summary)
                summary.problems += [
                    f"{storage.path_of(digest)}: a document file the database refers to is missing."
                    for digest in sorted(referenced - stored)
                ]
                manifest["problems"] = summary.problems
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                archive.addfile(_tarinfo(MANIFEST, len(data)), fileobj=_Bytes(data))
            raw.flush()
            os.fsync(raw.fileno())  # on disk before it gets its final name
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.archive_bytes = out.stat().st_size
    summary.seconds = time.perf_counter() - started
    logger.info("Backup written to %s: %s", out, summary.describe())
    return summary


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        chunk = self.data[self.at : end]
        self.at += len(chunk)
        return chunk


# ---------------------------------------------------------------- restore


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _expected_members(manifest: dict[str, Any]) -> dict[str, tuple[int, str]]:
    expected: dict[str, tuple[int, str]] = {}
    for table in manifest["tables"]:
        expected[table["member"]] = (table["bytes"], table["sha256"])
    for item in manifest["files"]:
        expected[f"files/{item['root']}/{item['path']}"] = (item["bytes"], item["sha256"])
    return expected


def verify(*, source: Path) -> dict[str, Any]:
    """Check every member of the archive against its manifest; return the manifest. Nothing
    is written anywhere."""
    compression(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    seen: dict[str, tuple[int, str]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(source, mode="r:*") as archive:
            for member in archive:
                if not member.isfile() or not _safe_member(member.name):
                    raise BackupError(
                        f"{source}: unexpected entry {member.name!r}; this is not an archive "
                        "`partnerskap backup` wrote."
                    )
                handle = archive.extractfile(member)
                assert handle is not None  # a regular file
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    continue
                reader = _Hashing(handle)
                while reader.read(CHUNK):
                    pass
                seen[member.name] = (reader.size, reader.sha256.hexdigest())
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"{source} cannot be read as a backup archive ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} has no manifest; it is not a complete Partnerskap backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{source} is a backup in format version {manifest.get('version')}; this "
            f"version of Partnerskap reads version {VERSION}."
        )
    expected = _expected_members(manifest)
    damaged = sorted(
        name for name, facts in expected.items() if name in seen and seen[name] != facts
    )
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    if damaged or missing or extra:
        details = [f"damaged (checksum or size differs): {name}" for name in damaged]
        details += [f"missing: {name}" for name in missing]
        details += [f"not in the manifest: {name}" for name in extra]
        raise BackupError(
            f"{source} does not match its manifest, so nothing was restored:\n  "
            + "\n  ".join(details[:20])
            + ("\n  …" if len(details) > 20 else "")
        )
    return manifest


def _check_migrations(manifest: dict[str, Any], applied: list[list[str]]) -> None:
    """Refuse a database migrated differently from the one backed up."""
    wanted = {tuple(m) for m in manifest["migrations"]}
    have = {tuple(m) for m in applied}
    if wanted != have:
        lacking = sorted(f"{app}.{name}" for app, name in wanted - have)
        surplus = sorted(f"{app}.{name}" for app, name in have - wanted)
        lines = [f"the database lacks {m}" for m in lacking[:10]]
        lines += [f"the backup was made before {m}" for m in surplus[:10]]
        raise BackupError(
            "The database's migrations are not the backup's, so its tables may differ:\n  "
            + "\n  ".join(lines)
            + "\nRestore with the version of Partnerskap that made the backup (its migrations "
            "are listed in the archive's manifest.json) into a database migrated by that "
            "version; upgrade and `partnerskap migrate` after the restore."
        )


def _check_columns_and_emptiness(manifest: dict[str, Any], source: Path) -> None:
    """Refuse a backup whose tables have other columns than this version's, and a database
    that holds rows already."""
    models_by_label = {tables.label(m): m for m in [*tables.backed_up(), *tables.excluded()]}
    for table in manifest["tables"]:
        model = models_by_label.get(table["model"])
        if model is None or [f.attname for f in tables.fields(model)] != table["columns"]:
            raise BackupError(
                f"The table {table['model']} in {source.name} does not have the columns this "
                "version of Partnerskap has; restore with the version that made the backup."
            )
    filled: dict[str, int] = {}
    for label, model in models_by_label.items():
        if label not in tables.REPLACED:
            count = model._base_manager.count()
            if count:
                filled[label] = count
    if filled:
        largest = sorted(filled.items(), key=lambda item: (-item[1], item[0]))[:6]
        raise BackupError(
            f"The database is not empty: it holds {sum(filled.values())} rows in "
            f"{len(filled)} tables (e.g. "
            + ", ".join(f"{label} {count}" for label, count in largest)
            + "), and a restore never mixes a backup into existing data. Create a new "
            "database, run `partnerskap migrate` on it, point DATABASE_URL at it and run the "
            "restore again."
        )


def _check_target(manifest: dict[str, Any], source: Path) -> dict[str, Path]:
    """Refuse a database or file root that is not empty, or migrated differently."""
    applied = _applied_migrations()
    if not applied:
        raise BackupError(
            "The database has no tables yet. Run `partnerskap migrate` first (with the same "
            "version of Partnerskap that made the backup), then the restore again."
        )
    _check_migrations(manifest, applied)
    _check_columns_and_emptiness(manifest, source)
    roots = file_roots()
    for name in sorted({item["root"] for item in manifest["files"]}):
        if name not in roots:
            raise BackupError(
                f"The backup holds {name} files but no directory is configured for them "
                "(set MEDIA_ROOT), so nothing was restored."
            )
    for name, root in roots.items():
        if next(_stored_files(root), None) is not None:
            raise BackupError(
                f"The file directory {root} ({name}) is not empty, and a restore never mixes "
                "files into existing ones. Point the setting at a new, empty directory (or "
                "move this one away) and run the restore again."
            )
    return roots


def _write_file(handle: IO[bytes], target: Path, expected: tuple[int, str]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        reader = _Hashing(handle)
        with os.fdopen(descriptor, "wb") as out:
            while chunk := reader.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if (reader.size, reader.sha256.hexdigest()) != expected:
            raise BackupError(f"{target.name} changed in the archive while it was restored.")
        Path(temporary).chmod(0o640)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load_table(model: tables.Model, handle: IO[bytes], expected: tuple[int, str]) -> int:
    table_fields = tables.fields(model)
    names = [f.attname for f in table_fields]
    decoders = [tables.decoder(f) for f in table_fields]
    manager = model._base_manager
    batch_size = max(1, min(500, connection.ops.bulk_batch_size(table_fields, [None] * 500)))
    reader = _Hashing(handle)
    rows = 0
    batch: list[models.Model] = []
    buffered = b""
    while True:
        chunk = reader.read(CHUNK)
        buffered += chunk
        *lines, buffered = buffered.split(b"\n")
        for line in lines:
            values = json.loads(line)
            batch.append(
                model(**{n: d(v) for n, d, v in zip(names, decoders, values, strict=True)})
            )
            if len(batch) >= batch_size:
                manager._insert(batch, fields=table_fields, raw=True)  # type: ignore[attr-defined]
                rows += len(batch)
                batch = []
        if not chunk:
            break
    if batch:
        manager._insert(batch, fields=table_fields, raw=True)  # type: ignore[attr-defined]
        rows += len(batch)
    if buffered or (reader.size, reader.sha256.hexdigest()) != expected:
        raise BackupError(f"The table {tables.label(model)} changed in the archive while read.")
    return rows


def _after_load(restored: list[tables.Model]) -> None:
    """What the database keeps beside the rows: sequences (PostgreSQL) and SQLite's full-text
    table of the search index (PostgreSQL computes its own from the rows)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)
    from partnerskap.search.backends import backend  # noqa: PLC0415 - after the rows
    from partnerskap.search.models import SearchEntry  # noqa: PLC0415

    full_text = backend()
    batch: list[SearchEntry] = []
    for entry in SearchEntry.objects.order_by("pk").iterator(chunk_size=ROWS_PER_FETCH):
        batch.append(entry)
        if len(batch) >= ROWS_PER_FETCH:
            full_text.write(batch)
            batch = []
    full_text.write(batch)
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    ContentType.objects.clear_cache()


def restore(*, source: Path) -> Summary:
    """Fill the empty database and file roots from the archive ``source``."""
    started = time.perf_counter()
    manifest = verify(source=source)
    roots = _check_target(manifest, source)
    models_by_label = {tables.label(m): m for m in tables.backed_up()}
    by_member = {t["member"]: t for t in manifest["tables"]}
    files = {f"files/{f['root']}/{f['path']}": f for f in manifest["files"]}
    summary = Summary(path=source)
    written: list[Path] = []
    try:
        with transaction.atomic(), tarfile.open(source, mode="r:*") as archive:
            for label in tables.REPLACED:
                models_by_label[label]._base_manager.all()._raw_delete(connection.alias)
            restored = []
            for member in archive:
                handle = archive.extractfile(member)
                if member.name in by_member:
                    table = by_member[member.name]
                    model = models_by_label[table["model"]]
                    assert handle is not None
                    rows = _load_table(model, handle, (table["bytes"], table["sha256"]))
                    if rows != table["rows"]:
                        raise BackupError(f"{table['model']}: {rows} rows, not {table['rows']}.")
                    restored.append(model)
                    summary.tables += 1
                    summary.rows += rows
                elif member.name in files:
                    item = files[member.name]
                    target = roots[item["root"]] / item["path"]
                    assert handle is not None
                    written.append(target)
                    _write_file(handle, target, (item["bytes"], item["sha256"]))
                    summary.files += 1
                    summary.file_bytes += item["bytes"]
            _after_load(restored)
            for table in manifest["tables"]:
                count = models_by_label[table["model"]]._base_manager.count()
                if count != table["rows"]:
                    raise BackupError(
                        f"{table['model']} holds {count} rows after the restore, the backup "
                        f"{table['rows']}; nothing was restored."
                    )
    except BaseException:
        for path in written:
            with suppress(OSError):
                path.unlink(missing_ok=True)
        raise
    # The restored audit ids may repeat versions the page cache has seen with other data.
    cache.clear()
    summary.archive_bytes = source.stat().st_size
    summary.seconds = time.perf_counter() - started
    logger.info("Restored from %s: %s", source, summary.describe())
    return summary

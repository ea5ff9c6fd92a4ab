"""Archive extractions (L9): written from the command line at once, or requested by an operator
in the admin and written by a job into a zip for download."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.archive import noark
from partnerskap.archive.models import ArchiveExport
from partnerskap.core import audit, events, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.documents import storage

Status = ArchiveExport.Status


def period_of(
    partnership: Partnership, start: dt.date | None = None, end: dt.date | None = None
) -> noark.Period:
    """The period asked for, by default the partnership's agreement period."""
    period = noark.Period(start or partnership.period_start, end or partnership.period_end)
    if period.end < period.start:
        raise DomainError(
            "archive.period_reversed",
            _("The period must end on or after the day it starts."),
            field="period_end",
        )
    return period


def summary_data(summary: noark.Summary) -> dict[str, Any]:
    data = asdict(summary)
    data.pop("checksums")
    data["folder"] = str(summary.folder)
    data["period"] = [summary.period.start.isoformat(), summary.period.end.isoformat()]
    return data


def archive_extraction_write(
    *, partnership: Partnership, period: noark.Period, out_dir: Path, actor: Actor
) -> noark.Summary:
    """Write the extraction into ``out_dir/avleveringspakke`` (the command line's way)."""
    with transaction.atomic():
        summary = noark.write_extraction(partnership=partnership, period=period, out_dir=out_dir)
        audit.record(
            "archive.extraction.written",
            actor=actor,
            target=partnership,
            data=summary_data(summary) | {"folder": ""},
        )
    return summary


def exports_dir() -> Path:
    """Where the zips of requested extractions are kept: beside the document blobs, outside
    their ``xx/yy/`` folders (so the blob sweep never sees them)."""
    return storage.root() / "arkivuttrekk"


def zip_path(export: ArchiveExport) -> Path:
    return exports_dir() / f"arkivuttrekk-{export.pk}.zip"


def archive_export_request(
    *,
    partnership: Partnership,
    period_start: dt.date | None,
    period_end: dt.date | None,
    actor: Actor,
) -> ArchiveExport:
    """Queue an extraction of the period; the job ``archive.tasks.write_export`` (subscribed to
    ``archive.export_requested``) writes it."""
    period = period_of(partnership, period_start, period_end)
    with transaction.atomic():
        export = ArchiveExport.objects.create(
            partnership=partnership,
            period_start=period.start,
            period_end=period.end,
            requested_by=audit.user_of(actor),
        )
        audit.record(
            "archive.export.requested",
            actor=actor,
            target=export,
            data={"from": period.start.isoformat(), "to": period.end.isoformat()},
        )
        events.announce("archive.export_requested", export_id=export.pk)
    return export


def archive_export_run(export_id: int) -> ArchiveExport | None:
    """Write a requested extraction as a zip (idempotent: a finished one is left alone)."""
    export = ArchiveExport.objects.select_related("partnership").filter(pk=export_id).first()
    if export is None or (export.status == Status.DONE and zip_path(export).is_file()):
        return export
    target = zip_path(export)
    target.parent.mkdir(parents=True, exist_ok=True)
    period = noark.Period(export.period_start, export.period_end)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".work-") as work:
        try:
            summary = noark.write_extraction(
                partnership=export.partnership, period=period, out_dir=Path(work)
            )
        except DomainError as error:
            _failed(export, str(error.message))
            export.refresh_from_db()
            return export
        except Exception as error:
            # Shown in the admin at once; the job is tried again and a later success wins.
            _failed(export, f"{type(error).__name__}: {error}")
            raise
        partial = target.with_suffix(".part")
        write_zip(Path(work), partial, moment=period.end)
        partial.replace(target)
    size = target.stat().st_size
    with transaction.atomic():
        ArchiveExport.objects.filter(pk=export.pk).update(
            status=Status.DONE,
            finished_at=time.now(),
            size=size,
            sha256=noark.sha256_of(target),
            summary=summary_data(summary) | {"folder": ""},
            error="",
        )
        audit.record("archive.export.finished", actor=None, target=export, data={"size": size})
    export.refresh_from_db()
    return export


def _failed(export: ArchiveExport, error: str) -> None:
    with transaction.atomic():
        ArchiveExport.objects.filter(pk=export.pk).update(
            status=Status.FAILED, error=error[:2000], finished_at=time.now()
        )
        audit.record("archive.export.failed", actor=None, target=export)


def write_zip(folder: Path, target: Path, *, moment: dt.date) -> None:
    """Zip ``folder``'s files in name order with one fixed timestamp: same files, same bytes."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(info, "w") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)


def download_name(export: ArchiveExport) -> str:
    return (
        f"arkivuttrekk-{export.partnership.slug}-{export.period_start:%Y%m%d}-"
        f"{export.period_end:%Y%m%d}.zip"
    )


def archive_export_open(*, export: ArchiveExport, actor: Actor) -> BinaryIO | None:
    """The finished extraction's zip, opened for download (audited), or None."""
    path = zip_path(export)
    if export.status != Status.DONE or not path.is_file():
        return None
    with transaction.atomic():
        audit.record("archive.export.downloaded", actor=actor, target=export)
    return path.open("rb")

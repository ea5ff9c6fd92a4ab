"""The archive job: write an extraction an operator asked for (idempotent, see services)."""

from __future__ import annotations

from partnerskap.archive import services
from partnerskap.core.jobs import job


@job(attempts=2)
def write_export(export_id: int) -> str | None:
    export = services.archive_export_run(export_id)
    return None if export is None else export.status

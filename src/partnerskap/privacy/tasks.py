"""The retention sweep as a job (``core.jobs``), for ``partnerskap privacy-sweep --enqueue`` and
for a scheduler that queues it; idempotent, as every job must be."""

from __future__ import annotations

from partnerskap.core.jobs import job
from partnerskap.privacy import services


@job()
def sweep() -> dict[str, int]:
    return services.privacy_sweep(actor=None)

"""``partnerskap privacy-sweep``: apply the retention periods now (L10): erase or pseudonymise
the personal data past its period. ``--enqueue`` queues the job for ``partnerskap worker``
instead. Run it daily (docs/privacy.md shows a cron line and a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerskap.core import jobs
from partnerskap.privacy import services, tasks


class Command(BaseCommand):
    help = "Apply the retention periods of personal data (erase or pseudonymise what is due)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep as a job instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"Queued job {jobs.enqueue(tasks.sweep)}")
            return
        changed = services.privacy_sweep(actor=None)
        if not changed:
            self.stdout.write("Nothing was due.")
        for key, count in sorted(changed.items()):
            self.stdout.write(f"{key}: {count}")

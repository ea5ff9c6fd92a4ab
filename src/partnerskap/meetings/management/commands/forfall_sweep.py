"""``partnerskap forfall-sweep``: send the forfall reminders that are due and pass unanswered
substitute requests to the next substitute (issue 18, point 2). Idempotent; run it every
15 minutes from a timer or cron (docs/notifications.md). ``--enqueue`` queues the job for
``partnerskap worker`` instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerskap.core import jobs
from partnerskap.meetings import notifications_forfall, tasks


class Command(BaseCommand):
    help = "Send the forfall reminders that are due; pass unanswered substitute requests on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep as a job instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"Queued job {jobs.enqueue(tasks.forfall_sweep)}")
            return
        done = notifications_forfall.forfall_sweep()
        self.stdout.write(
            f"Reminders sent: {done['reminders']}; substitute requests passed on: {done['expired']}"
        )

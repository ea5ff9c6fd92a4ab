"""``partnerskap digest``: send today's digests to the secretariats (docs/notifications.md).
Run it daily (cron: ``0 7 * * *``); ``--enqueue`` queues the job for ``partnerskap worker``
instead. A second run the same day sends nothing (``send_once``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerskap.core import jobs
from partnerskap.reminders import tasks


class Command(BaseCommand):
    help = "Send today's daily digest to each secretariat person (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the job for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"Queued job {jobs.enqueue(tasks.send_digests)}")
            return
        sent = tasks.send_digests.call()
        self.stdout.write(f"{sent} digest(s) sent")

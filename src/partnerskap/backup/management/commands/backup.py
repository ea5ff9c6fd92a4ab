"""``partnerskap backup OUT.tar.gz``: the database and every stored file in one archive."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerskap.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (every table but sign-in sessions) and every stored file, with a "
        "manifest of checksums, to a new archive (.tar, or .tar.gz to compress it)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", type=Path, help="The archive to write; it must not exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if summary.problems:
            raise CommandError(
                f"Backup written to {summary.path}, but the stored data has problems that a "
                "restore will have too:\n  " + "\n  ".join(summary.problems)
            )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {summary.path}:"))
        self.stdout.write(summary.describe())

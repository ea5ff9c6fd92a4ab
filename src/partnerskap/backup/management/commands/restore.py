"""``partnerskap restore IN.tar.gz``: fill a new, migrated database and empty file directories
from a backup; ``--check`` only verifies the archive against its manifest."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerskap.backup.archive import BackupError, restore, verify


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database (freshly migrated) and empty file "
        "directories; refuses anything else. --check only verifies the archive."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", type=Path, help="The archive `partnerskap backup` wrote.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check every table and file against the manifest; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            if options["check"]:
                manifest = verify(source=source)
                rows = sum(t["rows"] for t in manifest["tables"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{source} is complete: {rows} rows in {len(manifest['tables'])} "
                        f"tables and {len(manifest['files'])} files match the manifest "
                        f"(made {manifest['created']} from {manifest['database']})."
                    )
                )
                return
            summary = restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}:"))
        self.stdout.write(summary.describe())

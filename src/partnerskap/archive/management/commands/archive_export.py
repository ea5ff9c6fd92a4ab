"""``partnerskap archive-export --partnership SLUG [--from DATE --to DATE] OUT_DIR``: write the
Noark 5 extraction of a partnership's records (L9) into ``OUT_DIR/avleveringspakke``.

Without ``--from``/``--to`` the period is the partnership's agreement period. The folder must
not hold an extraction already. See docs/records.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerskap.agreements.models import Partnership
from partnerskap.archive import services
from partnerskap.core.errors import DomainError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        msg = f"not a date (YYYY-MM-DD): {value!r}"
        raise CommandError(msg) from error


class Command(BaseCommand):
    help = "Write a Noark 5 archive extraction of a partnership's records for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", type=Path, help="Folder to write avleveringspakke/ in.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--from", dest="start", type=_date, help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", type=_date, help="Last day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            msg = f"no partnership with the slug {options['partnership']!r}"
            raise CommandError(msg)
        try:
            period = services.period_of(partnership, options["start"], options["end"])
            summary = services.archive_extraction_write(
                partnership=partnership, period=period, out_dir=options["out_dir"], actor=None
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {summary.folder}: {summary.mapper} folders, {summary.registreringer} "
            f"records, {summary.journalposter} journal entries, {summary.dokumentfiler} "
            f"document files ({summary.originals_kept} kept in their original format, "
            f"{summary.renditions} PDF/A made from their text), "
            f"{summary.endringer} change log entries."
        )

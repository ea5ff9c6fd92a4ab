"""``partnerskap documents-annual-report --partnership SLUG --year 2023``: render the annual
report as PDF/A and store it as a document of the partnership (a new version only when the
figures changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerskap.agreements.models import Partnership
from partnerskap.documents.services import annual_report_pdf_store


class Command(BaseCommand):
    help = "Render and store the annual report of a partnership as PDF/A."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            msg = f"No partnership with the slug {options['partnership']!r}."
            raise CommandError(msg)
        document = annual_report_pdf_store(partnership.pk, options["year"])
        if document is None:
            msg = "Nothing was rendered."
            raise CommandError(msg)
        versions = document.files.order_by("-version").values_list("version", flat=True)
        self.stdout.write(f"{document.title}: version {versions.first()}")

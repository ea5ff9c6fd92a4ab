"""``partnerskap reindex [--partnership SLUG]``: rebuild the search index from the public
selectors. Idempotent; run it after a deployment that changes what is indexed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerskap.agreements.models import Partnership
from partnerskap.search.indexer import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from what is public (all partnerships, or one)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--partnership", help="Slug of one partnership to reindex.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = None
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                msg = f"No partnership with the slug {options['partnership']!r}."
                raise CommandError(msg)
        result = rebuild(partnership)
        self.stdout.write(
            f"Search index: {result.created} added, {result.updated} changed, "
            f"{result.deleted} removed."
        )

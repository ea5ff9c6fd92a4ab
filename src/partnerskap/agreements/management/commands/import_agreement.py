from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerskap.agreements.services import agreement_import
from partnerskap.core.errors import DomainError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not a date; use YYYY-MM-DD."
        raise CommandError(msg) from None


class Command(BaseCommand):
    help = "Import an agreement's special part from a Markdown file (see docs/architecture.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The agreement as a Markdown file.")
        parser.add_argument(
            "--partnership", required=True, help="Slug of the partnership (created if new)."
        )
        parser.add_argument(
            "--in-force-from",
            type=_date,
            default=None,
            help="Date a changed text takes force (YYYY-MM-DD); without it a new version waits "
            "for adoption. The first version takes force at the start of the period.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            msg = _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror}
            raise CommandError(msg) from None
        try:
            result = agreement_import(
                data=data,
                partnership_slug=options["partnership"],
                source_name=path.name,
                in_force_from=options["in_force_from"],
                actor=None,
            )
        except DomainError as exc:
            msg = f"{path}: {exc} [{exc.code}] " + _("Nothing was imported.")
            raise CommandError(msg) from None
        version = result.version
        if not result.created:
            self.stdout.write(f"Unchanged: {version} already holds this text; nothing written.")
            return
        state = (
            f"in force from {version.in_force_from:%d.%m.%Y}"
            if version.in_force_from
            else "awaiting adoption"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {version} into «{result.partnership}» ({state}): "
                f"{version.sections.count()} sections, "
                f"{len(version.areas_snapshot)} cooperation areas."
            )
        )

"""The ``partnerskap`` console command: Django's management commands under one name.

``partnerskap import-agreement seed.md --partnership x`` runs the ``import_agreement``
command; hyphens and underscores in the command name are interchangeable.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after settings

    args = list(sys.argv if argv is None else argv)
    args[0] = "partnerskap"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()

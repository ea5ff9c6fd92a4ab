from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerskap.demo.loader import load_demo
from partnerskap.demo.two_factor import DEMO_TOTP_SECRET, second_factor_of


class Command(BaseCommand):
    help = "Load the demo partnership (idempotent) and print the demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates logins with a known password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            msg = (
                "The demo creates logins with a published password, so it only runs with "
                "DEBUG=true (or pass --allow-production on a throw-away server)."
            )
            raise CommandError(msg)
        summary = load_demo()
        if summary.created:
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {summary.partnership}."))
        else:
            self.stdout.write(f"Demo already loaded: {summary.partnership}; nothing changed.")
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"\nPartnerskap: http://{host}:{port}/   admin: http://{host}:{port}/admin/"
        )
        self.stdout.write("Demo logins (username / password):")
        for username, password, who in summary.logins:
            self.stdout.write(f"  {username:<22} {password:<18} {who}")
            second = second_factor_of(username)
            if second is not None:
                self.stdout.write(
                    f"      two-factor code from an app with the secret {second.secret}"
                    f" ({second.uri}); or a recovery code: {', '.join(second.recovery_codes)}"
                )
        self.stdout.write(
            f"Demo two-factor secret for every login that needs one: {DEMO_TOTP_SECRET} "
            "(time-based, 6 digits, 30 seconds). Demo only: never use it elsewhere."
        )
        self.stdout.write("")

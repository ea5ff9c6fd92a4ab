"""``partnerskap api-token create USER --name NAME`` · ``revoke PREFIX`` · ``list [USER]``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from partnerskap.api import services
from partnerskap.api.models import ApiToken
from partnerskap.core.errors import DomainError
from partnerskap.core.time import local


class Command(BaseCommand):
    help = "Create, revoke and list per-user API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Issue a token; it is shown only once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        revoke = commands.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("prefix", help="The token's prefix (see `list`), or the token.")
        listing = commands.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

    def _user(self, username: str) -> User:
        user = get_user_model().objects.filter(username=username).first()
        if not isinstance(user, User):
            raise CommandError(f"No user named {username!r}.")
        return user

    def _create(self, options: dict[str, Any]) -> None:
        issued = services.api_token_create(
            user=self._user(options["username"]), name=options["name"], actor=None
        )
        self.stdout.write(
            self.style.SUCCESS(f"Token «{issued.token.name}» for {issued.token.user}:")
        )
        self.stdout.write(issued.secret)
        self.stderr.write("Copy it now: it is not stored and cannot be shown again.")

    def _revoke(self, options: dict[str, Any]) -> None:
        given = options["prefix"]
        prefix = given.split("_")[1] if given.startswith(f"{services.SCHEME}_") else given
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with the prefix {prefix!r}.")
        services.api_token_revoke(token=token, actor=None)
        self.stdout.write(self.style.SUCCESS(f"Revoked {token} of {token.user}."))

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created")
        if options["username"]:
            tokens = tokens.filter(user=self._user(options["username"]))
        for token in tokens:
            revoked, last_used = token.revoked_at, token.last_used
            state = f"revoked {local(revoked):%Y-%m-%d}" if revoked else "active"
            used = f"{local(last_used):%Y-%m-%d %H:%M}" if last_used else "never"
            self.stdout.write(
                f"{token.prefix}  {token.user.username:<22} {token.name:<30} "
                f"{state:<18} last used {used}"
            )

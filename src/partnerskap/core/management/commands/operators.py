"""``partnerskap operators add USER`` · ``remove USER`` · ``list``: who may use the admin."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from partnerskap.core.operators import OPERATORS_GROUP, operator_grant, operator_revoke


class Command(BaseCommand):
    help = "Grant, revoke and list the operator role (the only way into the Django admin)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="Make a user an operator.")
        add.add_argument("username")
        remove = commands.add_parser("remove", help="Take the operator role away.")
        remove.add_argument("username")
        commands.add_parser("list", help="List operators and superusers.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _user(self, username: str) -> User:
        user = get_user_model().objects.filter(username=username).first()
        if not isinstance(user, User):
            raise CommandError(f"No user named {username!r}.")
        return user

    def _add(self, options: dict[str, Any]) -> None:
        user = operator_grant(user=self._user(options["username"]), actor=None)
        self.stdout.write(self.style.SUCCESS(f"{user.username} is an operator."))

    def _remove(self, options: dict[str, Any]) -> None:
        user = operator_revoke(user=self._user(options["username"]), actor=None)
        note = " (still a superuser)" if user.is_superuser else ""
        self.stdout.write(self.style.SUCCESS(f"{user.username} is no longer an operator{note}."))

    def _list(self, _options: dict[str, Any]) -> None:
        users = (
            User.objects.filter(Q(is_superuser=True) | Q(groups__name=OPERATORS_GROUP))
            .distinct()
            .order_by("username")
        )
        for user in users:
            kind = "superuser" if user.is_superuser else "operator"
            state = "" if user.is_active and user.is_staff else "  (inactive or not staff)"
            self.stdout.write(f"{user.username:<24} {kind}{state}")

"""Sign-in data: single sign-on identities, API tokens, two-factor devices, the login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.api.models import ApiToken
from partnerskap.people.models import SignInIdentity
from partnerskap.privacy.providers.base import (
    ERASED_LOGIN,
    persons_gone,
    when_text,
)
from partnerskap.privacy.registry import Context, Provider, Row, Subject


def _gone_users(context: Context, kind: str) -> QuerySet[User] | None:
    cutoff = context.cutoff(kind)
    if cutoff is None:
        return None
    return User.objects.filter(person__in=persons_gone(cutoff), is_staff=False, is_superuser=False)


class SignInProvider(Provider):
    key = "people.sign_in"
    title = gettext_lazy("Single sign-on identities")
    kind = "account"
    columns = (
        ("issuer", gettext_lazy("Identity provider")),
        ("subject", gettext_lazy("Identifier there")),
        ("created", gettext_lazy("Linked")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        return [
            {"issuer": i.issuer, "subject": i.subject, "created": when_text(i.created)}
            for i in subject.person.sign_in_identities.order_by("created", "pk")
        ]

    def erase(self, subject: Subject, *, context: Context) -> int:
        if subject.person is None:
            return 0
        return subject.person.sign_in_identities.all().delete()[0]

    def sweep(self, *, context: Context) -> int:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return 0
        gone = SignInIdentity.objects.filter(person__in=persons_gone(cutoff))
        operators = Q(person__user__is_staff=True) | Q(person__user__is_superuser=True)
        return gone.exclude(operators).delete()[0]


class ApiTokenProvider(Provider):
    key = "api.tokens"
    title = gettext_lazy("API tokens")
    kind = "account"
    columns = (
        ("name", gettext_lazy("Name")),
        ("prefix", gettext_lazy("Prefix")),
        ("created", gettext_lazy("Created")),
        ("last_used", gettext_lazy("Last used")),
        ("revoked_at", gettext_lazy("Revoked")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        if subject.user is None:
            return []
        # Names and prefixes only: the digest is a secret's fingerprint, never shown.
        return [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created": when_text(t.created),
                "last_used": when_text(t.last_used),
                "revoked_at": when_text(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=subject.user).order_by("created", "pk")
        ]

    def erase(self, subject: Subject, *, context: Context) -> int:
        if subject.user is None:
            return 0
        active = ApiToken.objects.filter(user=subject.user, revoked_at__isnull=True)
        return active.update(revoked_at=context.now)

    def sweep(self, *, context: Context) -> int:
        users = _gone_users(context, self.kind)
        if users is None:
            return 0
        active = ApiToken.objects.filter(user__in=users, revoked_at__isnull=True)
        return active.update(revoked_at=context.now)


class TwoFactorProvider(Provider):
    key = "accounts.two_factor"
    title = gettext_lazy("Two-factor devices")
    kind = "account"
    columns = (("kind", gettext_lazy("Kind")), ("name", gettext_lazy("Name")))

    def collect(self, subject: Subject) -> list[Row]:
        if subject.user is None:
            return []
        rows: list[Row] = [
            {"kind": _("authenticator app"), "name": d.name}
            for d in TOTPDevice.objects.filter(user=subject.user).order_by("pk")
        ]
        rows += [
            {"kind": _("recovery codes"), "name": d.name}
            for d in StaticDevice.objects.filter(user=subject.user).order_by("pk")
        ]
        return rows

    def _delete(self, users: Any) -> int:
        totp: int = TOTPDevice.objects.filter(user__in=users).delete()[0]
        static: int = StaticDevice.objects.filter(user__in=users).delete()[0]
        return totp + static

    def erase(self, subject: Subject, *, context: Context) -> int:
        if subject.user is None:
            return 0
        return self._delete([subject.user.pk])

    def sweep(self, *, context: Context) -> int:
        users = _gone_users(context, self.kind)
        return 0 if users is None else self._delete(users)


def _close_login(user: User) -> int:
    user.refresh_from_db()  # the caller's copy may be stale
    if user.username.startswith(ERASED_LOGIN) and not user.is_active:
        return 0
    user.username = f"{ERASED_LOGIN}{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["username", "first_name", "last_name", "email", "is_active", "password"]
    )
    return 1


class LoginProvider(Provider):
    key = "accounts.login"
    title = gettext_lazy("Login")
    kind = "account"
    columns = (
        ("username", gettext_lazy("User name")),
        ("name", gettext_lazy("Name")),
        ("email", gettext_lazy("E-mail")),
        ("active", gettext_lazy("Login active")),
        ("joined", gettext_lazy("Created")),
        ("last_login", gettext_lazy("Last sign-in")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        user = subject.user
        if user is None:
            return []
        return [
            {
                "username": user.username,
                "name": user.get_full_name(),
                "email": user.email,
                "active": _("yes") if user.is_active else _("no"),
                "joined": when_text(user.date_joined),
                "last_login": when_text(user.last_login),
            }
        ]

    def refusal(self, subject: Subject) -> str:
        user = subject.user
        if user is None or not (user.is_staff or user.is_superuser):
            return ""
        return _(
            "%(person)s is a system operator. Take the operator rights away first; then erase."
        ) % {"person": subject.person}

    def erase(self, subject: Subject, *, context: Context) -> int:
        return 0 if subject.user is None else _close_login(subject.user)

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.user is None:
            return ""
        return _(
            "The login is closed and made anonymous, not deleted, so the audit log still "
            "tells one account's actions apart."
        )

    def sweep(self, *, context: Context) -> int:
        users = _gone_users(context, self.kind)
        if users is None:
            return 0
        return sum(_close_login(user) for user in users.exclude(is_active=False))

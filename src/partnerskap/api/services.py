"""API tokens: issue, revoke, and find the token a request presents.

A token reads ``psk_<prefix>_<secret>``. The prefix finds the row; the row keeps only the
SHA-256 digest of the whole token, compared in constant time. The secret has 256 random bits,
so a plain (fast) digest is enough: nobody can guess a preimage, and unlike an HMAC keyed with
``SECRET_KEY`` the tokens survive a rotation of that key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.api.models import ApiToken
from partnerskap.core import audit, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError, DomainError

SCHEME = "psk"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 10
PREFIX_CHARS = frozenset(PREFIX_ALPHABET)
#: ``last_used`` is written at most this often per token, so reads stay reads.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists only here: show it once, never store it."""

    token: ApiToken
    secret: str


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    for _attempt in range(5):
        prefix = "".join(secrets.choice(PREFIX_ALPHABET) for _i in range(PREFIX_LENGTH))
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix
    msg = "Could not find a free token prefix."  # 36**10 prefixes: practically unreachable
    raise RuntimeError(msg)


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: Actor) -> IssuedToken:
    """Issue a token for ``user``. It acts as the user, within the permission policy."""
    name = name.strip()
    if not name:
        raise DomainError(
            "api.token.name_required",
            _("Give the token a name that says what it is for."),
            field="name",
        )
    if not user.is_active:
        raise DomainError(
            "api.token.user_inactive",
            _("%(user)s is not an active user.") % {"user": user.get_username()},
            field="user",
        )
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ConflictError(
            "api.token.name_taken",
            _("%(user)s already has an active token named «%(name)s».")
            % {"user": user.get_username(), "name": name},
            field="name",
        )
    prefix = _new_prefix()
    secret = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, digest=digest_of(secret))
    token.full_clean()
    token.save()
    audit.record(
        "api.token.created",
        actor=actor,
        target=token,
        data={"user": user.get_username(), "name": name, "prefix": prefix},
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke a token at once; requests presenting it are refused from now on."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        raise ConflictError(
            "api.token.already_revoked",
            _("The token %(token)s was already revoked.") % {"token": token},
        )
    token.revoked_at = time.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "api.token.revoked",
        actor=actor,
        target=token,
        data={"user": token.user.get_username(), "prefix": token.prefix},
    )
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token of an active user that ``secret`` is, or None."""
    scheme, _sep, rest = secret.partition("_")
    prefix, _sep, _random = rest.partition("_")
    if scheme != SCHEME or len(prefix) != PREFIX_LENGTH or not set(prefix) <= PREFIX_CHARS:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
        return None
    now = time.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token

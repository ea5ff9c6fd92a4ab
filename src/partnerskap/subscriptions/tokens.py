"""Signed, single-purpose tokens in the links of the subscription e-mails: the token is the
credential (no account, no session), so the endpoints that take one need no CSRF token."""

from __future__ import annotations

import datetime as dt

from django.core import signing

CONFIRM = "partnerskap.subscriptions.confirm"
UNSUBSCRIBE = "partnerskap.subscriptions.unsubscribe"
#: How long a confirmation link works; an unconfirmed sign-up is deleted by the sweep.
CONFIRM_VALID = dt.timedelta(days=7)


def make(purpose: str, pk: int) -> str:
    return signing.dumps(pk, salt=purpose, compress=False)


def read(purpose: str, token: str, *, max_age: dt.timedelta | None = None) -> int | None:
    """The id in ``token`` if it was made for ``purpose`` (and is not older than
    ``max_age``); ``None`` for anything else."""
    try:
        value = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None

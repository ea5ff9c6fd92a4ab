"""Sign-in events in the audit log: signed in (password or single sign-on; the second factor
is audited by ``services``), signed out, and locked out after repeated failures."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from partnerskap.accounts.proxies import client_ip
from partnerskap.core import audit


def _where(request: HttpRequest | None) -> dict[str, str]:
    return {"ip": client_ip(request)} if request is not None else {}


@receiver(user_logged_in, dispatch_uid="accounts.audit.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:  # noqa: ARG001
    backend = str(getattr(user, "backend", "")).rsplit(".", 1)[-1]
    method = "oidc" if backend == "PersonBackend" else "password"
    audit.record(
        "accounts.signed_in", actor=user, target=user, data={"method": method, **_where(request)}
    )


@receiver(user_logged_out, dispatch_uid="accounts.audit.signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:  # noqa: ARG001
    if user is not None and user.is_authenticated:
        audit.record("accounts.signed_out", actor=user, target=user, data=_where(request))


@receiver(user_locked_out, dispatch_uid="accounts.audit.locked_out")
def _locked_out(
    sender: Any,  # noqa: ARG001
    request: HttpRequest | None,
    username: str | None,
    **kwargs: Any,  # noqa: ARG001
) -> None:
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(
        "accounts.locked_out",
        actor=None,
        target=user,
        data={"username": (username or "")[:150], **_where(request)},
    )

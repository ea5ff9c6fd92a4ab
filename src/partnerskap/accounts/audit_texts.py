"""The words of the accounts app's audit actions (sign-in, two-factor, single sign-on) for
``core.actions``, registered from ``AccountsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.actions import Values


def _signed_in(v: Values) -> str:
    if v.raw.get("method") == "oidc":
        return _("Signed in with single sign-on.")
    return _("Signed in with a password.")


def _verified(v: Values) -> str:
    if v.raw.get("method") == "totp":
        return _("Sign-in confirmed with a code from the authenticator app.")
    return _("Sign-in confirmed with a recovery code.")


def _oidc(v: Values) -> str:
    if v.raw.get("mfa"):
        return _("Signed in with single sign-on, with two-factor authentication.")
    return _("Signed in with single sign-on.")


def register() -> None:
    actions.register(
        "accounts.signed_in",
        title=gettext_lazy("Signed in"),
        sentence=_signed_in,
    )
    actions.register(
        "accounts.signed_out",
        title=gettext_lazy("Signed out"),
        sentence=lambda v: _("Signed out."),
    )
    actions.register(
        "accounts.locked_out",
        title=gettext_lazy("Sign-in locked"),
        sentence=lambda v: (
            _("Signing in as %(username)s was locked after too many failed attempts.") % v
        ),
        values={"username": "text"},
    )
    actions.register(
        "accounts.oidc.signed_in",
        title=gettext_lazy("Signed in with single sign-on"),
        sentence=_oidc,
    )
    actions.register(
        "accounts.oidc.refused",
        title=gettext_lazy("Single sign-on refused"),
        sentence=lambda v: (
            _("Single sign-on was refused: the account at %(issuer)s is linked to no one.") % v
        ),
        values={"issuer": "text"},
    )
    actions.register(
        "accounts.two_factor.enrolled",
        title=gettext_lazy("Two-factor sign-in set up"),
        sentence=lambda v: _("Two-factor sign-in was set up."),
    )
    actions.register(
        "accounts.two_factor.verified",
        title=gettext_lazy("Sign-in confirmed"),
        sentence=_verified,
    )
    actions.register(
        "accounts.two_factor.failed",
        title=gettext_lazy("Wrong sign-in code"),
        sentence=lambda v: _("A wrong sign-in code was entered."),
    )
    actions.register(
        "accounts.two_factor.locked_out",
        title=gettext_lazy("Locked after wrong codes"),
        sentence=lambda v: _("Signed out and locked after too many wrong codes."),
    )
    actions.register(
        "accounts.two_factor.recovery_codes_regenerated",
        title=gettext_lazy("New recovery codes"),
        sentence=lambda v: _("New recovery codes were made; the old ones no longer work."),
    )
    actions.register(
        "accounts.two_factor.disabled",
        title=gettext_lazy("Two-factor sign-in turned off"),
        sentence=lambda v: _("Two-factor sign-in was turned off."),
    )

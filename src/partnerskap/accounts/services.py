"""Writes for two-factor sign-in: set up an authenticator, check a code, recovery codes,
turn it off. Each is one transaction and leaves an audit entry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.accounts import twofactor
from partnerskap.core import audit
from partnerskap.core.errors import DomainError

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Verification:
    device: TOTPDevice | StaticDevice | None
    method: str = ""  # "totp" or "recovery"
    wait: bool = False  # refused unchecked: too many wrong codes in a row, try again shortly


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator with a fresh secret (any earlier unconfirmed one is
    dropped). It counts only once ``totp_device_confirm`` has seen a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    device.full_clean()
    device.save()
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code it shows; it replaces any earlier one. Returns
    new recovery codes, to be shown once."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(_normalise(code)):
        raise DomainError(
            "accounts.two_factor.wrong_code",
            _(
                "That code does not match. Type the six digits your authenticator app shows "
                "now for Partnerskap."
            ),
            field="code",
        )
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record("accounts.two_factor.enrolled", actor=user, target=user)
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> Verification:
    """Check a code from the user's authenticator, or one of the recovery codes (each works
    once). The devices throttle repeated failures themselves."""
    token = _normalise(code)
    if _TOTP_CODE.match(token):
        devices: list[TOTPDevice | StaticDevice] = list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        )
        method = "totp"
    else:
        devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        method = "recovery"
    waiting = False
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            waiting = True
            continue
        if device.verify_token(token):
            audit.record(
                "accounts.two_factor.verified", actor=user, target=user, data={"method": method}
            )
            return Verification(device=device, method=method)
    audit.record("accounts.two_factor.failed", actor=user, target=user, data={"method": method})
    return Verification(device=None, method=method, wait=waiting)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(
            "accounts.two_factor.not_enabled",
            _("Set up an authenticator app first; recovery codes belong to it."),
        )
    codes = _new_recovery_codes(user)
    audit.record("accounts.two_factor.recovery_codes_regenerated", actor=user, target=user)
    return codes


def recovery_codes_left(*, user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Turn two-factor sign-in off: only for users whose roles do not require it."""
    if twofactor.is_required(user):
        raise DomainError(
            "accounts.two_factor.required",
            _(
                "Two-factor sign-in cannot be turned off: your role gives access to exempt "
                "content or to the administration. To move it to a new phone, set up the "
                "authenticator again."
            ),
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record("accounts.two_factor.disabled", actor=user, target=user)

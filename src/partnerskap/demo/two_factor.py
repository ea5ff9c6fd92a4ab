"""Second factors for the demo logins (the demo only runs with DEBUG, or on a throw-away
server with --allow-production).

Every demo login whose roles require two-factor sign-in (operators, and people with a role
that reads exempt content, now or in the demo's past) gets a confirmed authenticator with one
published secret, ``DEMO_TOTP_SECRET``, and three recovery codes. Put the secret (or the
otpauth URI that ``partnerskap demo`` prints) into any authenticator app once: it shows the
code for every demo login. Never use this outside the demo.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.accounts import twofactor
from partnerskap.accounts.services import AUTHENTICATOR_NAME, RECOVERY_NAME
from partnerskap.people import policy

DEMO_TOTP_SECRET = "PARTNERSKAPDEMOTWOFACTORSECRET23"  # noqa: S105 - published demo secret
DEMO_RECOVERY_CODES = ("demoreserve1", "demoreserve2", "demoreserve3")


@dataclass(frozen=True)
class DemoSecondFactor:
    secret: str
    uri: str
    recovery_codes: tuple[str, ...]


def _needs(user: User) -> bool:
    if twofactor.is_required(user):
        return True
    return user.person.memberships.filter(role__in=policy.EXEMPT_READERS).exists()


def load(usernames: list[str]) -> int:
    """Give the demo logins that need one their authenticator; idempotent. Returns how many
    were made."""
    created = 0
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in User.objects.filter(username__in=usernames).select_related("person"):
        if TOTPDevice.objects.filter(user=user).exists():
            continue
        if not hasattr(user, "person") and not user.is_superuser:
            continue
        if not user.is_superuser and not _needs(user):
            continue
        TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in DEMO_RECOVERY_CODES
        )
        created += 1
    return created


def second_factor_of(username: str) -> DemoSecondFactor | None:
    """What ``partnerskap demo`` prints for a login: the secret, the URI and the recovery
    codes not used yet; None when the login has no demo authenticator."""
    device = TOTPDevice.objects.filter(
        user__username=username, confirmed=True, key=base64.b32decode(DEMO_TOTP_SECRET).hex()
    ).first()
    if device is None:
        return None
    codes = StaticToken.objects.filter(
        device__user__username=username, token__in=DEMO_RECOVERY_CODES
    ).values_list("token", flat=True)
    return DemoSecondFactor(
        secret=DEMO_TOTP_SECRET, uri=device.config_url, recovery_codes=tuple(sorted(codes))
    )

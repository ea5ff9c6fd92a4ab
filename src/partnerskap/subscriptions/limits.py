"""The limits on sign-ups that stop the form being used to flood someone's inbox or the
database: a few sign-ups per address and per client (the real client address behind
``PARTNERSKAP_TRUSTED_PROXIES``, as ``accounts.proxies.client_ip`` derives it) in a window.

Only keyed hashes are kept (HMAC with the ``SECRET_KEY``): the attempts table never holds an
address or an IP address, and is emptied of attempts older than the window."""

from __future__ import annotations

import datetime as dt

from django.utils.crypto import salted_hmac

from partnerskap.core import time
from partnerskap.subscriptions.models import SignUpAttempt

#: Sign-ups allowed per address in ``WINDOW`` (each sends a confirmation e-mail).
PER_ADDRESS = 3
#: Sign-ups allowed per client in ``WINDOW`` (a household or an office shares an address).
PER_CLIENT = 10
WINDOW = dt.timedelta(hours=24)


def normalised(email: str) -> str:
    return email.strip().lower()


def address_key(email: str) -> str:
    return salted_hmac("partnerskap.subscriptions.address", normalised(email)).hexdigest()


def client_key(ip: str) -> str:
    return salted_hmac("partnerskap.subscriptions.client", ip).hexdigest()


def exceeded(*, email: str, ip: str) -> bool:
    """Whether another sign-up from this address or client would pass a limit now."""
    since = time.now() - WINDOW
    recent = SignUpAttempt.objects.filter(at__gte=since)
    return (
        recent.filter(address_key=address_key(email)).count() >= PER_ADDRESS
        or recent.filter(client_key=client_key(ip)).count() >= PER_CLIENT
    )


def attempt_record(*, email: str, ip: str) -> None:
    SignUpAttempt.objects.create(
        at=time.now(), address_key=address_key(email), client_key=client_key(ip)
    )


def attempts_sweep() -> int:
    """Delete the attempts past the window (the retention sweep calls it)."""
    return SignUpAttempt.objects.filter(at__lt=time.now() - WINDOW).delete()[0]

"""Sending e-mail once: one message per recipient, with a Message-ID derived from a stable key,
so a retry after a failure sends the same message and a repeat sends nothing."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from partnerskap.core import time
from partnerskap.core.models import OutboundMessage

logger = logging.getLogger(__name__)
_suppressed: ContextVar[bool] = ContextVar("partnerskap_mail_suppressed", default=False)


@contextmanager
def suppress_email() -> Iterator[None]:
    """Send nothing inside this block (for loading history, such as the demo's past years).
    Put the transaction inside it, so that on-commit sends are suppressed too."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send unless a message with ``key`` was already sent; returns whether it sent now."""
    if _suppressed.get():
        return False
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "partnerskap.invalid"
    try:
        with transaction.atomic():
            record, _created = OutboundMessage.objects.get_or_create(
                key=key,
                defaults={
                    "message_id": f"<{digest}@{domain}>",
                    "to": to,
                    "subject": subject[:300],
                },
            )
    except IntegrityError:  # a concurrent sender won the race
        return False
    if record.sent_at is not None:
        return False
    message = EmailMessage(
        subject=subject, body=body, to=[to], headers={"Message-ID": record.message_id}
    )
    try:
        message.send()
    except OSError:
        logger.exception(
            "E-mail %s to %s failed; it will be retried with the same Message-ID", key, to
        )
        return False
    OutboundMessage.objects.filter(pk=record.pk).update(sent_at=time.now())
    return True

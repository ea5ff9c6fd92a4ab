"""Sending e-mail once: one message per recipient, with a Message-ID derived from a stable key,
so a retry after a failure sends the same message and a repeat sends nothing.

Mail is sent from jobs (``core.jobs``), never from a request: a failed send raises, the job is
retried with backoff, and the retry sends only what is still unsent. Loading history sends
nothing because ``core.events.suppressed()`` queues no job."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from partnerskap.core import time
from partnerskap.core.models import OutboundMessage

logger = logging.getLogger(__name__)


def send_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send unless a message with ``key`` was already sent; returns whether it sent now.
    A failed send raises (``OSError``) after logging, so the job that called it is retried."""
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
        # The address is personal data (L10): the log names the message, the row holds the rest.
        logger.exception(
            "E-mail %s (%s) failed; it will be retried with the same Message-ID",
            key,
            record.message_id,
        )
        raise
    OutboundMessage.objects.filter(pk=record.pk).update(sent_at=time.now())
    return True

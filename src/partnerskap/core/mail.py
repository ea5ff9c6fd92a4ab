"""Sending e-mail once: one message per recipient, with a Message-ID derived from a stable key,
so a retry after a failure sends the same message and a repeat sends nothing.

Mail is sent from jobs (``core.jobs``), never from a request: a failed send raises, the job is
retried with backoff, and the retry sends only what is still unsent. Loading history sends
nothing because ``core.events.suppressed()`` queues no job.

A message may carry an HTML part beside its text and a calendar invitation (iTIP): the
invitation goes both as a ``text/calendar; method=…`` alternative, which Outlook and most
clients put straight into the calendar, and as an ``invite.ics`` attachment for the others."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from partnerskap.core import time
from partnerskap.core.models import OutboundMessage

logger = logging.getLogger(__name__)


def send_once(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    calendar: bytes | None = None,
    calendar_method: str = "REQUEST",
    headers: dict[str, str] | None = None,
) -> bool:
    """Send unless a message with ``key`` was already sent; returns whether it sent now.
    A failed send raises (``OSError``) after logging, so the job that called it is retried.
    ``headers`` are added to the message (e.g. RFC 8058's ``List-Unsubscribe``)."""
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
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[to],
        headers={**(headers or {}), "Message-ID": record.message_id},
    )
    if html:
        message.attach_alternative(html, "text/html")
    if calendar is not None:
        text = calendar.decode()
        # Django makes the MIME part from the type's subtype, parameters included.
        message.attach_alternative(text, f"text/calendar; method={calendar_method}")
        message.attach("invite.ics", calendar, "application/ics")
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


def site_url(path: str) -> str:
    """``path`` (from ``reverse``) as an absolute address on the site, for links in e-mail:
    ``PARTNERSKAP_SITE_URL`` (https in production: RFC 8058 one-click links must be https)."""
    return settings.PARTNERSKAP_SITE_URL.rstrip("/") + path


def reading_languages(language: str | None = None) -> list[str]:
    """The languages a message to one reader is written in, in order: the reader's own
    (``Person.language``; the site's when unknown, as for a guest), then English below it for
    a reader of neither Norwegian form. The subject is in the first."""
    return list(dict.fromkeys([language or settings.LANGUAGE_CODE, "en"]))

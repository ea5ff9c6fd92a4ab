"""core.mail.send_once: one message per key, and a failure that is logged without personal data."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.core import mail

from partnerskap.core.mail import send_once
from partnerskap.core.models import OutboundMessage

pytestmark = pytest.mark.django_db


def test_a_message_is_sent_once_per_key():
    assert send_once(key="k-1", to="ola@example.org", subject="Innkalling", body="Tekst")
    assert not send_once(key="k-1", to="ola@example.org", subject="Innkalling", body="Tekst")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == OutboundMessage.objects.get().message_id


def test_l10_a_failed_send_is_logged_without_the_recipients_address(caplog):
    """The log names the message by its key and Message-ID; the address stays in the database."""
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")),
        caplog.at_level(logging.ERROR, logger="partnerskap.core.mail"),
        pytest.raises(OSError, match="down"),
    ):
        send_once(key="k-2", to="kari.nordmann@example.org", subject="Innkalling", body="Tekst")
    record = OutboundMessage.objects.get(key="k-2")
    assert record.sent_at is None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "k-2" in logged
    assert record.message_id in logged
    assert "kari.nordmann" not in logged

"""A real SMTP server on loopback for the tests of e-mail (aiosmtpd), with Django's SMTP backend
pointed at it: ``def test_x(smtp_server): ...`` then ``smtp_server.messages`` holds what arrived,
parsed (``email.message.EmailMessage``). ``smtp_server.stop()`` takes the server down (a send
then fails with a refused connection) and ``start()`` brings it back on the same port.

Used by ``tests/conftest.py`` as a plugin, so every test may ask for the fixture; helpers read
the parts of a message (``text_of``, ``html_of``, ``calendar_of``)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Generator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar


class _Collect:
    def __init__(self, into: list[EmailMessage]) -> None:
        self.into = into

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.into.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpServer:
    port: int = field(default_factory=_free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    _controller: Controller | None = None

    def start(self) -> None:
        if self._controller is None:
            self._controller = Controller(
                _Collect(self.messages), hostname="127.0.0.1", port=self.port
            )
            self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @staticmethod
    def subject(message: EmailMessage) -> str:
        """The decoded subject, unfolded."""
        return " ".join(str(message["Subject"]).split())

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server(settings: Any) -> Generator[SmtpServer]:
    """A running SMTP server on loopback; Django sends to it with the SMTP backend (no TLS)."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()


def _part(message: EmailMessage, content_type: str) -> EmailMessage | None:
    for part in message.walk():
        if part.get_content_type() == content_type and not part.is_attachment():
            assert isinstance(part, EmailMessage)
            return part
    return None


def text_of(message: EmailMessage) -> str:
    part = _part(message, "text/plain")
    assert part is not None, "no text part"
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = _part(message, "text/html")
    assert part is not None, "no HTML part"
    return str(part.get_content())


def calendar_of(message: EmailMessage) -> Calendar:
    """The invitation of the ``text/calendar`` alternative; the ``.ics`` attachment must be
    the same invitation."""
    part = _part(message, "text/calendar")
    assert part is not None, "no text/calendar part"
    content = part.get_content()
    attached = [p for p in message.iter_attachments() if p.get_filename() == "invite.ics"]
    assert len(attached) == 1, "no invite.ics attachment"
    assert attached[0].get_content().replace(b"\r\n", b"\n").decode() == content.replace(
        "\r\n", "\n"
    )
    return Calendar.from_ical(content)


def everything_of(message: EmailMessage) -> str:
    """Every header and decoded part, for the canary: nothing exempt anywhere."""
    parts = [str(value) for value in message.values()]
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)

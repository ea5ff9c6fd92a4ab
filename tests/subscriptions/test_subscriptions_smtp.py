"""Public subscriptions over real SMTP (issue 18, point 4): sign up → confirm by the link →
receive a notice → one-click unsubscribe (RFC 8058: a POST to the ``List-Unsubscribe`` URL)
→ nothing more; the limits per address and per client; only public content reaches anyone
(the canary); the address appears in no audit entry and no log line."""

from __future__ import annotations

import datetime as dt
import logging
import re
from email.message import EmailMessage

import pytest
import time_machine
from django.urls import reverse

from partnerskap.core.models import AuditEntry, OutboundMessage
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import followup_record
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_publish_notice,
    meeting_reschedule,
)
from partnerskap.subscriptions import limits, tokens
from partnerskap.subscriptions.models import SignUpAttempt, Subscription
from tests.canary import CANARY, make_record
from tests.smtp import SmtpServer, everything_of, html_of, text_of
from tests.world import World, oslo

pytestmark = pytest.mark.django_db

READER = "Lise.Leser@example.org"
FOLLOW = reverse("subscriptions:follow")


def _follow(client, topic: str, target: int, email: str = READER, **extra):  # type: ignore[no-untyped-def]
    return client.post(FOLLOW, {"topic": topic, "target": target, "email": email}, **extra)


def _link(message: EmailMessage, name: str) -> str:
    path = reverse(name, kwargs={"token": "X"}).removesuffix("X/")
    (found,) = set(
        re.findall(rf"https?://[^\s\"<>]*{re.escape(path)}[^\s\"<>/]+/", text_of(message))
    )
    return found


def _confirmed(client, smtp: SmtpServer, run_jobs, topic: str, target: int) -> None:  # type: ignore[no-untyped-def]
    smtp.messages.clear()
    assert _follow(client, topic, target).status_code == 200
    run_jobs()
    (message,) = smtp.messages
    url = _link(message, "subscriptions:confirm")
    assert client.get(url).status_code == 200  # a page with a button: opening confirms nothing
    assert not Subscription.objects.exclude(confirmed_at=None).filter(target=f"{topic}:{target}")
    assert client.post(url).status_code == 200
    smtp.messages.clear()


def test_subscription_round_trip_confirm_notice_one_click_unsubscribe(
    world: World, client, run_jobs, smtp_server: SmtpServer, caplog
):
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        meeting = world.meeting(oslo(2022, 3, 15))
        world.item(meeting, title="Innfartsparkering")
        assert _follow(client, "partnership", world.partnership.pk).status_code == 200
        run_jobs()
    (confirm,) = smtp_server.messages
    assert confirm["To"] == READER.lower()
    assert "Bekreft" in SmtpServer.subject(confirm)
    assert "List-Unsubscribe" not in confirm  # not subscribed yet
    url = _link(confirm, "subscriptions:confirm")

    with time_machine.travel(oslo(2022, 2, 1, 11), tick=False):
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
    assert smtp_server.to(READER.lower()) == [confirm]  # nothing before the confirmation

    with time_machine.travel(oslo(2022, 2, 2), tick=False):
        client.post(url)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    smtp_server.messages.clear()

    with time_machine.travel(oslo(2022, 2, 10), tick=False):
        meeting.refresh_from_db()
        meeting_reschedule(
            meeting=meeting,
            starts_at=oslo(2022, 3, 16, 12),
            ends_at=oslo(2022, 3, 16, 15),
            reason="Salen er opptatt",
            actor=None,
        )
        run_jobs()
        run_jobs()  # nothing twice
    (notice,) = smtp_server.to(READER.lower())
    assert SmtpServer.subject(notice) == f"Endret innkalling: {meeting}"
    assert "16.03.2022 12:00" in text_of(notice)
    assert "Innfartsparkering" in text_of(notice)
    assert "&lt;b&gt;" in html_of(notice)
    assert f"/{world.partnership.slug}/moter/{meeting.pk}/" in text_of(notice)
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = "".join(str(notice["List-Unsubscribe"]).split())
    unsubscribe = re.fullmatch(r"<(https?://\S+)>", header)
    assert unsubscribe is not None
    assert unsubscribe.group(1) in text_of(notice)

    # The mail client's one-click request: a POST with that body, no cookie, no CSRF token.
    response = client.post(
        unsubscribe.group(1),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()  # the address is deleted with it
    smtp_server.messages.clear()
    with time_machine.travel(oslo(2022, 2, 20), tick=False):
        meeting_cancel(meeting=meeting, reason="Ingen saker", actor=None)
        run_jobs()
    assert smtp_server.to(READER.lower()) == []
    assert client.post(unsubscribe.group(1)).status_code == 200  # again: nothing to do

    entries = AuditEntry.objects.filter(action__startswith="subscriptions.")
    assert [e.action for e in entries.order_by("pk")] == [
        "subscriptions.subscription.requested",
        "subscriptions.subscription.confirmed",
        "subscriptions.subscription.cancelled",
    ]
    for entry in entries:
        assert READER.lower() not in f"{entry.data} {entry.target_repr}".lower()
    assert READER.lower() not in caplog.text.lower()
    for key in OutboundMessage.objects.values_list("key", flat=True):
        assert READER.lower() not in key.lower()


def test_a_used_or_expired_confirmation_link_and_a_forged_one(
    world: World, client, run_jobs, smtp_server
):
    with time_machine.travel(oslo(2022, 2, 1), tick=False):
        _follow(client, "partnership", world.partnership.pk)
        run_jobs()
    url = _link(smtp_server.messages[0], "subscriptions:confirm")
    with time_machine.travel(oslo(2022, 2, 1) + tokens.CONFIRM_VALID + dt.timedelta(hours=1)):
        response = client.post(url)
    assert response.status_code == 400
    assert "utløpt" in response.content.decode()
    forged = reverse("subscriptions:confirm", kwargs={"token": "1:abc"})
    assert client.post(forged).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_only_public_things_may_be_followed(world: World, client, run_jobs, smtp_server):
    record = make_record(world)
    assert _follow(client, "proposal", record.closed_proposal.pk).status_code == 400
    assert _follow(client, "area", 999_999).status_code == 400
    assert (
        _follow(client, "partnership", world.partnership.pk, email="ikke en adresse").status_code
        == 400
    )
    assert not Subscription.objects.exists()
    assert _follow(client, "proposal", record.open_proposal.pk).status_code == 200
    assert _follow(client, "area", world.areas[0].pk).status_code == 200


def test_a_cross_site_sign_up_is_refused(world: World, client):
    response = _follow(
        client, "partnership", world.partnership.pk, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    response = _follow(
        client, "partnership", world.partnership.pk, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_sign_ups_are_limited_per_address_and_per_client(world: World, client, settings):
    partnership = world.partnership.pk
    areas = [a.pk for a in world.areas]
    for _ in range(limits.PER_ADDRESS):
        assert _follow(client, "partnership", partnership).status_code == 200
    response = _follow(client, "area", areas[0])
    assert response.status_code == 429
    assert "For mange" in response.content.decode()

    # Another address from the same client, up to the client's limit.
    for n in range(limits.PER_CLIENT - limits.PER_ADDRESS):
        assert (
            _follow(client, "partnership", partnership, email=f"x{n}@example.org").status_code
            == 200
        )
    assert _follow(client, "partnership", partnership, email="ny@example.org").status_code == 429

    # Behind a trusted proxy the real client counts: another client may still sign up.
    settings.PARTNERSKAP_TRUSTED_PROXIES = ["127.0.0.1"]
    other = _follow(
        client,
        "partnership",
        partnership,
        email="ny@example.org",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert other.status_code == 200
    spoofed = _follow(client, "partnership", partnership, email="ny2@example.org")
    assert spoofed.status_code == 429
    # A day later the window has passed, and the sweep removes the old attempts.
    with time_machine.travel(dt.datetime.now(dt.UTC) + limits.WINDOW + dt.timedelta(minutes=1)):
        assert limits.attempts_sweep() > 0
        assert _follow(client, "area", areas[0]).status_code == 200
    # Only keyed hashes are kept of the attempts.
    for attempt in SignUpAttempt.objects.all():
        assert "@" not in attempt.address_key
        assert "127.0.0.1" not in attempt.client_key


def test_l3_canary_subscribers_get_only_public_content(world: World, client, run_jobs, smtp_server):
    """Followers of the partnership, of the area of the closed item, of the open proposal:
    the whole canary record (notice, minutes, follow-up of both proposals) reaches them, and
    not the closed item's real title, its proposal or its decision."""
    with time_machine.travel(oslo(2022, 1, 10), tick=False):
        for topic, target in (
            ("partnership", world.partnership.pk),
            ("area", world.areas[0].pk),
            ("area", world.areas[1].pk),
        ):
            _confirmed(client, smtp_server, run_jobs, topic, target)
    # Held, its minutes approved, the closed proposal adopted (the canary in its decision).
    with time_machine.travel(oslo(2022, 3, 30), tick=False):
        record = make_record(world)
        run_jobs()
    received = list(smtp_server.messages)
    assert any("Personalsak" in text_of(m) for m in received if m["To"] == READER.lower())
    with time_machine.travel(oslo(2022, 4, 1), tick=False):
        _confirmed(client, smtp_server, run_jobs, "proposal", record.open_proposal.pk)
        followup_record(
            follow_up=record.open_proposal.follow_ups.get(),
            status=FollowUp.Status.ADOPTED,
            on=dt.date(2022, 4, 1),
            note="Vedtatt",
            decision_text="Kommunestyret slutter seg til forslaget.",
            actor=None,
        )
        run_jobs()
    received += smtp_server.messages
    # The reader follows the partnership, two areas and the open proposal: each notice,
    # minutes and decision reaches the address once, by its most specific subscription.
    mine = [m for m in received if m["To"] == READER.lower()]
    for kind in ("Møteinnkalling", "Møtebok godkjent", "Vedtak om"):
        assert len([m for m in mine if SmtpServer.subject(m).startswith(kind)]) == 1
    (outcome,) = [m for m in mine if SmtpServer.subject(m).startswith("Vedtak om")]
    assert "Felles innfartsparkering" in SmtpServer.subject(outcome)
    assert "vedtatt" in text_of(outcome)
    token = _link(outcome, "subscriptions:unsubscribe").rstrip("/").rpartition("/")[2]
    assert tokens.read(tokens.UNSUBSCRIBE, token) == Subscription.objects.get(topic="proposal").pk
    for message in received:
        assert CANARY not in everything_of(message)

"""Subscriptions are personal data (L10, docs/privacy.md): registered in «what is held», shown
and exported by the subject's address, erased on request; the sweep deletes sign-ups never
confirmed once their link has expired, and the sign-up attempts past the limits' window."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerskap.core import time
from partnerskap.privacy import services
from partnerskap.privacy.registry import Subject, providers
from partnerskap.subscriptions import limits, tokens
from partnerskap.subscriptions.models import SignUpAttempt, Subscription
from partnerskap.subscriptions.services import subscription_confirm, subscription_request
from tests.world import World

pytestmark = pytest.mark.django_db

ADDRESS = "Abonnent@Example.org"


def _sign_up(world: World, email: str = ADDRESS) -> Subscription:
    return subscription_request(
        email=email,
        topic="partnership",
        target_id=world.partnership.pk,
        client_ip="198.51.100.4",
        language="nb",
    )


def test_l10_subscriptions_are_in_what_is_held_exported_and_erased(world: World):
    assert "subscriptions.subscription" in {p.key for p in providers()}
    subscription = _sign_up(world)
    subscription_confirm(token=tokens.make(tokens.CONFIRM, subscription.pk))
    _sign_up(world, email="en.annen@example.org")
    subject = Subject(emails=frozenset({"abonnent@example.org"}))
    export = services.personal_data_export(subject=subject, actor=None)
    (section,) = [s for s in export.sections if s.key == "subscriptions.subscription"]
    (row,) = section.rows
    assert row["email"] == "abonnent@example.org"
    assert world.partnership.name in row["topic"]
    assert row["confirmed"]
    erased = services.personal_data_erase(subject=subject, actor=None)
    assert erased.changed["subscriptions.subscription"] == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["en.annen@example.org"]


def test_l10_the_sweep_deletes_unconfirmed_sign_ups_and_old_attempts(world: World):
    with time_machine.travel(time.now() - tokens.CONFIRM_VALID - dt.timedelta(hours=1)):
        old = _sign_up(world)
    confirmed = _sign_up(world, email="bekreftet@example.org")
    subscription_confirm(token=tokens.make(tokens.CONFIRM, confirmed.pk))
    fresh = _sign_up(world, email="fersk@example.org")
    assert SignUpAttempt.objects.count() == 3
    changed = services.privacy_sweep(actor=None)
    assert changed["subscriptions.subscription"] == 2  # the old sign-up and its attempt
    assert set(Subscription.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not Subscription.objects.filter(pk=old.pk).exists()
    assert SignUpAttempt.objects.count() == 2
    assert all(a.at > time.now() - limits.WINDOW for a in SignUpAttempt.objects.all())

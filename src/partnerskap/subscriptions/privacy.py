"""Subscriptions in the registry of «what is held» (L10, docs/privacy.md): a subscriber's
address and what it follows. Unsubscribing deletes the row; an erasure deletes every
subscription of the subject's addresses; the sweep deletes sign-ups not confirmed within the
confirmation link's validity and the sign-up attempts past the limits' window."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from partnerskap.core import time
from partnerskap.privacy.providers.base import when_text
from partnerskap.privacy.registry import Context, Provider, Row, Subject
from partnerskap.subscriptions import limits, tokens
from partnerskap.subscriptions.models import Subscription
from partnerskap.subscriptions.notifications import followed_name


def _of(subject: Subject) -> QuerySet[Subscription]:
    keys = [limits.address_key(e) for e in subject.emails if e]
    return Subscription.objects.filter(address_key__in=keys).select_related(
        "partnership", "area", "proposal"
    )


class SubscriptionProvider(Provider):
    key = "subscriptions.subscription"
    title = gettext_lazy("Subscriptions")
    kind = "subscription"
    columns = (
        ("email", gettext_lazy("E-mail")),
        ("topic", gettext_lazy("Follows")),
        ("created", gettext_lazy("Signed up")),
        ("confirmed", gettext_lazy("Confirmed")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        return [
            {
                "email": s.email,
                "topic": f"{s.get_topic_display()}: {followed_name(s)}",
                "created": when_text(s.created),
                "confirmed": when_text(s.confirmed_at),
            }
            for s in _of(subject)
        ]

    def erase(self, subject: Subject, *, context: Context) -> int:
        return int(_of(subject).delete()[0])

    def sweep(self, *, context: Context) -> int:
        cutoff = time.now() - tokens.CONFIRM_VALID  # the link has expired
        period = context.cutoff(self.kind)
        if period is not None:
            cutoff = max(cutoff, period)
        expired = Subscription.objects.filter(confirmed_at__isnull=True, created__lt=cutoff)
        return int(expired.delete()[0]) + limits.attempts_sweep()

"""A public subscription: an e-mail address following a partnership, a cooperation area or a
proposal. The address is personal data (L10, docs/privacy.md): it is shown nowhere, logged
nowhere and kept out of the audit log; ``__str__`` names the row by id and topic only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import CooperationArea, Partnership
from partnerskap.core.models import TimeStampedModel
from partnerskap.followup.models import Proposal


class Subscription(TimeStampedModel):
    class Topic(models.TextChoices):
        PARTNERSHIP = "partnership", _("partnership")
        AREA = "area", _("cooperation area")
        PROPOSAL = "proposal", _("proposal")

    email = models.EmailField(_("e-mail"), max_length=254)
    #: A keyed hash of the normalised address (``limits.address_key``): finds the address's
    #: rows for the sign-up limit and a repeated sign-up without reading addresses.
    address_key = models.CharField(max_length=64, db_index=True, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("cooperation area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: ``topic:id``, so that one address follows one thing once.
    target = models.CharField(max_length=40, editable=False)
    language = models.CharField(_("language"), max_length=10, default="nb")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["address_key", "target"], name="subscription_one_per_address"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(topic="partnership", area__isnull=True, proposal__isnull=True)
                    | models.Q(topic="area", area__isnull=False, proposal__isnull=True)
                    | models.Q(topic="proposal", area__isnull=True, proposal__isnull=False)
                ),
                name="subscription_topic_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} #{self.pk}"


class SignUpAttempt(models.Model):
    """One sign-up, for the limits per address and per client: keyed hashes only, never the
    address or the IP address; swept after a day (``limits.attempts_sweep``)."""

    at = models.DateTimeField(db_index=True)
    address_key = models.CharField(max_length=64, db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("sign-up attempt")
        verbose_name_plural = _("sign-up attempts")

    def __str__(self) -> str:
        return f"sign-up {self.pk}"

"""Forfall by personal link (issue 18, point 2): the links members and substitutes get by
e-mail, a member's declaration of possible disqualification (inhabilitet) for an item, and the
substitutes asked in turn for a member's seat (L7). The services are in
``meetings.services.forfall``; the messages in ``meetings.notifications_forfall``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Party
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models.agenda import AgendaItem
from partnerskap.meetings.models.attendance import Absence
from partnerskap.meetings.models.meeting import Meeting
from partnerskap.people.models import Person


class PersonalLink(TimeStampedModel):
    """A link sent to one person for one action on one meeting. Only a hash of its secret is
    stored; the signed token in the e-mail names the row and the purpose. It expires (at the
    latest when the meeting starts) and is used once (``used_at``)."""

    class Purpose(models.TextChoices):
        FORFALL = "forfall", _("report absence")
        DISQUALIFICATION = "inhabil", _("declare possible disqualification")
        SUBSTITUTE = "vara", _("answer a request to attend as substitute")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    request = models.ForeignKey(
        "meetings.SubstituteRequest",
        verbose_name=_("substitute request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
    )

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"


class Disqualification(TimeStampedModel):
    """A member's declaration that they may be disqualified (inhabil) for an item; the meeting
    decides (the secretariat sees it on the meeting page)."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="disqualifications",
    )
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("declared possible disqualification")
        verbose_name_plural = _("declared possible disqualifications")
        ordering = ["meeting", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"], name="disqualification_once_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.item}"


class SubstituteRequest(TimeStampedModel):
    """One substitute asked to take an absent member's seat; the next in the party's order is
    asked when this one declines or does not answer by ``answer_by`` (L7)."""

    class Status(models.TextChoices):
        ASKED = "asked", _("asked, no answer yet")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("no answer in time")
        WITHDRAWN = "withdrawn", _("withdrawn")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="substitute_requests",
    )
    absence = models.ForeignKey(
        Absence,
        verbose_name=_("absence"),
        on_delete=models.CASCADE,
        related_name="substitute_requests",
    )
    substitute = models.ForeignKey(
        Person, verbose_name=_("substitute"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASKED
    )
    answer_by = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("substitute request")
        verbose_name_plural = _("substitute requests")
        ordering = ["meeting", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["absence", "substitute"], name="substitute_request_once_per_seat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.substitute} ({self.get_status_display()})"

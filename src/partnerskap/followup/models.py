"""Proposals the meeting puts to the parties' elected bodies (A9), each body's handling of
them (follow-up), and proposals that amend the agreement (A10)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import (
    AgreementPart,
    AgreementVersion,
    CooperationArea,
    ElectedBody,
    Partnership,
    SustainableDevelopmentGoal,
)
from partnerskap.core.models import TimeStampedModel
from partnerskap.meetings.models import AgendaItem


class Proposal(TimeStampedModel):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("proposal")
        AMENDMENT = "amendment", _("amendment to the agreement")

    class AmendmentState(models.TextChoices):
        NONE = "", _("—")
        PENDING = "pending", _("awaiting adoption")
        ADOPTED = "adopted", _("adopted by every required body")
        REJECTED = "rejected", _("rejected")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("proposal text"))
    individual_case_reason = models.TextField(
        _("why this is no decision in an individual case"),
        blank=True,
        help_text=_(
            "Kept when the text reads as a decision in an individual case and the secretariat "
            "confirmed that it is not one (A9)."
        ),
    )
    areas = models.ManyToManyField(
        CooperationArea, verbose_name=_("cooperation areas"), related_name="proposals"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        blank=True,
        related_name="proposals",
    )
    sent_on = models.DateField(_("sent to the bodies on"))
    # Amendments (A10): the section's proposed text against the version in force.
    part = models.ForeignKey(
        AgreementPart,
        verbose_name=_("agreement part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    base_version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version amended"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments_proposed",
    )
    section_slug = models.SlugField(_("section"), max_length=100, blank=True)
    section_heading = models.CharField(_("section heading"), max_length=200, blank=True)
    proposed_text = models.TextField(_("proposed section text"), blank=True)
    in_force_from = models.DateField(_("in force from (if adopted)"), null=True, blank=True)
    amendment_state = models.CharField(
        _("amendment state"),
        max_length=10,
        choices=AmendmentState.choices,
        blank=True,
        default="",
    )
    resulting_version = models.OneToOneField(
        AgreementVersion,
        verbose_name=_("resulting version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_amendment",
    )
    # A18: an open proposal carried over into the renewed partnership is followed up there.
    carried_over_to = models.ForeignKey(
        Partnership,
        verbose_name=_("carried over to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_proposals",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ordinary", amendment_state="")
                | Q(kind="amendment", base_version__isnull=False) & ~Q(amendment_state=""),
                name="proposal_amendment_fields_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.case_number}: {self.title}"


#: The statuses of a follow-up still awaiting its body's decision, defined once: the rest are
#: final (``FINAL_STATUSES``); the partial index ``follow_up_awaiting_idx`` holds exactly these.
AWAITING_STATUSES: tuple[str, ...] = ("sent", "received", "on_agenda")


class FollowUp(TimeStampedModel):
    """One elected body's handling of one proposal."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")
        ON_AGENDA = "on_agenda", _("on the body's agenda")
        ADOPTED = "adopted", _("adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
        REJECTED = "rejected", _("rejected")
        NOT_TAKEN_UP = "not_taken_up", _("not taken up")
        HANDED_OVER = "handed_over", _("handed over to the successor")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    elected_body = models.ForeignKey(
        ElectedBody,
        verbose_name=_("elected body"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    required_for_adoption = models.BooleanField(
        _("must adopt an amendment"),
        default=False,
        help_text=_(
            "For amendments: this body's adoption is needed before the new text takes force."
        ),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.SENT
    )
    expected_by = models.DateField(_("answer expected by"))
    body_meeting_date = models.DateField(_("body's meeting date"), null=True, blank=True)
    body_case_number = models.CharField(_("body's case number"), max_length=50, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    decision_url = models.URLField(_("link to the body's record"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    taken_over_from = models.OneToOneField(
        "self",
        verbose_name=_("taken over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="taken_over_by",
        help_text=_("The ceased party's follow-up this one continues, in its successor's body."),
    )
    taken_over_on = models.DateField(_("taken over on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["proposal", "elected_body__party__name", "elected_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "elected_body"], name="follow_up_one_per_body"
            ),
        ]
        indexes = [
            # The few follow-ups still awaiting an answer, by proposal: «proposals awaiting
            # the parties» on the portal stays cheap however many answers were ever recorded.
            models.Index(
                fields=["proposal"],
                condition=Q(status__in=list(AWAITING_STATUSES)),
                name="follow_up_awaiting_idx",
            ),
            # The same follow-ups by body and date expected: a county's work list and overdue
            # counts (``backoffice.overview``) read only what its bodies still owe, not every
            # follow-up they ever had (5,850 for one county body in 20 years of the national
            # bench data) intersected with every awaiting one (10,428).
            models.Index(
                fields=["elected_body", "expected_by"],
                condition=Q(status__in=list(AWAITING_STATUSES)),
                name="follow_up_awaiting_body_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elected_body}: {self.get_status_display()}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return not self.is_final and today > self.expected_by


#: The statuses no step follows. «Handed over» ends a ceased party's follow-up without a
#: decision: its successor's body answers in the follow-up that took it over (A1).
FINAL_STATUSES = (
    FollowUp.Status.ADOPTED,
    FollowUp.Status.ADOPTED_WITH_CHANGES,
    FollowUp.Status.REJECTED,
    FollowUp.Status.NOT_TAKEN_UP,
    FollowUp.Status.HANDED_OVER,
)
#: The final statuses that are a body's decision (``HANDED_OVER`` is not one).
DECIDED_STATUSES = FINAL_STATUSES[:-1]


class FollowUpEvent(models.Model):
    """The status history of a follow-up (append-only)."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=30, choices=FollowUp.Status.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up history")
        ordering = ["follow_up", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_status_display()}"

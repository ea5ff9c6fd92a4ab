"""The agenda: items numbered per partnership and year (PS 7/2023), closed sessions (L3) and
votes. Outcomes are never binding decisions on individual cases (A9)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import (
    CooperationArea,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.core.models import LegalBasis, TimeStampedModel
from partnerskap.meetings.models.meeting import Meeting


class AgendaNumberSequence(models.Model):
    """The last item number used per partnership and year; numbers are never reused."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="agenda_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}/{self.year}: {self.last_number}"


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("proposal to the parties")
        PROCEDURAL = "procedural", _("procedural decision")
        INFORMATION = "information", _("information")
        DISCUSSION = "discussion", _("discussion")

    class Outcome(models.TextChoices):
        # A9: no outcome records a binding decision on an individual case.
        PENDING = "", _("not yet dealt with")
        PROPOSAL = "proposal", _("proposal to the parties")
        PROCEDURAL = "procedural", _("procedural decision")
        NOTED = "noted", _("noted")
        POSTPONED = "postponed", _("postponed")

    class ProceduralSubject(models.TextChoices):
        NONE = "", _("—")
        ANNUAL_CYCLE = "annual_cycle", _("annual cycle")
        COMMITTEE = "committee", _("temporary committee")
        MINUTES = "minutes", _("approval of minutes")
        OTHER = "other", _("other procedural matter")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items"
    )
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    procedural_subject = models.CharField(
        _("procedural subject"), max_length=20, choices=ProceduralSubject.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    case_presentation = models.TextField(_("case presentation (saksframstilling)"), blank=True)
    recommendation = models.TextField(_("recommended outcome (innstilling)"), blank=True)
    areas = models.ManyToManyField(
        CooperationArea, verbose_name=_("cooperation areas"), related_name="agenda_items"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        blank=True,
        related_name="agenda_items",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    outcome_text = models.TextField(_("conclusion"), blank=True)
    individual_case_reason = models.TextField(
        _("why this is no decision in an individual case"),
        blank=True,
        help_text=_(
            "Kept when the conclusion reads as a decision in an individual case and the "
            "secretariat confirmed that it is not one (A9)."
        ),
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "number"], name="agenda_item_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="procedural") | Q(kind="procedural"),
                name="agenda_item_procedural_outcome_only_on_procedural_items",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    @property
    def case_number(self) -> str:
        return self.format_case_number(self.number, self.year)

    @staticmethod
    def format_case_number(number: int, year: int) -> str:
        """«PS 7/2021»: the item's number in its year."""
        return f"PS {number}/{year}"

    @property
    def is_closed(self) -> bool:
        return hasattr(self, "closed_session")


class ClosedSession(TimeStampedModel):
    """The decision to deal with an item behind closed doors, on a legal basis (L3)."""

    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="closed_session",
    )
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"applies_to": LegalBasis.AppliesTo.MEETING, "active": True},
    )
    public_title = models.CharField(
        _("public title"),
        max_length=300,
        help_text=_("A neutral title shown to the public instead of the real one."),
    )
    decision = models.TextField(
        _("decision to close"),
        blank=True,
        help_text=_("The vote to close is held in open session (kommuneloven § 11-5)."),
    )

    class Meta:
        verbose_name = _("closed session")
        verbose_name_plural = _("closed sessions")

    def __str__(self) -> str:
        return f"{self.item.case_number}: {self.legal_basis}"


class Vote(TimeStampedModel):
    """How a party voted on a motion under an item (L4: voting results in the minutes)."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstained")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="votes"
    )
    motion = models.CharField(_("motion"), max_length=300)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["item", "motion", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "motion", "party"], name="vote_one_per_party_and_motion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.motion}: {self.party} {self.get_choice_display()}"

"""The evaluation of an agreement period (evaluering): the secretariats' written assessment
of the period's figures, approved by every party before it is published.

One evaluation per partnership. Its lifecycle: ``draft`` (written, approvals being
collected) → ``approved`` (every party of the partnership has approved the same text and
figures) → ``published`` (on the portal and as a PDF/A). The figures are frozen in
``snapshot`` at the first approval, so what the parties approved is what the public reads,
however the records change afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Partnership, Party
from partnerskap.core.models import TimeStampedModel


class Evaluation(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved by every party")
        PUBLISHED = "published", _("published")

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    assessment = models.TextField(_("written assessment"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    snapshot = models.JSONField(_("figures as approved"), null=True, blank=True)
    snapshot_taken_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="evaluation_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(snapshot__isnull=False),
                name="evaluation_approved_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_status_display()}"


class EvaluationApproval(models.Model):
    """One party's approval of the evaluation, given by its secretariat."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("approval of an evaluation")
        verbose_name_plural = _("approvals of evaluations")
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "party"], name="evaluation_one_approval_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.approved_at:%Y-%m-%d}"

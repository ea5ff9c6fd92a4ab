"""Deleted OParl objects (spec 2.8).

The project deletes rows for real (there are no soft deletes), but OParl clients must learn of
a deletion: the object stays at its URL with ``deleted: true``, and lists filtered with
``modified_since`` return it. A tombstone keeps the OParl identity of a deleted object, per
body, written by ``partnerskap.oparl.deletions.record_deletion`` just before the delete.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Partnership
from partnerskap.core import time


class Tombstone(models.Model):
    body = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="+"
    )
    oparl_type = models.CharField(_("OParl type"), max_length=20)
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    object_pk = models.PositiveBigIntegerField(_("object id"))
    parent_type = models.CharField(
        _("embedded in (OParl type)"),
        max_length=20,
        blank=True,
        help_text=_("The object that embeds this one and whose «modified» the deletion changes."),
    )
    parent_pk = models.PositiveBigIntegerField(_("embedded in (id)"), null=True, blank=True)
    created = models.DateTimeField(_("created"), help_text=_("When the object was created."))
    deleted_at = models.DateTimeField(_("deleted at"), default=time.now)

    class Meta:
        verbose_name = _("deleted OParl object")
        verbose_name_plural = _("deleted OParl objects")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "oparl_type", "kind", "object_pk"], name="oparl_tombstone_once"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "oparl_type", "deleted_at"]),
            models.Index(fields=["body", "parent_type", "parent_pk"]),
        ]

    def __str__(self) -> str:
        return f"{self.oparl_type} {self.kind} {self.object_pk} ({self.deleted_at:%Y-%m-%d})"

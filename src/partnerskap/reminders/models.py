"""A person's choice about the daily digest: a row only for someone who changed it (no row:
the digest is on)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.core.models import TimeStampedModel
from partnerskap.people.models import Person


class DigestSetting(TimeStampedModel):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    digest = models.BooleanField(_("daily digest by e-mail"), default=True)

    class Meta:
        verbose_name = _("digest setting")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"digest setting {self.pk}"

"""Per-user API tokens. Only a digest of the token is stored; the token itself is shown once,
when it is created (``partnerskap.api.services.api_token_create``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token acting as its user: it may do exactly what the user may do
    (``partnerskap.people.policy``), and nothing once revoked or once the user is inactive."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. «ePhorte Bærum».")
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=16,
        unique=True,
        help_text=_("The token's public first part, used to find it; not secret."),
    )
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_active_name_unique_per_user",
            ),
        ]

    #: The token itself, on the instance that was just issued only; never stored.
    plain_secret = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

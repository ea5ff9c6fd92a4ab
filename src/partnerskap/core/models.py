from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for domain records: when a row was created and last modified."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service; append-only (see ``partnerskap.core.audit``)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            msg = "Audit entries are append-only."
            raise ValueError(msg)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        msg = "Audit entries are append-only."
        raise ValueError(msg)


class LegalBasis(models.Model):
    """A legal ground for closing a session (L3) or exempting a document (L8): maintained as
    data, because the exact statutory wording is not ours to hard-code."""

    class AppliesTo(models.TextChoices):
        MEETING = "meeting", _("closing a meeting")
        DOCUMENT = "document", _("exempting a document")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    reference = models.CharField(
        _("reference"), max_length=200, help_text=_("E.g. «kommuneloven § 11-5 andre ledd»")
    )
    applies_to = models.CharField(_("applies to"), max_length=10, choices=AppliesTo.choices)
    mandatory = models.BooleanField(
        _("mandatory"),
        default=False,
        help_text=_("Whether the law requires closing or exempting (not merely allows it)."),
    )
    plain_name = models.CharField(
        _("plain name"),
        max_length=100,
        blank=True,
        help_text=_("What the ground is about, in plain words: «personalsak», «taushetsplikt»."),
    )
    description = models.TextField(_("description"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["applies_to", "reference"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The paragraph with its plain name beside it, as every screen lists a basis."""
        return legal_basis_label(self.reference, self.plain_name)


def legal_basis_label(reference: str, plain_name: str) -> str:
    """«offentleglova § 13 – taushetsplikt»: a legal basis as people read it (the reference
    alone when the basis has no plain name). For rows read as columns, not instances."""
    return f"{reference} – {plain_name}" if reference and plain_name else reference


class OutboundMessage(models.Model):
    """One e-mail to one recipient, keyed so that a retry never sends it twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mail")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class ExemptAccessQuerySet(models.QuerySet["ExemptAccess"]):
    """Rows are only ever added: bulk changes and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        msg = "The exempt access log is append-only."
        raise ValueError(msg)

    def delete(self) -> tuple[int, dict[str, int]]:
        msg = "The exempt access log is append-only."
        raise ValueError(msg)


class ExemptAccess(models.Model):
    """Someone opened a closed item or an exempt document (L3, L8): who, what, when and
    through which surface. Append-only (``partnerskap.core.access.exempt_access_record``
    writes it); operators read it in the admin. It names what was opened by type and id,
    never by its title, so the log holds no exempt content itself."""

    class Surface(models.TextChoices):
        BACKOFFICE = "backoffice", _("back office page")
        DOWNLOAD = "download", _("file download")
        API = "api", _("API")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Kept as text too, so the entry still says who it was when the account is gone.
    username = models.CharField(_("user name"), max_length=150)
    surface = models.CharField(_("surface"), max_length=20, choices=Surface.choices)
    target_type = models.CharField(_("what"), max_length=100)
    target_id = models.CharField(_("id"), max_length=64)
    #: A neutral label: the case number of an item, the id and variant of a file.
    target_label = models.CharField(_("label"), max_length=200, blank=True)
    partnership_id = models.PositiveIntegerField(_("partnership id"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)

    objects = ExemptAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("exempt access")
        verbose_name_plural = _("exempt access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.target_type} {self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            msg = "The exempt access log is append-only."
            raise ValueError(msg)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        msg = "The exempt access log is append-only."
        raise ValueError(msg)

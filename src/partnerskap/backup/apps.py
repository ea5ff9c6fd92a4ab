from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """``partnerskap backup`` and ``partnerskap restore``: commands for operators, no models,
    no web pages (docs/operations.md, «Backup and restore»)."""

    name = "partnerskap.backup"
    label = "backup"
    verbose_name = _("Backup")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (L10): export, erasure and retention, per data subject."""

    name = "partnerskap.privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        # The built-in providers of «what is held»; other apps register theirs in their own
        # ``ready()`` (see ``partnerskap.privacy.registry``).
        from partnerskap.privacy import audit_texts, providers, tasks  # noqa: F401, PLC0415

        audit_texts.register()

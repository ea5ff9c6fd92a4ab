from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The secretariats' daily digest (issue 18, point 3)."""

    name = "partnerskap.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from partnerskap.reminders import audit_texts, tasks  # noqa: F401, PLC0415

        audit_texts.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "partnerskap.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from partnerskap.reports import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

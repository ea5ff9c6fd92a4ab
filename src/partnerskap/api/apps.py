from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "partnerskap.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from partnerskap.api import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

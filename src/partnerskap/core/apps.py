from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partnerskap.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from partnerskap.core import audit_texts, params  # noqa: PLC0415

        params.register()
        audit_texts.register()

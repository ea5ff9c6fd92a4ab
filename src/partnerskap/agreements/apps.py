from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "partnerskap.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from partnerskap.agreements import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

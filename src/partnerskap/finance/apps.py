from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "partnerskap.finance"
    label = "finance"
    verbose_name = _("Costs and budgets")

    def ready(self) -> None:
        from partnerskap.finance import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

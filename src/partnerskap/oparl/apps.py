from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    name = "partnerskap.oparl"
    label = "oparl"
    verbose_name = _("OParl")

    def ready(self) -> None:
        from partnerskap.core import deletions  # noqa: PLC0415 - apps are ready only now
        from partnerskap.oparl.deletions import RULES, record_deletion  # noqa: PLC0415

        for model in RULES:
            deletions.register(model, record_deletion)

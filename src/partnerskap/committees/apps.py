from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "partnerskap.committees"
    label = "committees"
    verbose_name = _("Temporary committees")

    def ready(self) -> None:
        from partnerskap.committees import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

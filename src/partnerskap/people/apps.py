from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "partnerskap.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from partnerskap.people import audit_texts  # noqa: PLC0415 - apps are ready only now

        audit_texts.register()

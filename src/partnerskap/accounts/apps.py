from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partnerskap.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from partnerskap.accounts import audit_texts, signals  # noqa: F401, PLC0415 - connects the receivers

        audit_texts.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "partnerskap.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from partnerskap.archive import audit_texts, tasks  # noqa: PLC0415 - the app registry must be ready
        from partnerskap.core import events  # noqa: PLC0415

        events.subscribe("archive.export_requested", tasks.write_export)
        audit_texts.register()

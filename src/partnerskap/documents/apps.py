from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "partnerskap.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from partnerskap.core import events  # noqa: PLC0415 - apps are ready only now
        from partnerskap.documents import audit_texts, tasks  # noqa: PLC0415

        audit_texts.register()

        events.subscribe("meetings.notice_published", tasks.render_notice)
        events.subscribe("meetings.minutes_approved", tasks.render_minutes)
        events.subscribe("documents.text_pending", tasks.extract_text)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "partnerskap.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from partnerskap.core import events  # noqa: PLC0415 - apps are ready only now
        from partnerskap.meetings import tasks  # noqa: PLC0415

        events.subscribe("meetings.notice_published", tasks.mail_notice)
        events.subscribe("meetings.guest_invited", tasks.mail_guest)
        events.subscribe("meetings.request_created", tasks.mail_request)

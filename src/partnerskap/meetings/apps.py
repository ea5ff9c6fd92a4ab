from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "partnerskap.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from partnerskap.core import events, labels  # noqa: PLC0415 - apps are ready only now
        from partnerskap.meetings import audit_texts, tasks  # noqa: PLC0415
        from partnerskap.meetings.models import (  # noqa: PLC0415
            AgendaItem,
            Attendance,
            Meeting,
            PersonalLink,
            Vote,
        )

        labels.register(
            meeting_status=Meeting.Status,
            meeting_form=Meeting.Form,
            chair_reason=Meeting.ChairReason,
            item_kind=AgendaItem.Kind,
            outcome=AgendaItem.Outcome,
            vote=Vote.Choice,
            capacity=Attendance.Capacity,
            link_purpose=PersonalLink.Purpose,
        )
        audit_texts.register()

        events.subscribe("meetings.notice_published", tasks.mail_notice)
        events.subscribe("meetings.guest_invited", tasks.mail_guest)
        events.subscribe("meetings.meeting_cancelled", tasks.mail_cancellation)
        events.subscribe("meetings.request_created", tasks.mail_request)
        events.subscribe("meetings.substitute_asked", tasks.mail_substitute_request)
        events.subscribe("meetings.substitute_accepted", tasks.mail_substitute_accepted)
        events.subscribe("meetings.substitute_called_in", tasks.mail_substitute_called_in)
        events.subscribe("meetings.substitutes_used_up", tasks.mail_substitutes_used_up)

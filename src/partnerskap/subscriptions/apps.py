from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """Public e-mail subscriptions (issue 18, point 4): anyone may follow a partnership, a
    cooperation area or a proposal by e-mail, with double opt-in and one-click unsubscribe."""

    name = "partnerskap.subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self) -> None:
        from partnerskap.core import events  # noqa: PLC0415 - apps are ready only now
        from partnerskap.privacy import registry  # noqa: PLC0415
        from partnerskap.subscriptions import audit_texts, privacy, tasks  # noqa: PLC0415

        audit_texts.register()
        registry.register(privacy.SubscriptionProvider())
        events.subscribe("meetings.notice_published", tasks.subscribers_notice)
        events.subscribe("meetings.meeting_cancelled", tasks.subscribers_cancellation)
        events.subscribe("meetings.minutes_approved", tasks.subscribers_minutes)
        events.subscribe("followup.proposal_changed", tasks.subscribers_outcome)

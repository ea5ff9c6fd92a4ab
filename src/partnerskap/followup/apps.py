from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "partnerskap.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from partnerskap.core import labels  # noqa: PLC0415 - apps are ready only now
        from partnerskap.followup import audit_texts  # noqa: PLC0415
        from partnerskap.followup.models import FollowUp, Proposal  # noqa: PLC0415

        labels.register(follow_up=FollowUp.Status, amendment=Proposal.AmendmentState)
        audit_texts.register()

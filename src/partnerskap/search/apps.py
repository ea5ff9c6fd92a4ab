from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "partnerskap.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from partnerskap.core import events  # noqa: PLC0415 - apps are ready only now
        from partnerskap.search import tasks  # noqa: PLC0415

        events.subscribe("meetings.meeting_changed", tasks.index_meeting)
        events.subscribe("followup.proposal_changed", tasks.index_proposal)
        events.subscribe("documents.document_changed", tasks.index_document)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "partnerskap.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from partnerskap.documents.signals import document_changed  # noqa: PLC0415
        from partnerskap.search import hooks  # noqa: PLC0415

        document_changed.connect(hooks.document_changed, dispatch_uid="search.document_changed")

"""«Arkivuttrekk» in the admin (operators only): ask for a Noark 5 extraction of a partnership's
period, see the job's status, download the zip when it is done. Every request and download is
audited (``archive.services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partnerskap.archive import services
from partnerskap.archive.models import ArchiveExport


class ArchiveExportForm(forms.ModelForm[ArchiveExport]):
    class Meta:
        model = ArchiveExport
        fields = ["partnership", "period_start", "period_end"]


@admin.register(ArchiveExport)
class ArchiveExportAdmin(admin.ModelAdmin[ArchiveExport]):
    form = ArchiveExportForm
    list_display = [
        "__str__",
        "status",
        "download",
        "requested_by",
        "requested_at",
        "finished_at",
        "size",
    ]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership", "requested_by"]
    readonly_fields = [
        "partnership",
        "period_start",
        "period_end",
        "status",
        "requested_by",
        "requested_at",
        "finished_at",
        "size",
        "sha256",
        "summary",
        "error",
        "download",
    ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Django's «Legg til ny %(name)s» does not fit a neuter noun; say what the page does.
        context = {**(extra_context or {}), "title": _("Order a new archive extraction")}
        return super().add_view(request, form_url, context)

    def get_readonly_fields(self, request: HttpRequest, obj: ArchiveExport | None = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: ArchiveExport | None = None) -> Any:
        return self.readonly_fields if obj is not None else ArchiveExportForm.Meta.fields

    def has_change_permission(self, request: HttpRequest, obj: ArchiveExport | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ArchiveExport | None = None) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: ArchiveExport,
        form: Any,
        change: bool,  # noqa: FBT001
    ) -> None:
        made = services.archive_export_request(
            partnership=obj.partnership,
            period_start=obj.period_start,
            period_end=obj.period_end,
            actor=request.user if isinstance(request.user, User) else None,
        )
        obj.pk = made.pk
        obj.requested_at = made.requested_at

    @admin.display(description=_("download"))
    def download(self, obj: ArchiveExport) -> str:
        if obj.status != ArchiveExport.Status.DONE:
            return "–"
        url = reverse("admin:archive_archiveexport_download", kwargs={"pk": obj.pk})
        return format_html('<a href="{}" download>{}</a>', url, _("Download (zip)"))

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<id:pk>/download/",
            self.admin_site.admin_view(self.download_view),
            name="archive_archiveexport_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        export = ArchiveExport.objects.select_related("partnership").filter(pk=pk).first()
        if export is None or not self.has_view_permission(request, export):
            raise Http404
        zipped = services.archive_export_open(
            export=export, actor=request.user if isinstance(request.user, User) else None
        )
        if zipped is None:
            raise Http404
        return FileResponse(zipped, as_attachment=True, filename=services.download_name(export))

"""Documents in the admin (the first back office). Uploads, new versions, exemptions and public
variants go through the services in the form's ``clean()`` (``ServiceModelForm``), so a refused
upload is an error on the form and nothing is stored. Files and their text extraction are shown
read-only; a failed extraction can be retried."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.core.errors import DomainError
from partnerskap.documents import services
from partnerskap.documents.models import OWNER_FIELDS, Document, DocumentFile

Status = DocumentFile.TextStatus


class DocumentForm(ServiceModelForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPEG. On an existing document: a new version."),
    )
    public_file = forms.FileField(
        label=_("Public (redacted) variant"),
        required=False,
        help_text=_("For an exempt document: the copy the public may read."),
    )
    withdraw_public_file = forms.BooleanField(
        label=_("Withdraw the public variant"), required=False
    )

    class Meta:
        model = Document
        fields = [
            *OWNER_FIELDS,
            "partnership",
            "title",
            "document_type",
            "document_date",
            "legal_basis",
            "public_title",
            "archive_reference",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "partnership" in self.fields:
            self.fields["partnership"].required = False
            self.fields["partnership"].help_text = _(
                "Only for a version of a general part shared by several partnerships."
            )

    def run_service(self) -> Document:
        data = self.cleaned_data
        user = self.request.user
        if self.instance.pk:
            document = services.document_update(
                document=self.instance,
                title=data["title"],
                document_type=data["document_type"],
                document_date=data["document_date"],
                legal_basis=data["legal_basis"],
                public_title=data["public_title"],
                archive_reference=data["archive_reference"],
                actor=user,
            )
            if data.get("file"):
                services.document_version_add(
                    document=document,
                    content=data["file"],
                    public_content=data.get("public_file") or None,
                    actor=user,
                )
            elif data.get("public_file"):
                services.document_public_variant_set(
                    document=document, content=data["public_file"], actor=user
                )
            elif data.get("withdraw_public_file"):
                services.document_public_variant_set(document=document, content=None, actor=user)
            return document
        owners = [data[name] for name in OWNER_FIELDS if data.get(name)]
        if len(owners) != 1:
            raise DomainError(
                "documents.owner.one",
                _(
                    "Choose exactly one of agenda item, meeting, proposal, committee or "
                    "agreement version for the document to belong to."
                ),
            )
        if not data.get("file"):
            raise DomainError("documents.file_required", _("Choose the file."), field="file")
        return services.document_upload(
            owner=owners[0],
            partnership=data.get("partnership"),
            title=data["title"],
            document_type=data["document_type"],
            document_date=data["document_date"],
            content=data["file"],
            legal_basis=data["legal_basis"],
            public_title=data["public_title"],
            public_content=data.get("public_file") or None,
            archive_reference=data["archive_reference"],
            actor=user,
        )


class FileInline(ReadOnlyInline):
    model = DocumentFile
    fields = [
        "version",
        "variant",
        "download",
        "kind",
        "readable_size",
        "pdfa",
        "text_status",
        "text_error",
    ]
    show_change_link = False

    @admin.display(description=_("file"))
    def download(self, obj: DocumentFile) -> str:
        url = reverse("documents:file", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.filename)

    @admin.display(description=_("size"))
    def readable_size(self, obj: DocumentFile) -> str:
        return str(filesizeformat(obj.size))

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentFile]:
        return super().get_queryset(request).defer("text")


@admin.register(Document)
class DocumentAdmin(ServiceModelAdmin):
    form = DocumentForm
    list_display = [
        "title",
        "document_type",
        "document_date",
        "owner_display",
        "legal_basis",
        "generated",
        "text_state",
    ]
    list_filter = [
        "document_type",
        "generated",
        ("legal_basis", admin.RelatedOnlyFieldListFilter),
        "partnership",
        "files__text_status",
    ]
    search_fields = ["title", "public_title", "archive_reference"]
    date_hierarchy = "document_date"
    raw_id_fields = list(OWNER_FIELDS)
    list_select_related = ["legal_basis", "item", "meeting", "proposal", "committee"]
    inlines = [FileInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is not None:
            return [f for f in fields if f not in (*OWNER_FIELDS, "partnership")]
        return [f for f in fields if f != "withdraw_public_file"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.generated:
            return [f.name for f in Document._meta.fields if f.name != "id"]
        return []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.generated:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the archive keeps documents (L9)

    @admin.display(description=_("belongs to"))
    def owner_display(self, obj: Document) -> str:
        return str(obj.owner)

    @admin.display(description=_("text extraction"))
    def text_state(self, obj: Document) -> str:
        statuses = {f.text_status for f in obj.files.all()}
        for status in (Status.FAILED, Status.PENDING, Status.DONE):
            if status in statuses:
                return str(Status(status).label)
        return str(Status.NONE.label)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        files = DocumentFile.objects.only("document_id", "text_status")
        return super().get_queryset(request).prefetch_related(Prefetch("files", queryset=files))


@admin.register(DocumentFile)
class DocumentFileAdmin(admin.ModelAdmin[DocumentFile]):
    """Every stored file, with its text extraction: failures are listed here for the
    operators, with the error, and can be retried."""

    list_display = [
        "filename",
        "document",
        "version",
        "variant",
        "kind",
        "size",
        "text_status",
        "text_extracted_at",
    ]
    list_filter = ["text_status", "kind", "variant", "pdfa"]
    search_fields = ["filename", "document__title", "sha256"]
    list_select_related = ["document"]
    readonly_fields = [
        "document",
        "version",
        "variant",
        "kind",
        "content_type",
        "filename",
        "size",
        "sha256",
        "pdfa",
        "source_fingerprint",
        "text_status",
        "text_error",
        "text_extracted_at",
        "created",
        "created_by",
    ]
    exclude = ["text"]
    actions = [
        service_action(
            name="retry_text_extraction",
            description=_("Retry the text extraction"),
            service=lambda f, r, _d: services.document_file_retry_extraction(file=f, actor=r.user),
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentFile]:
        return super().get_queryset(request).defer("text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

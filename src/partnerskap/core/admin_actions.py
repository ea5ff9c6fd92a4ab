"""Admin actions that run a service per selected object, optionally after asking for input
on an intermediate page. A domain error becomes an error message naming the object; other
objects are unaffected (each service call is its own transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from partnerskap.core import audit, deletions
from partnerskap.core.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Service = Callable[[Any, HttpRequest, dict[str, Any]], object]


def service_action(
    *,
    name: str,
    description: StrOrPromise,
    service: Service,
    form_class: type[forms.Form] | None = None,
    form_kwargs: Callable[[QuerySet[Any]], dict[str, Any]] | None = None,
) -> Callable[..., HttpResponse | None]:
    """Build an admin action calling ``service(obj, request, cleaned_data)`` for each object."""

    def action(
        modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        data: dict[str, Any] = {}
        if form_class is not None:
            kwargs = form_kwargs(queryset) if form_kwargs else {}
            form = form_class(request.POST if "apply" in request.POST else None, **kwargs)
            if not form.is_valid():
                context = {
                    **modeladmin.admin_site.each_context(request),
                    "title": description,
                    "form": form,
                    "objects": queryset,
                    "action": name,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "opts": modeladmin.model._meta,
                }
                return TemplateResponse(request, "admin/partnerskap/action_form.html", context)
            data = form.cleaned_data
        done = 0
        for obj in queryset:
            try:
                service(obj, request, data)
            except DomainError as exc:
                modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request, _("%(action)s: %(count)d done.") % {"action": description, "count": done}
            )
        return None

    action.__name__ = name
    action.short_description = description  # type: ignore[attr-defined]
    return action


class ServiceModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin form whose save is a service call. The service runs in ``clean()``, once the
    fields are valid, so a domain error is shown on the form next to its field; the admin's
    request transaction rolls everything back if anything later fails."""

    request: HttpRequest

    def run_service(self) -> Model:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not self.errors:
            try:
                with transaction.atomic():
                    self.result = self.run_service()
            except DomainError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, str(exc))
        return cleaned

    def _post_clean(self) -> None:
        """The service validates the model (``full_clean``); nothing to do here."""

    def save(self, commit: bool = True) -> Model:  # noqa: FBT001, FBT002 - Django's signature
        return self.result

    def save_m2m(self) -> None:
        """The service saved the relations too."""


class RecordDeletionMixin:
    """For admins of rows that another app keeps a trace of when they go (OParl's tombstones):
    a delete runs the registered recorders first, in its transaction (``core.deletions``)."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            deletions.record(obj)
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in list(queryset):
                deletions.record(obj)
            super().delete_queryset(request, queryset)  # type: ignore[misc]


class ServiceModelAdmin(RecordDeletionMixin, admin.ModelAdmin[Any]):
    """Adds and changes go through ``form.run_service``; nothing is saved twice. A delete (an
    operator's repair) records first (``RecordDeletionMixin``)."""

    def get_form(
        self,
        request: HttpRequest,
        obj: Any = None,
        change: bool = False,  # noqa: FBT001, FBT002 - Django's signature
        **kwargs: Any,
    ) -> type[forms.ModelForm]:  # type: ignore[type-arg]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type[Any]]:
        """Inlines show an existing object's parts; an add is one service call without them."""
        return list(self.inlines) if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:  # noqa: FBT001
        """Saved by the service in the form's ``clean()``."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:  # noqa: FBT001
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    """An inline that shows an object's parts; they change only through services."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [str(name) for name in self.fields or []]


class AuditedAdminMixin(RecordDeletionMixin):
    """For reference data that has no service (partnerships, parties, elected bodies, people,
    places): the admin's own save and delete, with an audit entry naming the operator and the
    changed fields, in the same transaction. A delete, also of an inline row, records first
    (``core.deletions``). Where a service exists, use ``ServiceModelAdmin``."""

    def _audit(self, action: str, request: HttpRequest, obj: Model, **data: Any) -> None:
        meta = obj._meta
        audit.record(
            f"admin.{meta.app_label}.{meta.model_name}.{action}",
            actor=request.user,
            target=obj,
            data=data,
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:  # noqa: FBT001
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self._audit("changed" if change else "added", request, obj, fields=form.changed_data)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:  # noqa: FBT001
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                self._audit("deleted", request, deleted.instance)
                deletions.record(deleted.instance)
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            self._audit("added", request, obj)
        for obj, fields in formset.changed_objects:
            self._audit("changed", request, obj, fields=fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit("deleted", request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit("deleted", request, obj)
            super().delete_queryset(request, queryset)

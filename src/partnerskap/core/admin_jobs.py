"""The operators' view of background jobs: every job with its status, attempts and last error,
and an action to run failed ones again (``core.jobs.job_retry``). Replaces django-tasks-db's
own read-only admin. Imported from ``core/admin.py``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult, get_date_max

from partnerskap.core import jobs
from partnerskap.core.jobs import JobRow

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(admin.ModelAdmin[JobRow]):
    list_display = ["task_path", "status", "attempts", "enqueued_at", "next_run", "error"]
    list_filter = ["status", "task_path"]
    search_fields = ["task_path", "exception_class_path"]
    ordering = ["-enqueued_at"]
    actions = ["retry"]
    readonly_fields = (
        "id",
        "task_path",
        "args_kwargs",
        "status",
        "attempts",
        "enqueued_at",
        "started_at",
        "finished_at",
        "next_run",
        "worker_ids",
        "exception_class_path",
        "formatted_traceback",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("attempts"))
    def attempts(self, obj: JobRow) -> str:
        return f"{len(obj.worker_ids)} / {jobs.attempts_of(obj.task_path)}"

    @admin.display(description=_("next run"))
    def next_run(self, obj: JobRow) -> object:
        if obj.status != jobs.Status.READY:
            return "–"
        return _("now") if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description=_("last error"))
    def error(self, obj: JobRow) -> str:
        lines = [line for line in obj.traceback.strip().splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: JobRow) -> SafeString | str:
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "–"

    @admin.action(description=_("Run the selected failed jobs again"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet[JobRow]) -> None:
        count = sum(jobs.job_retry(result=result) for result in queryset)
        self.message_user(
            request,
            ngettext("%(count)d job will run again.", "%(count)d jobs will run again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

"""The annual cycle (A12) in the admin: a draft from entry lines, adoption as an action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerskap.core.admin_actions import (
    ReadOnlyInline,
    ServiceModelAdmin,
    ServiceModelForm,
    service_action,
)
from partnerskap.meetings import models
from partnerskap.meetings.services import cycle


class AnnualCycleForm(ServiceModelForm):
    entry_lines = forms.CharField(
        label=_("Entries"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line: date; meeting or milestone; title — e.g. «2025-03-12; meeting; Vårmøte»."
        ),
    )

    class Meta:
        model = models.AnnualCycle
        fields = ["partnership", "year", "note"]

    def clean_entry_lines(self) -> list[cycle.CycleEntry]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["entry_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";", 2)]
            kinds = {
                "meeting": "meeting",
                "møte": "meeting",
                "milestone": "milestone",
                "milepæl": "milestone",
                "frist": "milestone",
            }
            try:
                day = dt.date.fromisoformat(parts[0])
                kind = kinds[parts[1].lower()]
                title = parts[2]
            except (ValueError, KeyError, IndexError):
                raise forms.ValidationError(
                    _("Line %(line)d is not «YYYY-MM-DD; meeting|milestone; title».")
                    % {"line": number}
                ) from None
            parsed.append(cycle.CycleEntry(kind=kind, date=day, title=title))
        return parsed

    def run_service(self) -> models.AnnualCycle:
        data = self.cleaned_data
        return cycle.annual_cycle_draft(
            partnership=data["partnership"],
            year=data["year"],
            entries=data["entry_lines"],
            note=data["note"],
            actor=self.request.user,
        )


class AdoptForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Procedural decision"),
        queryset=models.AgendaItem.objects.filter(
            kind=models.AgendaItem.Kind.PROCEDURAL,
            procedural_subject=models.AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
            outcome=models.AgendaItem.Outcome.PROCEDURAL,
            annual_cycle__isnull=True,
        ),
    )


class EntryInline(ReadOnlyInline):
    model = models.AnnualCycleEntry
    fields = ["date", "kind", "title", "meeting"]
    show_change_link = False


@admin.register(models.AnnualCycle)
class AnnualCycleAdmin(ServiceModelAdmin):
    form = AnnualCycleForm
    list_display = ["partnership", "year", "version", "adopted_on", "adopted_by"]
    list_filter = ["year", "partnership"]
    list_select_related = ["partnership", "adopted_by"]
    inlines = [EntryInline]
    actions = [
        service_action(
            name="adopt",
            description=_("Adopt by a procedural decision"),
            service=lambda c, r, d: cycle.annual_cycle_adopt(cycle=c, item=d["item"], actor=r.user),
            form_class=AdoptForm,
        )
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- minutes and places

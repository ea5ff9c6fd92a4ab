"""Forms for planning the year: draft a version of the annual cycle (A12) and adopt it by the
meeting's procedural decision. They only collect and clean input; the rules are in
``meetings.services.cycle``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.backoffice.forms import DATE
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry, Meeting


class CycleForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this version"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class EntryForm(forms.Form):
    """One meeting or milestone of the plan. The meeting choices are built once from a list, so
    a long plan costs no extra queries."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=AnnualCycleEntry.Kind.choices,
        initial=AnnualCycleEntry.Kind.MILESTONE,
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    meeting = forms.ChoiceField(label=_("Planned meeting"), required=False, choices=[])

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [  # type: ignore[attr-defined]
            ("", _("— none —")),
            *((str(m.pk), f"{m.date:%d.%m.%Y} {m.title}") for m in meetings),
        ]

    def clean_meeting(self) -> Meeting | None:
        return self._meetings.get(self.cleaned_data.get("meeting") or "")


EntryFormSet = forms.formset_factory(EntryForm, extra=3, can_delete=True)


class ItemChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An agenda item shown with its case number and meeting."""

    def label_from_instance(self, obj: Any) -> str:
        item: AgendaItem = obj
        return (
            f"{item.case_number} {item.title} ({item.meeting.title}, {item.meeting.date:%d.%m.%Y})"
        )


class AdoptForm(forms.Form):
    cycle = forms.IntegerField(widget=forms.HiddenInput)
    item = ItemChoiceField(
        label=_("Adopted under the procedural item"),
        queryset=AgendaItem.objects.none(),
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]

"""Forms for planning the year: draft a version of the annual cycle (A12), change or discard a
draft that awaits adoption, and adopt it by the meeting's procedural decision. They only collect
and clean input; the rules are in ``meetings.services.cycle``. The forms that act on a draft
carry its lock token (``annual_cycle_lock``), so a change made meanwhile is refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.backoffice.forms import DATE
from partnerskap.meetings.models import AgendaItem, AnnualCycle, AnnualCycleEntry, Meeting


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


class DraftForm(forms.Form):
    """Names the draft a form acts on, as the user read it."""

    cycle = forms.IntegerField(widget=forms.HiddenInput)
    lock = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CycleEditForm(DraftForm, CycleForm):
    """The note of a draft being changed, with the draft's id and lock token."""


class EditEntryForm(EntryForm):
    """An entry of a draft being changed: a saved entry carries its id; a new one has none."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


EditEntryFormSet = forms.formset_factory(EditEntryForm, extra=3, can_delete=True)


class DiscardForm(DraftForm):
    confirm = forms.BooleanField(
        label=_("Yes, discard this draft and all its entries"),
        error_messages={"required": _("Tick the box to confirm that the draft is to go.")},
    )


class ItemChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An agenda item shown with its case number and meeting."""

    def label_from_instance(self, obj: Any) -> str:
        item: AgendaItem = obj
        return (
            f"{item.case_number} {item.title} ({item.meeting.title}, {item.meeting.date:%d.%m.%Y})"
        )


class AdoptForm(forms.Form):
    cycle = forms.IntegerField(widget=forms.HiddenInput)
    lock = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    item = ItemChoiceField(
        label=_("Adopted under the procedural item"),
        queryset=AgendaItem.objects.none(),
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


def entry_initial(cycle: AnnualCycle | None, *, with_ids: bool = False) -> list[dict[str, Any]]:
    """The entries formset's initial rows: ``cycle``'s entries (none without a cycle); with
    their ids when the formset changes that cycle rather than drafting a new one."""
    if cycle is None:
        return []
    return [
        {
            "kind": e.kind,
            "date": e.date,
            "title": e.title,
            "description": e.description,
            "meeting": str(e.meeting_id) if e.meeting_id else "",
            **({"id": e.pk} if with_ids else {}),
        }
        for e in cycle.entries.all()
    ]

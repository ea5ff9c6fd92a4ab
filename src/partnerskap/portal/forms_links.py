"""The forms of the personal link pages (``portal.views.links``). Items are offered as the
public sees them (``agenda_public``): a closed item by its neutral title (L3)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.meetings.selectors import PublicItem


def _choices(items: list[PublicItem]) -> list[tuple[int, str]]:
    return [(i.pk, f"{i.case_number} {i.title}") for i in items]


class ForfallForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Only for these items"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if you cannot attend any of the meeting."),
    )
    absent_from = forms.TimeField(
        label=_("Absent from (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Only if you come late or leave early, e.g. 12:00."),
    )
    absent_until = forms.TimeField(
        label=_("Absent until (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("E.g. illness, other public duties, travel. The secretariat sees it."),
    )

    def __init__(self, *args: Any, items: list[PublicItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = _choices(items)  # type: ignore[attr-defined]


class DisqualificationForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int)
    reason = forms.CharField(
        label=_("Why you may be disqualified"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("E.g. a close relative is a party to the case. The meeting decides."),
    )

    def __init__(self, *args: Any, items: list[PublicItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *_choices(items)]  # type: ignore[attr-defined]

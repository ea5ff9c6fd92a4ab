"""The form that renews a partnership into a new period (A18). It only collects and cleans the
choices; the rules are in ``followup.services.renewal`` (and the services it calls)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import CooperationArea
from partnerskap.agreements.services import RenewalText
from partnerskap.backoffice.forms import DATE
from partnerskap.committees.models import Committee
from partnerskap.followup.models import Proposal
from partnerskap.followup.services.renewal import RenewalPlan

#: The largest agreement text accepted (the importer reads the whole file).
MAX_TEXT_BYTES = 2 * 1024 * 1024


def _ids(values: list[str]) -> frozenset[int]:
    return frozenset(int(v) for v in values)


class RenewalForm(forms.Form):
    name = forms.CharField(label=_("Name of the new partnership"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address (slug)"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, used in the portal's addresses."),
    )
    period_start = forms.DateField(label=_("New period starts"), widget=DATE)
    period_end = forms.DateField(label=_("New period ends"), widget=DATE)
    text_file = forms.FileField(
        label=_("New special part (Markdown file)"),
        required=False,
        help_text=_(
            "Leave empty to start from a copy of the special part in force, to edit by "
            "amendments. A file brings its own cooperation areas."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Cooperation areas carried over (with the copied text)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    copy_cycle = forms.BooleanField(
        label=_("Copy the last adopted annual cycle as a draft for the first year"),
        required=False,
    )
    committees = forms.MultipleChoiceField(
        label=_("Committees continued in the new partnership (the others end with the period)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    proposals = forms.MultipleChoiceField(
        label=_("Open proposals carried over (the others stay with this partnership)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        areas: list[CooperationArea],
        committees: list[Committee],
        proposals: list[Proposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose("areas", [(a.slug, a.name) for a in areas])
        self._choose(
            "committees",
            [
                (str(c.pk), f"{c.name} ({c.starts_on:%d.%m.%Y}–{c.ends_on:%d.%m.%Y})")
                for c in committees
            ],
        )
        self._choose(
            "proposals", [(str(p.pk), f"{p.item.case_number}: {p.title}") for p in proposals]
        )

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        """Give a checkbox field its choices; a field with nothing to choose is left out."""
        field = self.fields[name]
        if not choices:
            del self.fields[name]
        elif isinstance(field, forms.MultipleChoiceField):
            field.choices = choices

    def clean_text_file(self) -> UploadedFile[Any] | None:
        upload: UploadedFile[Any] | None = self.cleaned_data.get("text_file")
        if upload is not None and (upload.size or 0) > MAX_TEXT_BYTES:
            raise forms.ValidationError(_("The file is too large for an agreement text."))
        return upload

    def plan(self) -> RenewalPlan:
        data = self.cleaned_data
        upload: UploadedFile[Any] | None = data.get("text_file")
        start: dt.date = data["period_start"]
        return RenewalPlan(
            name=data["name"],
            slug=data["slug"],
            period_start=start,
            period_end=data["period_end"],
            text=RenewalText(
                data=None if upload is None else upload.read(),
                source_name="" if upload is None else (upload.name or ""),
                area_slugs=frozenset(data["areas"]) if "areas" in self.fields else None,
            ),
            copy_cycle=data["copy_cycle"],
            committees_continued=_ids(data.get("committees", [])),
            proposals_carried=_ids(data.get("proposals", [])),
        )

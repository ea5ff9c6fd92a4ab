"""Forms of the agenda item screen: editing an item (with its lock version) and attaching
documents. Services do the checking; these only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import CooperationArea, Party, SustainableDevelopmentGoal
from partnerskap.core import time
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.meetings.models import Vote


class ItemEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    areas = forms.ModelMultipleChoiceField(
        label=_("Cooperation areas"),
        queryset=CooperationArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    case_presentation = forms.CharField(
        label=_("Case presentation"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    recommendation = forms.CharField(
        label=_("Recommended outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, areas: QuerySet[CooperationArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    document_type = forms.ChoiceField(label=_("Document type"), choices=Document.Type.choices)
    document_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=time.today
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg"}),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Exempt from public access under"),
        queryset=LegalBasis.objects.filter(applies_to=LegalBasis.AppliesTo.DOCUMENT, active=True),
        required=False,
        empty_label=_("Not exempt (public)"),
    )
    public_title = forms.CharField(
        label=_("Neutral public title"),
        max_length=300,
        required=False,
        help_text=_("For an exempt document whose title would reveal what is exempt."),
    )
    public_file = forms.FileField(
        label=_("Public (redacted) version"),
        required=False,
        help_text=_("Only for an exempt document."),
    )


class VoteForm(forms.Form):
    """One motion and how each party voted on it; a party left blank is not recorded."""

    motion = forms.CharField(
        label=_("Motion"),
        max_length=300,
        help_text=_(
            "The motion as put to the vote, e.g. «The recommendation» or a named proposal."
        ),
    )

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            self.fields[f"party_{party.pk}"] = forms.ChoiceField(
                label=str(party),
                choices=[("", _("not recorded")), *Vote.Choice.choices],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"party_{p.pk}") for p in self.parties):
            raise forms.ValidationError(_("Choose how at least one party voted."))
        return data

    def choices(self) -> list[tuple[Party, str]]:
        return [
            (p, self.cleaned_data[f"party_{p.pk}"])
            for p in self.parties
            if self.cleaned_data.get(f"party_{p.pk}")
        ]

"""Forms of the agenda item screen: editing an item (with its lock version) and attaching
documents. Services do the checking; these only parse."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import CooperationArea, Party, SustainableDevelopmentGoal
from partnerskap.core import time
from partnerskap.core.errors import DomainError
from partnerskap.core.models import LegalBasis
from partnerskap.documents.models import Document
from partnerskap.meetings.models import AgendaItem, Vote


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


class IndividualCaseConfirmation(forms.Form):
    """A text that reads as a decision in an individual case is saved only when the user
    confirms it is not one and says why (A9). The two fields appear once the service asked
    for them (``ask_confirmation``) and stay while they are posted."""

    CONFIRM_FIELDS = ("confirm_individual_case", "confirmed_reason")

    confirm_individual_case = forms.BooleanField(
        label=_("I confirm that this is no decision in an individual case"), required=False
    )
    confirmed_reason = forms.CharField(
        label=_("Why it is no such decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_(
            "E.g. «the meeting recommends; the county council decides the grant». The reason "
            "is kept with the text."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(self.add_prefix(name) in self.data for name in self.CONFIRM_FIELDS):
            for name in self.CONFIRM_FIELDS:
                del self.fields[name]

    @property
    def asks_confirmation(self) -> bool:
        return "confirmed_reason" in self.fields

    def ask_confirmation(self, exc: DomainError) -> None:
        """Show the confirmation, with the service's warning next to the reason."""
        for name in self.CONFIRM_FIELDS:
            self.fields.setdefault(name, copy.deepcopy(self.base_fields[name]))
        self.add_error("confirmed_reason", str(exc))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.asks_confirmation:
            ticked = data.get("confirm_individual_case")
            reason = (data.get("confirmed_reason") or "").strip()
            if ticked and not reason:
                self.add_error(
                    "confirmed_reason", _("Say why it is no decision in an individual case.")
                )
            elif reason and not ticked:
                self.add_error(
                    "confirm_individual_case", _("Tick the box to confirm, or clear the reason.")
                )
        return data

    def reason_confirmed(self) -> str:
        """The reason to pass to the service: empty unless confirmed."""
        return confirmed_reason_of(self.cleaned_data)


def confirmed_reason_of(data: Mapping[str, Any]) -> str:
    """From an ``IndividualCaseConfirmation``'s cleaned data, the reason to pass to the
    service (A9): empty unless the box is ticked."""
    if not data.get("confirm_individual_case"):
        return ""
    return str(data.get("confirmed_reason") or "").strip()


class ItemOutcomeForm(IndividualCaseConfirmation):
    """The outcome of an item, recorded on the item's page."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in AgendaItem.Outcome.choices if c[0]]
    )
    outcome_text = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    field_order = ["outcome", "outcome_text", *IndividualCaseConfirmation.CONFIRM_FIELDS]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the item is opened again"),
        max_length=500,
        required=False,
        help_text=_("Needed once the notice is published."),
    )


class ItemCloseForm(forms.Form):
    """Close the item on a legal basis from the maintained list (L3), listed by its paragraph
    and plain name."""

    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"),
        queryset=LegalBasis.objects.filter(applies_to=LegalBasis.AppliesTo.MEETING, active=True),
    )
    public_title = forms.CharField(
        label=_("Neutral public title"),
        max_length=300,
        help_text=_("Shown to the public instead of the item's title."),
    )

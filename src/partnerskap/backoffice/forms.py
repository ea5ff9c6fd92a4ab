"""Forms for the back office. They only collect and clean input; every rule is in a service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import (
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.backoffice.forms_items import IndividualCaseConfirmation
from partnerskap.core.models import LegalBasis
from partnerskap.meetings.models import (
    AgendaItem,
    GuestInvitation,
    Location,
    Meeting,
    MeetingRequest,
    Vote,
)
from partnerskap.people.models import Person

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _LoadedChoices(ModelChoiceIterator[Any]):
    """A model choice field's choices from one plain query, kept on the field for the form's
    life. Django's own iterator counts the rows and then streams them (a server-side cursor on
    PostgreSQL) every time the field is rendered or its choices are listed: a form rendered
    once per agenda item paid two queries per item."""

    def __iter__(self) -> Iterator[tuple[ModelChoiceIteratorValue | str, str]]:
        if self.field.empty_label is not None:
            yield ("", str(self.field.empty_label))
        for obj in self.queryset:  # fills the queryset's cache: later renderings reuse it
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.queryset) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.queryset)


class LoadedModelChoiceField(forms.ModelChoiceField[Any]):
    iterator = _LoadedChoices


class LoadedModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    iterator = _LoadedChoices


class MeetingForm(forms.Form):
    partnership = LoadedModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    location = LoadedModelChoiceField(
        label=_("Place"), queryset=Location.objects.all(), required=False
    )
    form = forms.ChoiceField(label=_("Form"), choices=Meeting.Form.choices)
    request = LoadedModelChoiceField(
        label=_("Convened for a party's request"),
        queryset=MeetingRequest.objects.none(),
        required=False,
        help_text=_("An open request for an extra meeting that this meeting answers."),
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        self.fields["request"].queryset = MeetingRequest.objects.filter(  # type: ignore[attr-defined]
            partnership__in=partnerships, meeting__isnull=True
        )


class MeetingEditForm(forms.Form):
    """Time, place and form of a meeting not yet held (``meeting_reschedule``)."""

    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    location = LoadedModelChoiceField(
        label=_("Place"), queryset=Location.objects.all(), required=False
    )
    form = forms.ChoiceField(label=_("Form"), choices=Meeting.Form.choices)
    reason = forms.CharField(
        label=_("What changed and why"),
        max_length=500,
        required=False,
        help_text=_(
            "When the notice is published it is issued again, and everyone who got it is told "
            "by e-mail with this text."
        ),
    )


class ElectChairForm(forms.Form):
    """The chair the meeting elected (L6), among those recorded as attending."""

    person = LoadedModelChoiceField(
        label=_("Elected chair"), queryset=Person.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    procedural_subject = forms.ChoiceField(
        label=_("Procedural decision about"),
        choices=AgendaItem.ProceduralSubject.choices,
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    areas = LoadedModelMultipleChoiceField(
        label=_("Cooperation areas"),
        queryset=CooperationArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdgs = LoadedModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    case_presentation = forms.CharField(
        label=_("Case presentation"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    recommendation = forms.CharField(
        label=_("Recommended outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CloseForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    legal_basis = LoadedModelChoiceField(
        label=_("Legal basis"),
        queryset=LegalBasis.objects.filter(applies_to=LegalBasis.AppliesTo.MEETING, active=True),
    )
    public_title = forms.CharField(label=_("Neutral public title"), max_length=300)


class OutcomeForm(IndividualCaseConfirmation):
    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in AgendaItem.Outcome.choices if c[0]]
    )
    outcome_text = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    field_order = ["item", "outcome", "outcome_text", *IndividualCaseConfirmation.CONFIRM_FIELDS]


class MoveForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class AbsenceForm(forms.Form):
    person = LoadedModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class SubstituteForm(forms.Form):
    substitute = LoadedModelChoiceField(label=_("Substitute"), queryset=Person.objects.none())
    for_person = LoadedModelChoiceField(label=_("For"), queryset=Person.objects.none())

    def __init__(self, *args: Any, substitutes: Any, absent: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = substitutes  # type: ignore[attr-defined]
        self.fields["for_person"].queryset = absent  # type: ignore[attr-defined]


class GuestForm(forms.Form):
    """A guest invited on behalf of one of the user's own parties (A13): ``parties`` are those
    the user acts for (``policy.parties_acted_for``); the service refuses any other."""

    guest_name = forms.CharField(label=_("Guest"), max_length=200)
    guest_role = forms.CharField(label=_("Role or title"), max_length=200)
    guest_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional: the guest then gets the notice and its calendar invitation."),
    )
    guest_kind = forms.ChoiceField(label=_("Kind"), choices=GuestInvitation.GuestKind.choices)
    inviting_party = LoadedModelChoiceField(
        label=_("Invited by"),
        queryset=Party.objects.none(),
        help_text=_("A party invites its own guests; the other party is told at once."),
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inviting_party"].queryset = parties  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    present = LoadedModelMultipleChoiceField(
        label=_("Present"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args: Any, people: Any, labels: dict[int, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = people  # type: ignore[attr-defined]
        if labels:  # e.g. «Mari Storli (substitute for Jonas Eikeland)»
            field.label_from_instance = lambda p: labels.get(p.pk, str(p))  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    motion = forms.CharField(label=_("Motion"), max_length=300)
    party = LoadedModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    choice = forms.ChoiceField(label=_("Vote"), choices=Vote.Choice.choices)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    on = forms.DateField(label=_("Date"), widget=DATE)
    body_meeting_date = forms.DateField(
        label=_("The body's meeting date"), widget=DATE, required=False
    )
    body_case_number = forms.CharField(
        label=_("The body's case number"), max_length=50, required=False
    )
    decision_text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_url = forms.URLField(
        label=_("Link to the body's record"), required=False, assume_scheme="https"
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, statuses: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]


class ProposalForm(IndividualCaseConfirmation):
    """A proposal to the parties' bodies; its title and text are checked for what reads as a
    decision in an individual case (A9), which the user confirms with a reason."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Proposal text"), widget=forms.Textarea(attrs={"rows": 4}))
    bodies = LoadedModelMultipleChoiceField(
        label=_("Send to"), queryset=ElectedBody.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    field_order = [
        "item",
        "title",
        "text",
        "bodies",
        "sent_on",
        *IndividualCaseConfirmation.CONFIRM_FIELDS,
    ]

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies  # type: ignore[attr-defined]

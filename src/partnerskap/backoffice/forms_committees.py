"""Forms for temporary committees (A11): establish one under the meeting's procedural decision,
record its report and dissolve it. They only collect and clean input; the rules are in
``committees.services``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import (
    CooperationArea,
    Party,
    SustainableDevelopmentGoal,
)
from partnerskap.backoffice.forms import DATE
from partnerskap.backoffice.forms_year import ItemChoiceField
from partnerskap.committees.models import CommitteeMembership
from partnerskap.committees.services import Member, NewMember
from partnerskap.meetings.models import AgendaItem
from partnerskap.people.models import Person

STATUS_CHOICES = [
    ("", _("All")),
    ("active", _("Active")),
    ("ended", _("Ended or dissolved")),
    ("overdue", _("Past its end without a report")),
]


class CommitteeForm(forms.Form):
    item = ItemChoiceField(
        label=_("Set up by the procedural decision under"), queryset=AgendaItem.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    task = forms.CharField(label=_("Task or question"), widget=forms.Textarea(attrs={"rows": 3}))
    mandate = forms.CharField(label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 5}))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
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

    def __init__(self, *args: Any, items: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data


class MemberForm(forms.Form):
    """One member: a person sitting for one of the partnership's parties, and their role. The
    choices are built once from a list, so many rows cost no extra queries."""

    member = forms.ChoiceField(label=_("Person and party"), choices=[])
    role = forms.ChoiceField(
        label=_("Role in the committee"),
        choices=CommitteeMembership.Role.choices,
        initial=CommitteeMembership.Role.MEMBER,
    )

    def __init__(
        self, *args: Any, candidates: Sequence[tuple[Person, Party]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._candidates = {
            f"{person.pk}:{party.pk}": (person, party) for person, party in candidates
        }
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", _("— choose —")),
            *((key, f"{person} ({party})") for key, (person, party) in self._candidates.items()),
        ]

    def as_member(self) -> Member:
        person, party = self._candidates[self.cleaned_data["member"]]
        return Member(person, party, self.cleaned_data["role"])


class BaseMemberFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        chosen = [f.cleaned_data.get("member") for f in self.forms if f.cleaned_data]
        people = [key.split(":")[0] for key in chosen if key]
        if len(people) != len(set(people)):
            raise forms.ValidationError(_("Name each person only once."))


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=6)

#: The «party» choice of a member from outside the parties: sits for no party.
EXTERNAL = "external"


class NewMemberForm(forms.Form):
    """A member from outside the parties' roles (A11): an expert, or another elected
    representative. Only the name and the organisation are kept (L10)."""

    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("E.g. «NIBIO» or «Asker kommunestyre»."),
    )
    sits_for = forms.ChoiceField(label=_("Sits for"), choices=[])
    role = forms.ChoiceField(
        label=_("Role in the committee"),
        choices=CommitteeMembership.Role.choices,
        initial=CommitteeMembership.Role.MEMBER,
    )

    def __init__(self, *args: Any, parties: Sequence[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parties = {str(p.pk): p for p in parties}
        self.fields["sits_for"].choices = [  # type: ignore[attr-defined]
            (EXTERNAL, _("External (no party)")),
            *((key, party.name) for key, party in self._parties.items()),
        ]

    @property
    def named(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("given_name") or data.get("family_name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given, family = data.get("given_name"), data.get("family_name")
        if (given or family) and not (given and family):
            self.add_error(
                "family_name" if given else "given_name",
                _("Give both the given name and the family name."),
            )
        return data

    def as_new_member(self) -> NewMember:
        data = self.cleaned_data
        return NewMember(
            given_name=data["given_name"],
            family_name=data["family_name"],
            organisation=data["organisation"],
            party=self._parties.get(data["sits_for"]),
            role=data["role"],
        )


NewMemberFormSet = forms.formset_factory(NewMemberForm, extra=2)


class ReportForm(forms.Form):
    item = ItemChoiceField(
        label=_("Reported to the meeting under"), queryset=AgendaItem.objects.none()
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    is_final = forms.BooleanField(label=_("Final report"), required=False, initial=True)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Dissolved on"), widget=DATE)
    item = ItemChoiceField(
        label=_("By the procedural decision under (needed before the end date)"),
        queryset=AgendaItem.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]

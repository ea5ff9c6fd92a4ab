"""Forms for people, their roles, the parties' elected bodies and the places of meetings. They
only collect and clean input; the rules are in ``people.services``, ``agreements.services``
and ``meetings.services.places``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.backoffice.forms import DATE, LoadedModelChoiceField
from partnerskap.people.models import Membership, Role


class PersonForm(forms.Form):
    """Only what the work needs (L10): a name, a work e-mail address and a title."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    email = forms.EmailField(
        label=_("Work e-mail"),
        required=False,
        help_text=_("For notices and sign-in; a work address, not a private one."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("E.g. «ordfører i Asker»."),
    )


class MembershipForm(forms.Form):
    """A role with a party for a period."""

    party = LoadedModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(
        label=_("Valid to"), widget=DATE, required=False, help_text=_("Empty: until ended.")
    )
    substitute_order = forms.IntegerField(
        label=_("Order among the substitutes"),
        min_value=1,
        required=False,
        help_text=_("Only for substitutes: 1 is called in first. Empty: last."),
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("valid_from"), data.get("valid_to")
        if starts and ends and ends < starts:
            self.add_error("valid_to", _("The end date comes before the start date."))
        if data.get("role") != Role.SUBSTITUTE and data.get("substitute_order"):
            self.add_error("substitute_order", _("Only substitutes have an order; leave it empty."))
        return data


class PersonRegisterForm(PersonForm, MembershipForm):
    """A new person with their first role: nobody is registered without a reason to be."""

    field_order = [
        "given_name",
        "family_name",
        "email",
        "title",
        "party",
        "role",
        "valid_from",
        "valid_to",
        "substitute_order",
    ]


class MembershipEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day in the role"), widget=DATE)


class SubstituteOrderForm(forms.Form):
    """One number per current substitute of a party; they are called in by those numbers."""

    def __init__(self, *args: Any, substitutes: Sequence[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.substitutes = list(substitutes)
        for position, membership in enumerate(self.substitutes, start=1):
            self.fields[f"order_{membership.pk}"] = forms.IntegerField(
                label=str(membership.person),
                min_value=1,
                max_value=len(self.substitutes),
                initial=membership.substitute_order or position,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        numbers = [data.get(f"order_{m.pk}") for m in self.substitutes]
        if None not in numbers and len(set(numbers)) != len(numbers):
            raise forms.ValidationError(_("Give each substitute a different number."))
        return data

    def ordered(self) -> list[Membership]:
        """The substitutes by the numbers given, first called in first."""
        return sorted(self.substitutes, key=lambda m: self.cleaned_data[f"order_{m.pk}"])


class BodyForm(forms.Form):
    party = LoadedModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of body"), choices=ElectedBody.Kind.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class BodyRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class BodyEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day of the body"), widget=DATE)


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. «Asker rådhus»."))
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. step-free entrance, hearing loop, accessible toilet."),
    )


class PartyCeaseForm(forms.Form):
    """A party ceases (A1): its last day, its successor, a successor for each council where a
    county was split, and which successor body takes over each of its bodies' follow-ups."""

    valid_to = forms.DateField(label=_("Last day of the party"), widget=DATE)
    successor = LoadedModelChoiceField(
        label=_("Successor"),
        queryset=Party.objects.none(),
        help_text=_("The party that acts in its seat in every partnership from the day after."),
    )

    def __init__(
        self,
        *args: Any,
        party: Party,
        councils: Sequence[Party],
        bodies: Sequence[ElectedBody],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        takers = Party.objects.filter(valid_to__isnull=True).exclude(pk=party.pk)
        self.fields["successor"].queryset = takers  # type: ignore[attr-defined]
        for council in councils:
            self.fields[f"council_{council.pk}"] = LoadedModelChoiceField(
                label=_("Successor in the partnership with %(council)s") % {"council": council},
                queryset=takers,
                required=False,
                help_text=_("Only where the party was split; empty: the successor above."),
            )
        others = ElectedBody.objects.filter(valid_to__isnull=True).exclude(party=party)
        for body in bodies:
            self.fields[f"body_{body.pk}"] = LoadedModelChoiceField(
                label=_("Takes over from %(body)s") % {"body": body},
                queryset=others.select_related("party"),
                required=False,
                help_text=_("Empty: the successor's body of the same kind."),
            )
        self.councils, self.bodies = list(councils), list(bodies)

    def successors_by_council(self) -> dict[Party, Party]:
        chosen = ((c, self.cleaned_data.get(f"council_{c.pk}")) for c in self.councils)
        return {council: taker for council, taker in chosen if taker is not None}

    def body_handover(self) -> dict[ElectedBody, ElectedBody]:
        chosen = ((b, self.cleaned_data.get(f"body_{b.pk}")) for b in self.bodies)
        return {body: taker for body, taker in chosen if taker is not None}

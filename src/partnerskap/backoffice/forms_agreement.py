"""Forms for the agreement: a party's signature on its copy of a version (A17), and an
amendment's proposed text (A10). They only collect and clean input; the rules are in
``partnerskap.agreements.services`` and ``partnerskap.followup.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import AgreementSection, ElectedBody
from partnerskap.backoffice.forms import DATE, LoadedModelMultipleChoiceField
from partnerskap.followup.models import Proposal


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signed by"), max_length=200)
    signatory_role = forms.CharField(
        label=_("Signatory's role"),
        max_length=200,
        required=False,
        help_text=_("For example «fylkesordfører» or «leder av rådet»."),
    )
    place = forms.CharField(label=_("Place"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


AMENDMENT_STATES = [c for c in Proposal.AmendmentState.choices if c[0]]


#: The section choice that adds a new section instead of amending one.
NEW_SECTION = "ny"


class SectionChoiceForm(forms.Form):
    """Which section of the version in force to amend, from a list (GET ``?del=<slug>``)."""

    def __init__(self, *args: Any, sections: list[AgreementSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["del"] = forms.ChoiceField(
            label=_("Section to change"),
            choices=[
                ("", _("Choose a section")),
                *((s.slug, s.heading) for s in sections),
                (NEW_SECTION, _("A new section (added at the end)")),
            ],
        )


class BodiesField(LoadedModelMultipleChoiceField):
    """Elected bodies as checkboxes, each named with its party."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.party.name})"


class AmendmentForm(forms.Form):
    """The new text of one section, who must adopt it and when it takes force (A10)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the meeting proposes the change; the bodies and the public read it."),
    )
    section_heading = forms.CharField(
        label=_("Heading of the new section"), max_length=200, required=False
    )
    proposed_text = forms.CharField(
        label=_("Proposed text of the section"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
        help_text=_(
            "Separate paragraphs with an empty line. A line starting with «- » is a point."
        ),
    )
    remove = forms.BooleanField(
        label=_("Remove this section from the agreement"),
        required=False,
        help_text=_("The proposed text is then ignored."),
    )
    required_bodies = BodiesField(
        label=_("Bodies that must adopt it (at least one per party)"),
        queryset=ElectedBody.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    other_bodies = BodiesField(
        label=_("Also sent to, for their information"),
        queryset=ElectedBody.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    in_force_from = forms.DateField(
        label=_("In force from, if adopted"),
        widget=DATE,
        required=False,
        help_text=_("Empty: from the day the last body adopts it."),
    )
    sent_on = forms.DateField(label=_("Sent to the bodies on"), widget=DATE)

    def __init__(
        self, *args: Any, bodies: QuerySet[ElectedBody], new_section: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_bodies"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["other_bodies"].queryset = bodies  # type: ignore[attr-defined]
        del self.fields["remove" if new_section else "section_heading"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            data["proposed_text"] = ""
        elif not (data.get("proposed_text") or "").strip():
            self.add_error(
                "proposed_text",
                _("Write the proposed text, or tick «Remove this section from the agreement».")
                if "remove" in self.fields
                else _("Write the text of the new section."),
            )
        both = set(data.get("required_bodies") or ()) & set(data.get("other_bodies") or ())
        if both:
            self.add_error(
                "other_bodies",
                _("A body that must adopt the amendment is already sent it: %(bodies)s.")
                % {"bodies": ", ".join(sorted(b.name for b in both))},
            )
        return data

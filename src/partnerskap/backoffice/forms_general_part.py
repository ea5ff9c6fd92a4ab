"""Forms of the county's general part (A14)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.general_part import SectionText
from partnerskap.agreements.models import Agreement, AgreementSection, ElectedBody, Party
from partnerskap.backoffice.forms import DATE, LoadedModelChoiceField

_HEADING = re.compile(r"^#{1,3}\s+(.+)$")


def sections_of(text: str) -> list[SectionText]:
    """«## Heading» lines start the sections; the lines under each are its text."""
    sections: list[SectionText] = []
    heading: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            if heading is not None:
                sections.append(SectionText(heading, "\n".join(lines).strip()))
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    if heading is not None:
        sections.append(SectionText(heading, "\n".join(lines).strip()))
    return sections


class GeneralPartForm(forms.Form):
    county = LoadedModelChoiceField(label=_("County"), queryset=Party.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Start each section with a heading line such as «## Purpose»."),
    )

    def __init__(self, *args: Any, counties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]

    def clean_text(self) -> list[SectionText]:
        sections = sections_of(self.cleaned_data["text"])
        if not sections:
            raise forms.ValidationError(_("Give at least one section with a «## heading» line."))
        return sections


class GeneralPartAmendForm(forms.Form):
    """The sections' text (one field per section of the latest version) and the decision."""

    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=100, help_text=_("E.g. «FT-sak 45/23».")
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    elected_body = LoadedModelChoiceField(
        label=_("Decided by"), queryset=ElectedBody.objects.none()
    )
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)

    def __init__(
        self, *args: Any, sections: Sequence[AgreementSection], bodies: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elected_body"].queryset = bodies  # type: ignore[attr-defined]
        self.slugs: dict[str, str] = {}
        for section in sections:
            name = f"section_{section.position}"
            self.slugs[name] = section.slug
            self.fields[name] = forms.CharField(
                label=section.heading,
                initial=section.body,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        # The text first, then the decision that adopts it.
        self.order_fields([*self.slugs, "decision_reference", "decided_on", "elected_body"])

    def section_texts(self) -> dict[str, str]:
        return {slug: self.cleaned_data[name] for name, slug in self.slugs.items()}


class GeneralPartUseForm(forms.Form):
    agreement = LoadedModelChoiceField(label=_("Partnership"), queryset=Agreement.objects.none())

    def __init__(self, *args: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        field.queryset = agreements  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.partnership.name  # type: ignore[attr-defined]

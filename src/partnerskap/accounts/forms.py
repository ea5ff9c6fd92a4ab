"""Forms of the sign-in steps. They only collect input; the checks are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.people.models import Language


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows for Partnerskap, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        help_text=_(
            "The back office is shown in it, and the e-mails you receive are written in it."
        ),
    )

"""Forms for the agreement: a party's signature on its copy of a version (A17). They only
collect and clean input; the rules are in ``partnerskap.agreements.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerskap.backoffice.forms import DATE
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

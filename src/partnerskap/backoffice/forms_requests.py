"""The form for registering a party's request for an extra meeting (A5)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.backoffice.forms import DATE, LoadedModelChoiceField
from partnerskap.meetings.models import MeetingRequest


class RequestForm(forms.Form):
    requesting_party = LoadedModelChoiceField(
        label=_("Requesting party"), queryset=Party.objects.none()
    )
    requesting_body = LoadedModelChoiceField(
        label=_("Body that asked"),
        queryset=ElectedBody.objects.none(),
        required=False,
        help_text=_("The party's elected body that asked, if a body did."),
    )
    asked_by = forms.CharField(
        label=_("Who asked"),
        max_length=200,
        required=False,
        help_text=_("The person who asked on the party's behalf, with their role."),
    )
    requested_on = forms.DateField(label=_("Asked on"), widget=DATE)
    wished_date = forms.DateField(label=_("Wished date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, parties: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requesting_party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["requesting_body"].queryset = bodies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("requesting_body") and not data.get("asked_by", "").strip():
            self.add_error("asked_by", _("Say which body or person asked for the extra meeting."))
        return data


def meeting_initial(request: MeetingRequest) -> dict[str, Any]:
    """The meeting form filled in for planning a meeting «from this request»: its
    partnership, a title naming the requesting party, the wished date (10–12) if given, and
    the request itself, which ``meeting_create`` then closes."""
    initial: dict[str, Any] = {
        "partnership": request.partnership_id,
        "title": gettext("Extra meeting at the request of %(party)s")
        % {"party": request.requesting_party},
        "request": request.pk,
    }
    if request.wished_date is not None:
        starts = dt.datetime.combine(
            request.wished_date, dt.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        initial["starts_at"] = starts
        initial["ends_at"] = starts + dt.timedelta(hours=2)
    return initial

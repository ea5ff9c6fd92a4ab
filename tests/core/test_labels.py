"""``core.labels``: the apps register their choice groups in ``ready()``; the ``label`` filter
shows a stored value in the reader's language, and ``core`` names no app's models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils.translation import override

import partnerskap
from partnerskap.core import labels
from partnerskap.followup.models import FollowUp
from partnerskap.meetings.models import Meeting

ROOT = Path(partnerskap.__file__).resolve().parent
USED = re.compile(r"""\|label:["'](\w+)["']""")


def test_every_group_a_template_uses_is_registered():
    used = {
        group
        for path in ROOT.rglob("*.html")
        for group in USED.findall(path.read_text(encoding="utf-8"))
    }
    assert used
    assert used <= set(labels.groups())


def test_the_apps_register_their_own_choices():
    registered = labels.groups()
    assert registered["meeting_status"] is Meeting.Status
    assert registered["follow_up"] is FollowUp.Status


def test_the_filter_shows_the_label_in_the_readers_language():
    template = Template('{% load partnerskap %}{{ value|label:"meeting_form" }}')
    context = Context({"value": Meeting.Form.REMOTE})
    with override("en"):
        english = template.render(context)
        assert english == str(Meeting.Form.REMOTE.label) == "remote"
    with override("nb"):
        norwegian = template.render(context)
        assert norwegian == str(Meeting.Form.REMOTE.label) != english
    # A value the group does not know is shown as it is stored.
    assert labels.label("gone", "meeting_form", "nb") == "gone"


def test_an_unknown_group_is_named_in_the_error():
    with pytest.raises(labels.UnknownLabelGroupError, match="no_such_group"):
        labels.label("x", "no_such_group", "nb")


def test_a_group_name_holds_one_choice_class():
    labels.register(meeting_status=Meeting.Status)  # the same again is fine
    with pytest.raises(ValueError, match="meeting_status"):
        labels.register(meeting_status=FollowUp.Status)

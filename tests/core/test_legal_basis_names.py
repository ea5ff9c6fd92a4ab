"""Legal bases show their plain name beside the paragraph («offentleglova § 13 –
taushetsplikt»), wherever they are listed: forms, the item page, the public agenda, minutes."""

from __future__ import annotations

import pytest

from partnerskap.backoffice.forms import CloseForm
from partnerskap.backoffice.forms_items import DocumentUploadForm
from partnerskap.core.models import LegalBasis, legal_basis_label
from partnerskap.meetings.selectors import agenda_public
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_publish_notice, meeting_record_held
from partnerskap.meetings.services.minutes import minutes_draft

pytestmark = pytest.mark.django_db

PERSONNEL = "kommuneloven § 11-5 andre ledd bokstav a – personalsak"


def test_every_maintained_legal_basis_has_a_plain_name():
    bases = LegalBasis.objects.all()
    assert bases.count() >= 7
    assert [b.code for b in bases if not b.plain_name] == []
    assert str(LegalBasis.objects.get(code="offl-13")) == "offentleglova § 13 – taushetsplikt"
    assert LegalBasis.objects.get(code="kl-11-5-2-a").label == PERSONNEL


def test_a_basis_without_a_plain_name_shows_its_paragraph():
    assert legal_basis_label("offentleglova § 14", "") == "offentleglova § 14"


def test_the_close_and_upload_forms_list_bases_with_their_plain_names():
    close = [label for value, label in CloseForm().fields["legal_basis"].choices if value]
    assert PERSONNEL in close
    upload = [label for value, label in DocumentUploadForm().fields["legal_basis"].choices]
    assert "offentleglova § 13 – taushetsplikt" in upload


def test_the_public_agenda_and_the_minutes_name_the_basis_in_plain_words(world):
    meeting = world.meeting()
    item = world.item(meeting)
    agenda_item_close(
        item=item,
        legal_basis=LegalBasis.objects.get(code="kl-11-5-2-a"),
        public_title="Personalsak",
        actor=None,
    )
    meeting_publish_notice(meeting=meeting, actor=None)
    (shown,) = agenda_public(meeting=meeting)
    assert shown.legal_basis == PERSONNEL
    agenda_item_record_outcome(item=item, outcome="noted", actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    minutes = minutes_draft(meeting=meeting, actor=None)
    (entry,) = minutes.content["public"]["items"]
    assert entry["legal_basis"] == PERSONNEL

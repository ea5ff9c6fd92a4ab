"""The project's OParl models hold the specification's rules, and the mapping functions make
valid objects of every type, files included."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from partnerskap.meetings.models import Meeting
from partnerskap.meetings.selectors import PublicItem
from partnerskap.oparl import mapping, schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.files import FileRecord, MeetingFiles
from partnerskap.oparl.pagination import dump

URLS = Urls(root="https://oparl.example.no/oparl/v1/", origin="https://oparl.example.no")
STAMP = "2024-03-15T10:00:00+01:00"


def person(**extra: object) -> dict[str, object]:
    return {
        "id": "https://oparl.example.no/oparl/v1/body/1/person/1/",
        "type": "https://schema.oparl.org/1.1/Person",
        "created": STAMP,
        "modified": STAMP,
        **extra,
    }


def test_dates_are_written_in_the_specifications_form():
    moment = dt.datetime(2024, 7, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    assert schema.date_time(moment) == "2024-07-01T10:30:15+02:00"
    winter = dt.datetime(2024, 1, 1, 0, 0, tzinfo=ZoneInfo("America/New_York"))
    assert schema.date_time(winter) == "2024-01-01T06:00:00+01:00"
    assert schema.date(dt.date(2024, 2, 29)) == "2024-02-29"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"created": "2024-03-15T09:00:00Z"}, "date-time"),
        ({"created": "2024-03-15T10:00:00.5+01:00"}, "date-time"),
        ({"modified": "2024-13-15T10:00:00+01:00"}, "month"),
        ({"id": "/oparl/v1/body/1/person/1/"}, "absolute"),
        ({"familyname": "Aasheim"}, "Extra inputs"),
        ({"email": "a@example.no"}, "list"),
        ({"type": "https://schema.oparl.org/1.0/Person"}, "literal"),
    ],
)
def test_the_models_refuse_what_the_specification_does_not_allow(changes, problem):
    with pytest.raises(ValidationError, match=problem):
        schema.Person.model_validate(person(**changes))


def test_created_and_modified_are_required_even_when_embedded():
    incomplete = person()
    del incomplete["modified"]
    with pytest.raises(ValidationError, match="modified"):
        schema.Person.model_validate(incomplete)
    embedded = person(membership=[{"id": "https://x.no/m/1/", "created": STAMP}])
    with pytest.raises(ValidationError, match="modified"):
        schema.Person.model_validate(embedded)


def test_a_tombstone_has_nothing_but_its_identity():
    tombstone = {**person(), "deleted": True}
    schema.Tombstone.model_validate(tombstone)
    with pytest.raises(ValidationError):
        schema.Tombstone.model_validate({**tombstone, "name": "Sigrid Aasheim"})
    page = {"data": [tombstone, person(name="Hanne")], "pagination": {}, "links": {}}
    validated = schema.ListPage.model_validate(page)
    assert [type(o).__name__ for o in validated.data] == ["Tombstone", "Person"]


def record(pk: int = 7, **extra: object) -> FileRecord:
    values: dict[str, object] = {
        "pk": pk,
        "name": "Innkalling",
        "file_name": "innkalling.pdf",
        "mime_type": "application/pdf",
        "size": 82930,
        "sha512": "ab" * 64,
        "access_url": "https://oparl.example.no/dokumenter/7/innkalling.pdf",
        "created": dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC),
        "modified": dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC),
        "meeting_ids": (3,),
        "paper_ids": (4,),
    }
    values.update(extra)
    return FileRecord(**values)  # type: ignore[arg-type]


def test_a_file_maps_with_back_references_only_on_its_own():
    alone = dump(mapping.file(record(), urls=URLS, body=1))
    schema.File.model_validate(alone)
    assert alone["id"] == "https://oparl.example.no/oparl/v1/body/1/file/document/7/"
    assert alone["accessUrl"] == "https://oparl.example.no/dokumenter/7/innkalling.pdf"
    assert alone["meeting"] == ["https://oparl.example.no/oparl/v1/body/1/meeting/3/"]
    assert alone["paper"] == ["https://oparl.example.no/oparl/v1/body/1/paper/proposal/4/"]
    embedded = dump(mapping.file(record(), urls=URLS, body=1, embedded=True))
    assert "meeting" not in embedded
    assert "paper" not in embedded


@pytest.mark.django_db
def test_a_meeting_embeds_its_invitation_and_protocol_when_they_exist(world):
    meeting = world.meeting()
    files = MeetingFiles(
        invitation=record(1), results_protocol=record(2, name="Møtebok"), auxiliary=(record(3),)
    )
    served = dump(
        mapping.meeting(meeting, urls=URLS, agenda=[], files=files, modified=meeting.modified)
    )
    schema.Meeting.model_validate(served)
    assert served["invitation"]["id"].endswith("/file/document/1/")
    assert served["resultsProtocol"]["name"] == "Møtebok"
    assert len(served["auxiliaryFile"]) == 1
    bare = dump(
        mapping.meeting(
            meeting, urls=URLS, agenda=[], files=MeetingFiles(), modified=meeting.modified
        )
    )
    assert not {"invitation", "resultsProtocol", "auxiliaryFile", "agendaItem"} & set(bare)


@pytest.mark.django_db
def test_a_cancelled_meeting_says_so(world):
    meeting = world.meeting()
    meeting.status = Meeting.Status.CANCELLED
    served = mapping.meeting(
        meeting, urls=URLS, agenda=[], files=MeetingFiles(), modified=meeting.modified
    )
    assert served.cancelled is True
    assert served.meeting_state == "terminiert"


@pytest.mark.django_db
def test_a_closed_item_maps_to_its_neutral_title_only(world):
    closed = PublicItem(
        pk=5,
        case_number="PS 5/2022",
        title="Personalsak",
        kind="proposal",
        closed=True,
        legal_basis="kommuneloven § 11-5 andre ledd bokstav a",
        case_presentation="",
        recommendation="",
        outcome="proposal",
        outcome_text="",
    )
    stamp = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    served = dump(
        mapping.agenda_item(
            closed,
            urls=URLS,
            partnership=world.partnership,
            meeting=1,
            order=2,
            created=stamp,
            modified=stamp,
            consultation=9,
        )
    )
    assert served["public"] is False
    assert served["name"] == "Personalsak"
    assert not {"result", "resolutionText", "consultation"} & set(served)

"""Helpers for the OParl tests: fetch through the test client, crawl and validate with the
project's typed OParl models, and make the data grow. The record (a public meeting with closed
matter in it) and its documents are the canary dataset's (``tests.canary``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from partnerskap.agreements.models import ElectedBody
from partnerskap.committees.services import Member, committee_establish
from partnerskap.core.models import LegalBasis
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import followup_record, proposal_create
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from partnerskap.meetings.services.agenda import agenda_item_close, agenda_item_record_outcome
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.oparl import schema
from partnerskap.oparl.crawler import Crawl, Fetch, crawl
from partnerskap.people.models import Person, Role
from partnerskap.people.services import membership_create
from tests.canary import CANARY, DAY, Documents, Record, make_documents, make_record, upload
from tests.documents.files import pdf
from tests.world import World, oslo

__all__ = ["CANARY", "DAY", "Documents", "Record", "make_documents", "make_record", "upload"]

ROOT = "http://testserver/oparl/v1/"
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    """Document blobs go to a fresh directory; nothing is rendered unless a test asks."""
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


def fetcher(client: Any) -> Fetch:
    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        # A file's bytes are streamed; reading them out lets the test client close the file
        # (an explicit ``close()`` would also close the database connection on PostgreSQL).
        streamed = response.streaming
        body = b"".join(response.streaming_content) if streamed else response.content
        return response.status_code, dict(response.headers), body

    return fetch


def get(client: Any, url: str, status: int = 200) -> dict[str, Any]:
    status_code, headers, body = fetcher(client)(url if "://" in url else f"http://testserver{url}")
    assert status_code == status, (url, body[:500])
    assert headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(body)


def validate(where: str, obj: dict[str, Any]) -> list[str]:
    """Validate one object with the project's OParl models (a deleted one as a tombstone)."""
    model = schema.Tombstone if obj.get("deleted") else schema.OBJECT_TYPES.get(obj.get("type", ""))
    if model is None:
        return [f"{where}: unknown type {obj.get('type')!r}"]
    try:
        model.model_validate(obj)
    except ValidationError as error:
        return [f"{where}: {error}"]
    return []


def validate_page(url: str, page: dict[str, Any]) -> list[str]:
    try:
        schema.ListPage.model_validate(page)
    except ValidationError as error:
        return [f"{url}: {error}"]
    return []


def crawl_all(client: Any, start: str = ROOT) -> Crawl:
    """Crawl the API from ``start``, validating every object and every list page, and fetch
    every file's ``accessUrl`` and ``downloadUrl``."""
    result = crawl(fetcher(client), start, validate, root=ROOT, check_files=True)
    for url, page in result.pages.items():
        result.problems.extend(validate_page(url, page))
    return result


@pytest.fixture
def record(world: World) -> Record:
    return make_record(world)


def grow(world: World, count: int, *, offset: int = 0) -> None:
    """Make the data grow by ``count`` of everything OParl lists: a meeting at a new place with
    an open and a closed item, a proposal with follow-ups, a committee with a member, a new
    person in the council's delegation, and a document on the meeting, its open item and the
    proposal."""
    bodies = list(ElectedBody.objects.filter(slug__in=["asker-kommunestyre", "viken-fylkesting"]))
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    for n in range(offset, offset + count):
        start = oslo(2021 + n // 9, 1 + n % 9, 10)
        meeting = meeting_create(
            partnership=world.partnership,
            title=f"Møte {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            location=Location.objects.create(name=f"Sted {n}", room="Sal"),
            form=Meeting.Form.IN_PERSON,
            actor=None,
        )
        item = world.item(meeting, kind=Kind.PROPOSAL, title=f"Sak {n}")
        closed = world.item(meeting, title=f"Lukket {n}")
        agenda_item_close(item=closed, legal_basis=basis, public_title="Lukket", actor=None)
        decision = world.item(
            meeting, kind=Kind.PROCEDURAL, title=f"Utvalg {n}", procedural_subject="committee"
        )
        meeting_publish_notice(meeting=meeting, actor=None)
        agenda_item_record_outcome(
            item=item, outcome=Outcome.PROPOSAL, outcome_text="Ja", actor=None
        )
        agenda_item_record_outcome(
            item=decision, outcome=Outcome.PROCEDURAL, outcome_text="Ja", actor=None
        )
        person = Person.objects.create(given_name=f"Navn {n}", family_name="Etternavn")
        membership_create(
            person=person,
            party=world.council,
            role=Role.SUBSTITUTE,
            valid_from=dt.date(2020, 1, 1),
            actor=None,
        )
        committee_establish(
            item=decision,
            name=f"Utvalg {n}",
            task="Utrede",
            mandate="Utrede",
            starts_on=start.date(),
            ends_on=start.date() + dt.timedelta(days=90),
            members=[Member(person, world.council)],
            areas=world.areas[:1],
            actor=None,
        )
        proposal = proposal_create(
            item=item,
            title=f"Forslag {n}",
            text="Tekst",
            bodies=bodies,
            sent_on=start.date() + dt.timedelta(days=1),
            actor=None,
        )
        for follow_up in proposal.follow_ups.all():
            followup_record(
                follow_up=follow_up,
                status=FollowUp.Status.RECEIVED,
                on=start.date() + dt.timedelta(days=5),
                actor=None,
            )
        for owner in (meeting, item, proposal):
            upload(owner, f"Vedlegg {n}", pdf(f"Vedlegg {n}"))

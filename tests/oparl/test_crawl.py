"""The whole OParl graph of the demo, crawled from the System: every referenced URL resolves,
every id is the URL it was fetched from, every date is in the specification's form, and every
object and list page is valid against the project's typed OParl models."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from partnerskap.agreements.models import Partnership
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.selectors import AGENDA_PUBLIC, agenda_public, meetings_public
from partnerskap.oparl.addresses import LISTS
from tests.oparl.conftest import ROOT, crawl_all, make_documents

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.oparl.org/1.1/"


def test_the_demo_graph_crawls_clean_from_the_system(client, demo_before_renewal):
    """One partnership's whole graph (the demo before its renewal: with it, each list below
    would hold two bodies' objects; test_the_renewed_demo_is_a_second_body_with_its_term)."""
    demo = demo_before_renewal
    call_command("documents_process", stdout=io.StringIO())  # the notices and minutes as PDFs
    result = crawl_all(client)
    assert result.ok, result.report()

    # Everything the demo has is there, of every type.
    counts = result.types()
    assert set(counts) == {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "Location",
        "File",
    }
    partnership = demo.partnership
    # Every partnership is a body (the demo has two: the second council's, Follo (demo)).
    bodies = list(Partnership.objects.order_by("pk"))
    meetings = [m for b in bodies for m in meetings_public(partnership=b)]
    proposals = [x for b in bodies for x in proposals_public(partnership=b)]
    assert counts["Body"] == len(bodies) == 2
    assert counts["Meeting"] == len(meetings)
    assert counts["Paper"] == len(proposals)
    assert counts["AgendaItem"] == sum(len(agenda_public(meeting=m)) for m in meetings)
    assert counts["Consultation"] == len(proposals) + sum(p.follow_ups.count() for p in proposals)
    # Each meeting's notice and minutes, and every file's bytes at its URLs.
    noticed = [m for m in meetings if m.status in AGENDA_PUBLIC]
    with_minutes = [m for m in meetings if m.minutes.filter(status="approved").exists()]
    assert counts["File"] == len(noticed) + len(with_minutes) == len(result.files)
    assert len(result.contents) == 2 * counts["File"]
    for meeting in with_minutes:
        served = result.objects[f"{ROOT}body/{meeting.partnership_id}/meeting/{meeting.pk}/"]
        assert {"invitation", "resultsProtocol"} <= set(served)

    # Every external list of each body was paged through, and every page is valid.
    lists = [f"{ROOT}body/{b.pk}/" for b in bodies]
    for body in lists:
        assert {f"{body}{segment}/" for _type, segment in LISTS.values()} <= set(result.pages)
    # The bodies' lists hold exactly the objects of their type that the graph has.
    listed = {
        segment: {
            obj["id"]
            for url, page in result.pages.items()
            if url.split("?")[0] in {f"{body}{segment}/" for body in lists}
            for obj in page["data"]
        }
        for _type, segment in LISTS.values()
    }
    body = f"{ROOT}body/{partnership.pk}/"
    assert len([url for url in result.pages if url.startswith(f"{body}meetings/")]) > 1
    for oparl_type, segment in LISTS.values():
        of_type = {i for i, o in result.objects.items() if o["type"] == f"{SCHEMA}{oparl_type}"}
        assert listed[segment] == of_type, segment

    # Each meeting embeds exactly its public agenda, in its order, with its titles; a closed
    # item (L3) is there with ``public: false``.
    closed_seen = 0
    for meeting in meetings_public(partnership=demo.partnership):
        served = result.objects[f"{ROOT}body/{demo.partnership.pk}/meeting/{meeting.pk}/"]
        agenda = agenda_public(meeting=meeting)
        items = served.get("agendaItem", [])
        assert [i["name"] for i in items] == [p.title for p in agenda]
        assert [i["number"] for i in items] == [p.case_number for p in agenda]
        assert [i["public"] for i in items] == [not p.closed for p in agenda]
        assert [i["order"] for i in items] == list(range(1, len(agenda) + 1))
        closed_seen += sum(p.closed for p in agenda)
    assert closed_seen >= 1  # the demo's 2021 closed item


def test_a_small_world_crawls_clean_and_its_web_links_open(client, record):
    """The same checks on the record the visibility tests use (committees of both kinds, a
    proposal from a closed item, public and exempt documents); every file's ``accessUrl``
    and ``downloadUrl`` serve it, and every ``web`` link opens a portal page."""
    make_documents(record, generated=False)
    result = crawl_all(client)
    assert result.ok, result.report()
    assert result.types()["Paper"] == 1
    assert result.types()["File"] == 6
    assert len(result.contents) == 12
    webs = {o["web"] for o in [*result.objects.values(), *result.listed.values()] if "web" in o}
    webs |= {inner["web"] for _path, inner in result.embedded.values() if "web" in inner}
    names = {resolve(urlsplit(url).path).url_name for url in webs}
    assert names == {"home", "partnership", "meeting", "item", "proposal", "committee"}
    for url in webs:
        assert client.get(urlsplit(url).path).status_code == 200, url


def test_the_renewed_demo_is_a_second_body_with_its_term(client, demo):
    """A18: the renewed partnership is a Body of its own with its agreement period as its
    legislative term."""
    bodies = client.get(f"{ROOT}bodies/").json()["data"]
    terms = sorted(
        (t["startDate"], t["endDate"]) for body in bodies for t in body["legislativeTerm"]
    )
    assert terms == [
        ("2020-01-01", "2024-12-31"),
        ("2024-01-01", "2027-12-31"),  # the second council's partnership, Follo – Akershus
        ("2025-01-01", "2028-12-31"),
    ]

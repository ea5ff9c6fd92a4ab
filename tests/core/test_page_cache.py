"""The shared page cache (core/page_cache.py): after every kind of write each affected page
changes, midnight gives a new key, a signed-in reader neither gets a kept page nor leaves one,
and an answer that sets a cookie (or is private, varies otherwise, failed) is never kept."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import path
from django.utils.cache import patch_cache_control, patch_vary_headers

from partnerskap.agreements.models import ElectedBody, Partnership
from partnerskap.core.models import LegalBasis
from partnerskap.core.page_cache import HEADER, not_shared
from partnerskap.documents.models import Document
from partnerskap.documents.services import document_upload
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import amendment_propose, followup_record
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.services.agenda import (
    agenda_item_close,
    agenda_item_record_outcome,
    agenda_item_reopen,
)
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.meetings.services.minutes import minutes_approve, minutes_correct
from tests.canary import make_record
from tests.documents import files
from tests.world import World, oslo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


def _warm(client: Client, *paths: str) -> dict[str, bytes]:
    """Fetch each page twice: the second answer comes from the cache."""
    bodies = {}
    for url in paths:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first[HEADER] == "miss", url
        second = client.get(url)
        assert second[HEADER] == "hit", url
        assert second.content == first.content, url
        bodies[url] = second.content
    return bodies


def _after_write(client: Client, before: dict[str, bytes], shows: str, **but: str) -> None:
    """Each page is rendered again, differs from what was kept, and shows ``shows`` (or what
    ``but`` names for it)."""
    for url, old in before.items():
        response = client.get(url)
        assert response[HEADER] == "miss", url
        assert response.content != old, url
        expected = but.get(url.strip("/").split("/")[-1].split(".")[0], shows)
        assert expected in response.content.decode(), f"{url} does not show {expected!r}"


def _meeting(world: World, title: str, day: int = 15) -> Any:
    start = oslo(2022, 3, day)
    return meeting_create(
        partnership=world.partnership,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        location=world.location,
        actor=None,
    )


def test_a_published_notice_changes_every_list_feed_calendar_api_and_oparl(client, world):
    slug, pk = world.partnership.slug, world.partnership.pk
    pages = _warm(
        client,
        f"/{slug}/moter/?ar=2022",
        f"/en/{slug}/moter/?ar=2022",
        "/kalender.ics",
        "/feeds/innkallinger.atom",
        f"/{slug}/innkallinger.atom",
        "/api/v1/meetings/",
        f"/oparl/v1/body/{pk}/meetings/",
    )
    meeting = _meeting(world, "Cachemøtet om ferjer")
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    _after_write(client, pages, "Cachemøtet om ferjer")


def test_approved_minutes_and_their_correction_change_the_meeting_page_and_feed(client, world):
    record = make_record(world)
    meeting_page = f"/{record.slug}/moter/{record.meeting.pk}/"
    pages = _warm(client, meeting_page, "/feeds/motebok.atom", f"/{record.slug}/motebok.atom")
    correction = minutes_correct(meeting=record.meeting, reason="Feil i «cache»", actor=None)
    minutes_approve(minutes=correction, actor=None)
    _after_write(client, pages, "versjon 2")


def test_a_recorded_follow_up_changes_the_proposal_page_its_feed_and_the_api(client, world):
    record = make_record(world)
    proposal = record.open_proposal
    pages = _warm(
        client,
        f"/{record.slug}/forslag/{proposal.pk}/",
        f"/api/v1/proposals/{proposal.pk}/",
        "/feeds/oppfolging.atom",
        f"/{record.slug}/oppfolging.atom",
    )
    follow_up = proposal.follow_ups.order_by("pk").first()
    assert follow_up is not None
    followup_record(
        follow_up=follow_up,
        status=FollowUp.Status.ADOPTED,
        on=dt.date(2022, 5, 10),
        decision_text="Vedtatt i cachesaken",
        actor=None,
    )
    _after_write(client, pages, "Vedtatt i cachesaken", oppfolging="– vedtatt")


def test_an_uploaded_document_changes_the_item_page(client, world):
    meeting = _meeting(world, "Dokumentmøtet")
    item = world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    pages = _warm(client, f"/{world.partnership.slug}/saker/{item.pk}/")
    document_upload(
        owner=item,
        title="Cachenotatet",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        content=files.pdf("Cachenotatet"),
        actor=None,
    )
    _after_write(client, pages, "Cachenotatet")


def test_an_adopted_amendment_changes_the_agreement_page(client, world):
    meeting = _meeting(world, "Endringsmøtet")
    item = world.item(meeting, kind=Kind.PROPOSAL, title="Endring av avtalen")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome=Outcome.PROPOSAL, actor=None)
    bodies = {b.slug: b for b in ElectedBody.objects.all()}
    pages = _warm(client, f"/{world.partnership.slug}/avtale/")
    proposal = amendment_propose(
        item=item,
        title="Endret møtefrekvens",
        text="Endring",
        section_slug="oppfolging-av-avtalen",
        proposed_text="- Det gjennomføres minst sytten cachemøter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        in_force_from=dt.date(2022, 9, 1),
        sent_on=dt.date(2022, 3, 20),
        actor=None,
    )
    for follow_up in proposal.follow_ups.all():
        followup_record(
            follow_up=follow_up,
            status=FollowUp.Status.ADOPTED,
            on=dt.date(2022, 6, 15),
            decision_text="Vedtatt",
            actor=None,
        )
    _after_write(client, pages, "sytten cachemøter")


def test_partnership_settings_changed_in_the_admin_change_its_pages(client, world):
    partnership = world.partnership
    pages = _warm(client, "/", f"/{partnership.slug}/", f"/api/v1/partnerships/{partnership.pk}/")
    request = RequestFactory().post("/admin/")  # the admin's own save, as an operator makes it
    request.user = _operator()
    partnership.name = "Cachesamarbeidet"
    model_admin = admin.site._registry[Partnership]
    model_admin.save_model(request, partnership, mock.Mock(changed_data=["name"]), change=True)
    _after_write(client, pages, "Cachesamarbeidet")


def _operator() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("cacheoperator", "op@example.org", "x")


def test_a_deletion_reopening_a_closed_item_changes_its_page(client, world):
    meeting = _meeting(world, "Lukket møte")
    item = world.item(meeting, title="Cacheinnfartsparkering")
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=item, legal_basis=basis, public_title="Personalsak", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    pages = _warm(client, f"/{world.partnership.slug}/saker/{item.pk}/")
    assert b"Cacheinnfartsparkering" not in next(iter(pages.values()))
    agenda_item_reopen(item=item, reason="Feil hjemmel", actor=None)  # deletes its closing
    _after_write(client, pages, "Cacheinnfartsparkering")


def test_midnight_in_oslo_gives_a_new_key(client, world):
    url = f"/{world.partnership.slug}/"
    with time_machine.travel(
        dt.datetime(2026, 3, 9, 23, 59, tzinfo=dt.UTC) - dt.timedelta(hours=1)
    ):
        _warm(client, url)  # 23:59 in Oslo (UTC+1 in March)
    with time_machine.travel(dt.datetime(2026, 3, 9, 23, 1, tzinfo=dt.UTC)):
        assert client.get(url)[HEADER] == "miss"  # 00:01 the next day in Oslo


def test_every_language_has_its_own_entry(client, world):
    slug = world.partnership.slug
    norwegian, english = _warm(client, f"/{slug}/", f"/en/{slug}/").values()
    assert norwegian != english
    api = "/api/v1/meetings/?page_size=1"
    nb = client.get(api, HTTP_ACCEPT_LANGUAGE="nb")
    en = client.get(api, HTTP_ACCEPT_LANGUAGE="en")
    assert nb[HEADER] == en[HEADER] == "miss"
    assert client.get(api, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    assert client.get(api, HTTP_ACCEPT_LANGUAGE="nb")["Content-Language"] == "nb"


def test_a_kept_page_answers_a_conditional_get_with_304(client, world):
    url = f"/{world.partnership.slug}/"
    _warm(client, url)
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response[HEADER] == "hit"


def test_a_signed_in_reader_gets_no_kept_page_and_leaves_none(as_secretariat, world):
    url = f"/{world.partnership.slug}/"
    _warm(Client(), url)
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as written:
        for _ in range(2):
            response = as_secretariat.get(url)
            assert response.status_code == 200
            assert HEADER not in response
            assert "no-store" in response["Cache-Control"]
        for other in ("/", "/api/v1/meetings/", "/feeds/innkallinger.atom"):
            assert HEADER not in as_secretariat.get(other)
    assert written.call_count == 0


def test_a_request_with_a_token_or_an_unknown_cookie_bypasses_the_cache(client, world):
    url = "/api/v1/meetings/"
    _warm(client, url)
    assert HEADER not in client.get(url, HTTP_AUTHORIZATION="Bearer nonsense")
    client.cookies["tracking"] = "1"
    assert HEADER not in client.get(url)


# ------------------------------------------------------------ what is never kept (a tiny site)


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=60)
    return response


def _sets_cookie(request: HttpRequest) -> HttpResponse:
    response = _public(HttpResponse("cookie"))
    response.set_cookie("flavour", "oat")
    return response


def _csrf_form(request: HttpRequest) -> HttpResponse:
    return _public(HttpResponse(f"<form>{get_token(request)}</form>"))


def _varies(request: HttpRequest) -> HttpResponse:
    response = _public(HttpResponse("varies"))
    patch_vary_headers(response, ["X-Flavour"])
    return response


def _private(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("private")
    patch_cache_control(response, private=True)
    return response


def _unmarked(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no Cache-Control")


def _missing(request: HttpRequest) -> HttpResponse:
    return _public(HttpResponse("gone", status=404))


@not_shared
def _not_shared(request: HttpRequest) -> HttpResponse:
    return _public(HttpResponse("search"))


def _kept(request: HttpRequest) -> HttpResponse:
    return _public(HttpResponse("kept"))


urlpatterns = [
    path("cookie/", _sets_cookie),
    path("csrf/", _csrf_form),
    path("varies/", _varies),
    path("private/", _private),
    path("unmarked/", _unmarked),
    path("missing/", _missing),
    path("not-shared/", _not_shared),
    path("kept/", _kept),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url",
    ["/cookie/", "/csrf/", "/varies/", "/private/", "/unmarked/", "/missing/", "/not-shared/"],
)
def test_an_answer_with_a_cookie_private_varying_failed_or_not_shared_is_never_kept(client, url):
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as written:
        for _ in range(2):
            assert HEADER not in client.get(url)
    assert written.call_count == 0


@pytest.mark.urls(__name__)
def test_a_public_answer_is_kept_per_method(client):
    assert client.get("/kept/")[HEADER] == "miss"
    assert client.get("/kept/")[HEADER] == "hit"
    assert client.head("/kept/")[HEADER] == "miss"
    assert client.post("/kept/").get(HEADER) is None


@pytest.mark.urls(__name__)
def test_a_csrf_cookie_alone_does_not_bypass_the_cache(client, settings):
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    assert client.get("/kept/")[HEADER] == "miss"
    assert client.get("/kept/")[HEADER] == "hit"


# ------------------------------------------------------------------------------ on Redis

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    cache.clear()  # db 13 is this test's own
    yield
    cache.clear()


def test_on_redis_a_write_gives_a_new_page(client, world, redis_cache):
    pages = _warm(client, f"/{world.partnership.slug}/moter/?ar=2022", "/api/v1/meetings/")
    meeting = _meeting(world, "Redismøtet")
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    _after_write(client, pages, "Redismøtet")


def test_when_the_cache_server_is_down_pages_are_rendered_as_without_it(client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    url = f"/{world.partnership.slug}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert HEADER not in response


def test_health_checks_never_look_the_data_version_up(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200

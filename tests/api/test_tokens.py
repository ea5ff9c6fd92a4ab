"""Per-user API tokens: stored as a digest, shown once, revocable, acting as their user."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from partnerskap.api.models import ApiToken
from partnerskap.api.services import api_token_authenticate, api_token_create, api_token_revoke
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry
from tests.api.conftest import Api, assert_problem, user

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_token_is_stored(bare_demo):
    issued = api_token_create(user=user("sekretariat-radet"), name="ePhorte", actor=None)
    token = ApiToken.objects.get()
    assert issued.secret.startswith(f"psk_{token.prefix}_")
    assert token.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    random_part = issued.secret.split("_", 2)[2]  # the random part may itself hold "_"
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert not any(issued.secret in v or random_part in v for v in stored)
    entry = AuditEntry.objects.get(action="api.token.created")
    assert issued.secret not in str(entry.data)
    assert api_token_authenticate(issued.secret) == token


def test_a_wrong_revoked_or_inactive_token_authenticates_nobody(bare_demo):
    issued = api_token_create(user=user("sekretariat-radet"), name="ePhorte", actor=None)
    assert api_token_authenticate(issued.secret[:-1] + "x") is None
    assert api_token_authenticate("psk_") is None
    assert api_token_authenticate("noe-helt-annet") is None
    assert api_token_authenticate("psk_\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00_x") is None
    account = user("sekretariat-radet")
    account.is_active = False
    account.save()
    assert api_token_authenticate(issued.secret) is None
    account.is_active = True
    account.save()
    api_token_revoke(token=issued.token, actor=None)
    assert api_token_authenticate(issued.secret) is None
    with pytest.raises(ConflictError):
        api_token_revoke(token=issued.token, actor=None)


def test_names_are_required_and_unique_among_a_users_active_tokens(bare_demo):
    account = user("medlem")
    with pytest.raises(DomainError) as blank:
        api_token_create(user=account, name="  ", actor=None)
    assert blank.value.code == "api.token.name_required"
    first = api_token_create(user=account, name="Script", actor=None)
    with pytest.raises(ConflictError):
        api_token_create(user=account, name="Script", actor=None)
    api_token_revoke(token=first.token, actor=None)
    api_token_create(user=account, name="Script", actor=None)  # the name is free again


def test_last_used_is_recorded_at_most_once_a_minute(bare_demo):
    issued = api_token_create(user=user("medlem"), name="Script", actor=None)
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        api_token_authenticate(issued.secret)
    first = ApiToken.objects.get().last_used
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, 30, tzinfo=dt.UTC), tick=False):
        api_token_authenticate(issued.secret)
    assert ApiToken.objects.get().last_used == first
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 5, tzinfo=dt.UTC), tick=False):
        api_token_authenticate(issued.secret)
    assert ApiToken.objects.get().last_used > first


def test_a_bad_bearer_token_is_401_not_anonymous(client, bare_demo):
    for header in ("Bearer psk_nope_nope", "Bearer", "Bearer a b", "bearer psk_x"):
        response = client.get("/api/v1/partnerships/", headers={"Authorization": header})
        body = assert_problem(response, 401)
        assert body["code"] == "api.invalid_token"
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    # Another scheme is not ours: the request is anonymous (and may read).
    response = client.get("/api/v1/partnerships/", headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 200


def test_a_revoked_token_is_refused_at_once(client, bare_demo):
    issued = api_token_create(user=user("sekretariat-radet"), name="ePhorte", actor=None)
    api = Api(client, issued.secret)
    assert api.get("/api/v1/partnerships/").status_code == 200
    api_token_revoke(token=issued.token, actor=None)
    assert_problem(api.get("/api/v1/partnerships/"), 401, "api.invalid_token")


@translation.override("en")
def test_the_command_creates_lists_and_revokes(bare_demo):
    out, err = StringIO(), StringIO()
    call_command(
        "api_token", "create", "saksbehandler-baerum", "--name", "Sak", stdout=out, stderr=err
    )
    secret = out.getvalue().splitlines()[-1]
    assert api_token_authenticate(secret) is not None
    assert "cannot be shown again" in err.getvalue()
    listing = StringIO()
    call_command("api_token", "list", "saksbehandler-baerum", stdout=listing)
    prefix = ApiToken.objects.get().prefix
    assert prefix in listing.getvalue()
    assert secret not in listing.getvalue()
    call_command("api_token", "revoke", secret, stdout=StringIO())  # the token works too
    assert api_token_authenticate(secret) is None
    with pytest.raises(CommandError, match="already revoked"):
        call_command("api_token", "revoke", prefix, stdout=StringIO())
    with pytest.raises(CommandError, match="No user"):
        call_command("api_token", "create", "ingen", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="No token"):
        call_command("api_token", "revoke", "ukjent", stdout=StringIO())


def test_the_admin_shows_the_secret_once_and_revokes(bare_demo, as_operator):
    client = as_operator
    account = user("sekretariat-radet")
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": account.pk, "name": "Fra admin"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"psk_{token.prefix}_")
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    change = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert change.status_code == 200
    assert secret.encode() not in change.content
    duplicate = client.post(
        reverse("admin:api_apitoken_add"), {"user": account.pk, "name": "Fra admin"}
    )
    assert duplicate.status_code == 200
    assert ApiToken.objects.count() == 1  # the form shows the domain error
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None

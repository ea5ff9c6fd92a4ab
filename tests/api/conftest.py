"""The API's personas and a client that speaks JSON with an optional bearer token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from partnerskap.api.services import api_token_create
from tests.factories import UserFactory

PROBLEM = "application/problem+json"


@dataclass
class Api:
    """``api.get("/api/v1/meetings/")``; with ``token`` every request carries it."""

    client: Client
    token: str = ""

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, url: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(url, params, headers=self._headers(headers or {}))

    def post(self, url: str, data: Any = None, **headers: str) -> Any:
        return self.client.post(
            url,
            json.dumps(data or {}),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def patch(self, url: str, data: Any = None, **headers: str) -> Any:
        return self.client.patch(
            url,
            json.dumps(data or {}),
            content_type="application/json",
            headers=self._headers(headers),
        )


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def token_for(username: str, name: str = "test") -> str:
    return api_token_create(user=user(username), name=name, actor=None).secret


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance", "code"} <= set(body)
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def anonymous(client) -> Api:
    return Api(client)


@pytest.fixture
def secretariat(client, bare_demo) -> Api:
    """The council's secretariat (Viken's secretariat ended with Viken, 31.12.2023)."""
    return Api(client, token_for("sekretariat-radet"))


@pytest.fixture
def case_officer(client, bare_demo) -> Api:
    """Bærum's case officer: answers for Bærum's bodies only."""
    return Api(client, token_for("saksbehandler-baerum"))


@pytest.fixture
def outsider(client, db) -> Api:
    """A user with a token and no role anywhere."""
    UserFactory(username="utenforstaende")
    return Api(client, token_for("utenforstaende"))

"""Links in API representations: ``url`` (this resource in the API) and ``web`` (its page in
the public portal, in the default language, so a response is the same for every visitor)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.request import Request


def api_url(request: Request | None, name: str, pk: int) -> str:
    path = reverse(f"api:{name}", kwargs={"pk": pk})
    return request.build_absolute_uri(path) if request is not None else path


def web_url(request: Request | None, name: str, **kwargs: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(f"portal:{name}", kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path

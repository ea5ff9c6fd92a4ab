"""``{% url %}`` with its answers remembered: a template builtin (config/settings.py,
``TEMPLATES``) that replaces Django's tag of the same name and behaves the same.

Django's ``reverse`` costs about 20–50 µs a call, and a list page makes one or two per row: 5–7 %
of a portal page's CPU on 20 × 20 data (docs/performance-pages.md, «Fourth round»). An answer
depends only on the view name, the arguments, the current app, the URLconf, the script prefix
and the language (``i18n_patterns`` prefixes it), so it is remembered under all of them, for
plain string and integer arguments only (a model instance's text could differ between two
instances of the same row). A changed setting (tests override ``ROOT_URLCONF``) forgets them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _reverse(
    view_name: str,
    args: tuple[str | int, ...],
    kwargs: tuple[tuple[str, str | int], ...],
    current_app: str | None,
    _urlconf: str | None,
    _script_prefix: str,
    _language: str | None,
) -> str:
    """``reverse`` under the URLconf, script prefix and language of the key (the current ones:
    they are in the key so that an answer is never reused under others)."""
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(values: Any) -> bool:
    return all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)


def cached_reverse(
    view_name: str, args: list[Any], kwargs: dict[str, Any], current_app: str | None
) -> str:
    """``reverse``, remembered when every argument is a plain string or integer."""
    if not (_plain(args) and _plain(kwargs.values()) and isinstance(view_name, str)):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf(),
        get_script_prefix(),
        get_language(),
    )


class CachedURLNode(URLNode):
    """Django's ``URLNode`` (same arguments, same output), through ``cached_reverse``."""

    def render(self, context: Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> CachedURLNode:
    """Django's ``{% url %}`` (parsed by Django), rendered through ``cached_reverse``."""
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def _forget(**_kwargs: Any) -> None:
    _reverse.cache_clear()


setting_changed.connect(_forget, dispatch_uid="partnerskap.core.templatetags.urls")

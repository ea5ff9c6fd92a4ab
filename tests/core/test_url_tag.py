"""``{% url %}`` remembers its answers (core/templatetags/urls.py) and still answers exactly as
Django's tag: in every language, with ``as``, after the URLconf changes, and for arguments it
does not remember."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation

from partnerskap.core.templatetags.urls import CachedURLNode, _reverse


def render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load i18n %}" + source).render(context)


def view(request: object) -> HttpResponse:
    return HttpResponse()


class URLS_A:  # noqa: N801 - stands for a URLconf module
    urlpatterns = [path("a/<int:pk>/", view, name="thing")]


class URLS_B:  # noqa: N801
    urlpatterns = [path("b/<int:pk>/", view, name="thing")]


class Row:
    """Not a str or int: its text is what a URL gets, and could differ for the same value."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        return 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row)


CASES = [
    ("portal:home", [], {}),
    ("portal:meeting", ["asker-og-baerum-viken-2020-2024", 17], {}),
    ("portal:item", [], {"partnership": "asker-og-baerum-viken-2020-2024", "pk": 3}),
    ("portal:year", ["asker-og-baerum-viken-2020-2024", 2023], {}),
]


def test_the_url_tag_is_the_remembering_one():
    template = engines["django"].from_string("{% url 'portal:home' %}")
    assert isinstance(template.template.nodelist[0], CachedURLNode)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_it_answers_as_reverse_in_every_language_twice(language, name, args, kwargs):
    source = "{% url name " + " ".join(f"a{i}" for i in range(len(args)))
    source += "".join(f" {k}=k_{k}" for k in kwargs) + " %}"
    context = {"name": name} | {f"a{i}": a for i, a in enumerate(args)}
    context |= {f"k_{k}": v for k, v in kwargs.items()}
    with translation.override(language):
        expected = reverse(name, args=args, kwargs=kwargs)
        assert render(source, **context) == expected
        assert render(source, **context) == expected  # the remembered answer
    if language != "nb":
        assert expected.startswith(f"/{language}/")


def test_as_a_variable_and_a_missing_route():
    assert render("{% url 'portal:home' as home %}<{{ home }}>") == "</>"
    assert render("{% url 'portal:nothing' as x %}<{{ x }}>") == "<>"
    with pytest.raises(NoReverseMatch):
        render("{% url 'portal:nothing' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'portal:meeting' 'slug' 'not-a-number' %}")


def test_a_changed_urlconf_is_never_answered_from_memory():
    with override_settings(ROOT_URLCONF=URLS_A):
        assert render("{% url 'thing' 5 %}") == "/a/5/"
    with override_settings(ROOT_URLCONF=URLS_B):
        assert render("{% url 'thing' 5 %}") == "/b/5/"


def test_only_plain_arguments_are_remembered():
    """A model instance's text could differ between two instances of one row (equal by key), so
    an answer for one is worked out each time."""
    with override_settings(ROOT_URLCONF=URLS_A):
        assert render("{% url 'thing' pk %}", pk=Row("7")) == "/a/7/"
        assert render("{% url 'thing' pk %}", pk=Row("8")) == "/a/8/"
        assert _reverse.cache_info().currsize == 0
        assert render("{% url 'thing' 9 %}") == "/a/9/"
        assert _reverse.cache_info().currsize == 1

"""Template helpers shared by the portal and the back office."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override

from partnerskap.core import labels

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_languages(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(language, absolute URL) of this page in every language, for hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    return [
        (code, request.build_absolute_uri(translate_url(path, code)))
        for code, _name in settings.LANGUAGES
    ]


#: Each language named in itself, for the language switch.
_NATIVE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


@register.simple_tag(takes_context=True)
def language_switch(context: dict[str, Any]) -> list[dict[str, str]]:
    """The other languages, each named in itself, with the address of this page in it. The
    portal and the back office carry their language in the address (bokmål un-prefixed,
    ``/nn/``, ``/en/``), so the switch is plain links (a GET: no form, no CSRF cookie, and the
    page stays publicly cacheable); an address that is no page (a 404) links to the other
    language's front page. A page whose address has no language (``/dokumenter/…``) shows
    no switch."""
    current = get_language() or settings.LANGUAGE_CODE
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    try:
        resolve(request.path_info)
    except Resolver404:
        found = False
    else:
        found = True
    choices = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if found:
            url = translate_url(path, code)
        else:
            with override(code):
                url = reverse("portal:home")
        if found and url == path:
            continue
        choices.append({"code": code, "name": _NATIVE_NAMES.get(code, code), "url": url})
    return choices


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def label(value: Any, group: str) -> str:
    """The translated label of a stored choice: ``{{ meeting.form|label:"meeting_form" }}``.
    The groups are registered by their apps (``core.labels``)."""
    return labels.label(value, group, get_language())


@register.filter
def ds_widget(field: BoundField) -> SafeString:
    """The field's widget as Designsystemet styles it (backoffice/_form.html): the ``ds-input``
    class (checkboxes excepted: the template writes those itself) and, when the field has
    errors, ``aria-describedby`` naming the error message, then the help text, by the ids the
    template gives them, so a screen reader reads what to fix."""
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    if not isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        attrs["class"] = f"{widget.attrs.get('class', '')} ds-input".strip()
    if field.errors:
        ids = [f"{field.auto_id}_err"]
        if field.help_text:
            ids.append(f"{field.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)

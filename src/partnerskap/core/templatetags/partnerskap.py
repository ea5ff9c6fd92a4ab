"""Template helpers shared by the portal and the back office."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.urls import Resolver404, resolve, translate_url
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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


#: The language switch offers the other language, named in itself.
_OTHER = {"nb": ("en", "English"), "en": ("nb", "Norsk bokmål")}


@register.simple_tag(takes_context=True)
def language_switch(context: dict[str, Any]) -> dict[str, str | None]:
    """The other language, and the address of this page in it. Portal pages carry their
    language in the address, so the switch is a plain link (a GET: no form, no CSRF cookie,
    and the page stays publicly cacheable); an address that is no page (a 404) links to the
    other language's front page. Pages whose address has no language (the back office, the
    sign-in) are always in the default language (LocaleMiddleware with
    ``prefix_default_language=False``): they get ``url=None`` and show no switch."""
    code, name = _OTHER.get(get_language() or settings.LANGUAGE_CODE, _OTHER["nb"])
    request = context.get("request")
    if request is None:
        return {"code": code, "name": name, "url": None}
    path = request.get_full_path()
    try:
        resolve(request.path_info)
    except Resolver404:
        return {"code": code, "name": name, "url": translate_url("/", code)}
    url = translate_url(path, code)
    return {"code": code, "name": name, "url": url if url != path else None}


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

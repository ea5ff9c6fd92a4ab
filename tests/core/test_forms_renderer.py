"""The fast form renderer writes exactly what Django's widget templates write, for every kind
of widget and value we use, escaping included (a speed change must not change a byte)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerskap.core.forms_renderer import FAST, FastWidgetRenderer

NASTY = 'Bærum «kommune» & <script>alert("x")</script> \' ø'


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="hjelp")
    number = forms.IntegerField(min_value=0)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    time = forms.TimeField(widget=forms.TimeInput)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}))
    choice = forms.ChoiceField(choices=[("", "—"), ("a", NASTY), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("Gruppe «1»", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("1", "En"), ("2", "To"), ("3", "Tre")])
    maybe = forms.NullBooleanField()
    flag = forms.BooleanField(required=False)
    boxes = forms.MultipleChoiceField(
        choices=[("1", "En"), ("2", "To")], widget=forms.CheckboxSelectMultiple
    )
    upload = forms.FileField(required=False)


def both(form: forms.Form) -> list[tuple[str, str, str]]:
    rendered = []
    for field in form:
        widget = field.field.widget
        attrs = field.build_widget_attrs({})
        if field.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", field.auto_id)
        value = field.value()
        name = field.html_name
        plain = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
        fast = widget.render(name, value, attrs=attrs, renderer=FastWidgetRenderer())
        rendered.append((field.name, plain, fast))
    return rendered


def assert_same(form: forms.Form) -> None:
    for name, plain, fast in both(form):
        assert fast == plain, name


def test_every_widget_kind_renders_exactly_as_the_templates_unbound():
    assert_same(Everything(initial={"area": NASTY, "choice": "a", "many": ["1", "3"]}))


def test_every_widget_kind_renders_exactly_as_the_templates_bound_with_nasty_values():
    data = {
        "text": NASTY,
        "number": "-1",
        "email": "x@y",
        "url": 'javascript:"x"',
        "password": NASTY,
        "hidden": "7",
        "date": "2024-02-30",
        "when": "2024-03-12T10:00",
        "time": "10:00",
        "area": NASTY,
        "choice": "b",
        "grouped": "y",
        "many": ["2"],
        "maybe": "true",
        "flag": "on",
        "boxes": ["1"],
    }
    form = Everything(data)
    form.is_valid()
    assert_same(form)


def test_values_already_marked_safe_are_not_escaped_twice():
    form = Everything(initial={"text": mark_safe("<b>fet</b>"), "date": dt.date(2024, 3, 12)})
    assert_same(form)


def test_the_fast_renderer_handles_the_common_widgets_and_falls_back_for_the_rest():
    assert "django/forms/widgets/select.html" in FAST
    assert "django/forms/widgets/checkbox_select.html" not in FAST
    html = Everything().fields["boxes"].widget.render("boxes", ["1"], renderer=FastWidgetRenderer())
    assert 'type="checkbox"' in html


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), label=st.text(max_size=20))
def test_any_text_renders_the_same(text: str, label: str):
    class Free(forms.Form):
        line = forms.CharField()
        area = forms.CharField(widget=forms.Textarea)
        pick = forms.ChoiceField(choices=[(text, label), ("b", "B")])

    form = Free(initial={"line": text, "area": text, "pick": text})
    assert_same(form)

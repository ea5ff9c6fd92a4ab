"""Errors and permissions in the back office are mapped once: ``backoffice.refusals`` turns a
``DomainError`` into a form error and 400/409, ``backoffice.permissions.permission_required``
loads a view's object (404 when not visible) and asks ``people.policy`` (403 when not allowed).
The view gets the request and the loaded object. The views do neither by hand (the guard
tests read their source)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

import partnerskap.backoffice.views
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, refusal_status
from partnerskap.core.errors import ConflictError, DomainError

VIEWS = Path(partnerskap.backoffice.views.__file__).resolve().parent


class NameForm(forms.Form):
    name = forms.CharField()
    other = forms.CharField(required=False)


def _bound() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_a_conflict_is_409_a_broken_rule_and_an_invalid_form_400():
    assert refusal_status(ConflictError("x.conflict", "Changed meanwhile.")) == 409
    assert refusal_status(DomainError("x.rule", "Broken.")) == 400
    assert refusal_status(None) == 400


def test_the_message_goes_next_to_the_field_it_names_else_on_the_form():
    form = _bound()
    assert form_refusal(form, DomainError("x.rule", "Name it.", field="name")) == 400
    assert form.errors["name"] == ["Name it."]
    form = _bound()
    assert form_refusal(form, ConflictError("x.c", "Taken.", field="unknown")) == 409
    assert form.non_field_errors() == ["Taken."]
    form = _bound()
    form_refusal(form, DomainError("x.rule", "Pick another.", field=None), default_field="other")
    assert form.errors["other"] == ["Pick another."]


def _view(allowed: bool, *, visible: bool = True):
    calls: list[str] = []

    def load(request: HttpRequest, pk: int) -> dict[str, int]:
        calls.append("load")
        if not visible:
            raise Http404
        return {"pk": pk}

    def check(user: object, subject: dict[str, int]) -> bool:
        calls.append("check")
        return allowed

    @permission_required(
        check, load=load, subject=itself, refusal=gettext_lazy("Not yours to change.")
    )
    def view(request: HttpRequest, obj: dict[str, int]) -> HttpResponse:
        calls.append(f"view {obj['pk']}")
        return HttpResponse("ok")

    return view, calls


def test_the_object_is_loaded_once_checked_then_handed_to_the_view(rf: RequestFactory):
    view, calls = _view(allowed=True)
    request = rf.post("/x/")
    request.user = object()  # type: ignore[assignment]
    assert view(request, pk=7).status_code == 200
    assert calls == ["load", "check", "view 7"]


def test_not_visible_is_404_before_any_check_and_not_allowed_is_403_with_the_refusal(rf):
    request = rf.post("/x/")
    request.user = object()
    hidden, calls = _view(allowed=False, visible=False)
    with pytest.raises(Http404):
        hidden(request, pk=7)
    assert calls == ["load"]
    refused, calls = _view(allowed=False)
    with pytest.raises(PermissionDenied) as exc:
        refused(request, pk=7)
    assert str(exc.value) == "Not yours to change."
    assert calls == ["load", "check"]


def test_a_refusal_may_name_the_subject(rf):
    @permission_required(
        lambda user, party: False,
        load=lambda request, slug: slug,
        subject=str.upper,
        refusal=lambda party: f"Only {party}'s own people.",
    )
    def view(request: HttpRequest, party: str) -> HttpResponse:
        raise AssertionError("not reached")

    request = rf.get("/x/")
    request.user = object()
    with pytest.raises(PermissionDenied) as exc:
        view(request, slug="asker")
    assert str(exc.value) == "Only ASKER's own people."


def _functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(VIEWS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(path.name, n) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    return found


def test_no_view_checks_a_policy_and_raises_permission_denied_in_its_body():
    offenders = []
    for name, function in _functions():
        nodes = list(ast.walk(function))
        raises = any(
            isinstance(n, ast.Raise) and "PermissionDenied" in ast.unparse(n) for n in nodes
        )
        asks = any(
            isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id == "policy"
            and n.attr.startswith("can_")
            for n in nodes
        )
        if raises and asks:
            offenders.append(f"{name}:{function.name}")
    assert offenders == [], "use backoffice.permissions.permission_required"


def test_no_view_maps_a_domain_error_to_a_status_by_hand():
    offenders = []
    for path in sorted(VIEWS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            hand_made = (
                (isinstance(node, ast.Constant) and node.value == 409)
                or (isinstance(node, ast.Attribute) and node.attr == "__name__")
                or (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func) == "isinstance"
                    and "ConflictError" in ast.unparse(node)
                )
            )
            if hand_made:
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == [], "use backoffice.refusals (form_refusal, page_refusal)"

"""A refused write in the back office, mapped once: a broken rule (``DomainError``) becomes an
error next to the form's field it names (else on the form as a whole) and the page's status,
409 when the object's current state forbids the action (``ConflictError``), 400 when a rule is
broken or the form is invalid. The API maps the same errors to problem details
(``api/problems.py``)."""

from __future__ import annotations

from http import HTTPStatus

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from partnerskap.core.errors import ConflictError, DomainError


def refusal_status(exc: DomainError | None) -> int:
    """The status of a refused write: 409 for a conflict with the object's state, else 400
    (``None``: the form itself was invalid)."""
    return int(HTTPStatus.CONFLICT if isinstance(exc, ConflictError) else HTTPStatus.BAD_REQUEST)


def form_refusal(form: BaseForm, exc: DomainError, *, default_field: str | None = None) -> int:
    """Put the rule's message on the form, next to the field it names when the form has that
    field, else on ``default_field`` (``None``: the form as a whole); returns the status."""
    form.add_error(exc.field if exc.field in form.fields else default_field, str(exc))
    return refusal_status(exc)


def page_refusal(request: HttpRequest, exc: DomainError | None) -> int:
    """Say at the top of the page why the write was refused (the rule's message, or that the
    form needs fixing); returns the status."""
    if exc is None:
        messages.error(request, _("Check the form: the fields marked below need fixing."))
    else:
        messages.error(request, str(exc))
    return refusal_status(exc)

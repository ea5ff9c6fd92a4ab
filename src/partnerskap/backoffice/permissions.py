"""Who may act on what in the back office, checked once, before the view runs (in the style of
pretix's ``event_permission_required``)::

    @login_required
    @require_POST
    @permission_required(
        policy.can_edit_partnership,
        load=_item_for,
        subject=lambda item: item.meeting.partnership,
        refusal=gettext_lazy("Only the parties' secretariats change agenda items."),
    )
    def item_edit(request, item): ...

``load`` reads the object from the URL's arguments, once, limited to what the user may see, so
an object of a partnership the user does not work in is a 404 (a 403 would confirm it exists);
``allowed`` (a rule of ``people.policy``) is asked about the ``subject`` of that object, and a
user who may see but not act gets a 403 with ``refusal``. The view is called with the request
and the loaded object, which carries what the view needs of the URL."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

from partnerskap.agreements.models import Partnership, Party
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser, concluded_message

__all__ = [
    "concluded_message",
    "itself",
    "party_refusal",
    "permission_required",
    "run_refusal",
]

P = ParamSpec("P")
Loaded = TypeVar("Loaded")
Subject = TypeVar("Subject")

View = Callable[Concatenate[HttpRequest, P], HttpResponse]
LoadedView = Callable[[HttpRequest, Loaded], HttpResponse]


def permission_required(
    allowed: Callable[[AnyUser, Subject], bool],
    *,
    load: Callable[Concatenate[HttpRequest, P], Loaded],
    subject: Callable[[Loaded], Subject],
    refusal: str | Promise | Callable[[Subject], str],
) -> Callable[[LoadedView[Loaded]], View[P]]:
    """Load the view's object (404 when not visible to the user), ask ``allowed`` about its
    ``subject`` (403 with ``refusal`` when not), then run the view with the object."""

    def decorator(view: LoadedView[Loaded]) -> View[P]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            loaded = load(request, *args, **kwargs)
            what = subject(loaded)
            if not allowed(request.user, what):
                message = refusal if isinstance(refusal, str | Promise) else refusal(what)
                raise PermissionDenied(message)
            return view(request, loaded)

        return wrapper

    return decorator


def itself(loaded: Loaded) -> Loaded:
    """The subject of a permission is the loaded object itself."""
    return loaded


def run_refusal(otherwise: str | Promise) -> Callable[[Partnership], str]:
    """The refusal of a change to the running partnership (``policy.can_run``): a concluded
    partnership says so and what can still be done; otherwise ``otherwise`` (who may do it)."""

    def refusal(partnership: Partnership) -> str:
        if policy.is_concluded(partnership):
            return concluded_message(partnership)
        return str(otherwise)

    return refusal


def party_refusal(
    otherwise: Callable[[Party], str],
) -> Callable[[tuple[Partnership, Party]], str]:
    """The refusal of a party's own act in a partnership (``policy.can_record_finances_in``,
    ``policy.can_sign``): a concluded partnership says so; otherwise ``otherwise(party)``."""

    def refusal(where: tuple[Partnership, Party]) -> str:
        partnership, party = where
        if policy.is_concluded(partnership):
            return concluded_message(partnership)
        return otherwise(party)

    return refusal

"""Places where meetings are held, in the back office: the list, a new place, and corrections
(name, room, address, accessibility), each one service call. Places are shared by every
partnership and kept by the secretariats; the meeting form chooses from them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.backoffice.forms_people import PlaceForm
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import Location
from partnerskap.meetings.services import places
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    context = {
        "places": Location.objects.annotate(meeting_count=Count("meetings")).order_by(
            "name", "room"
        ),
        "can_edit": policy.can_manage_places(request.user),
    }
    return render(request, "backoffice/people/places.html", context)


def _keeps_places(user: AnyUser, _loaded: object) -> bool:
    return policy.can_manage_places(user)


def _nothing(_request: HttpRequest) -> None:
    return None


@login_required
@permission_required(
    _keeps_places,
    load=_nothing,
    subject=itself,
    refusal=gettext_lazy("Only the parties' secretariats register places."),
)
def place_create(request: HttpRequest, _loaded: None) -> HttpResponse:
    if request.method != "POST":
        return render(request, "backoffice/people/place_form.html", {"form": PlaceForm()})
    form = PlaceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            place = places.location_create(**form.cleaned_data, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The place «%(place)s» is registered.") % {"place": place})
            return redirect("backoffice:places")
    messages.error(request, _("Check the form: the fields marked below need fixing."))
    return render(request, "backoffice/people/place_form.html", {"form": form}, status=status)


def _place_for(_request: HttpRequest, pk: int) -> Location:
    return get_object_or_404(Location, pk=pk)


@login_required
@permission_required(
    _keeps_places,
    load=_place_for,
    subject=itself,
    refusal=gettext_lazy("Only the parties' secretariats change places."),
)
def place_edit(request: HttpRequest, place: Location) -> HttpResponse:
    context = {"place": place, "history": history_for(place)}
    if request.method != "POST":
        initial = {f: getattr(place, f) for f in places.FIELDS}
        return render(
            request,
            "backoffice/people/place_form.html",
            {**context, "form": PlaceForm(initial=initial)},
        )
    form = PlaceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            places.location_update(location=place, **form.cleaned_data, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The place is saved."))
            return redirect("backoffice:places")
    messages.error(request, _("Check the form: the fields marked below need fixing."))
    return render(
        request, "backoffice/people/place_form.html", {**context, "form": form}, status=status
    )


urlpatterns: list[URLPattern] = [
    path("steder/", place_list, name="places"),
    path("steder/ny/", place_create, name="place_create"),
    path("steder/<id:pk>/", place_edit, name="place_edit"),
]

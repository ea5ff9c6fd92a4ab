"""People and their roles in the back office: who holds which role with each party of a
partnership on a day, one page per person, and the secretariats' steps (register a person
with a role, correct their details, add and end roles, set the substitutes' order), each one
service call. A party's secretariat keeps its own party's people (and its member
municipalities'); the other party sees them but does not change them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Partnership, Party
from partnerskap.backoffice.forms_people import (
    MembershipEndForm,
    MembershipForm,
    PersonForm,
    PersonRegisterForm,
    SubstituteOrderForm,
)
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.people import policy, services
from partnerskap.people.models import Membership, Person, Role
from partnerskap.people.policy import AnyUser
from partnerskap.people.selectors import (
    memberships_of_person,
    people_by_party,
    persons_visible,
)


def _day(request: HttpRequest) -> dt.date:
    """The day whose roles are shown (``?dato=``), today by default."""
    try:
        return dt.date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        return time.today()


def chosen_partnership(request: HttpRequest, visible: list[Partnership]) -> Partnership | None:
    """The partnership of ``?partnerskap=`` among those visible (404 if not), or the only one."""
    slug = request.GET.get("partnerskap", "")
    if not slug:
        return visible[0] if len(visible) == 1 else None
    found = next((p for p in visible if p.slug == slug), None)
    if found is None:
        raise Http404(_("No such partnership."))
    return found


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    visible = list(policy.partnerships_visible(request.user).order_by("-period_start", "name"))
    partnership = chosen_partnership(request, visible)
    day = _day(request)
    context: dict[str, Any] = {
        "partnerships": visible,
        "partnership": partnership,
        "day": day,
        "parties": people_by_party(partnership=partnership, user=request.user, on=day)
        if partnership is not None
        else [],
        "can_register": policy.parties_manageable(request.user).exists(),
    }
    return render(request, "backoffice/people/list.html", context)


def _person_for(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(persons_visible(request.user), pk=pk)


def _manageable_parties(user: AnyUser) -> Any:
    """The parties where the user may give people roles."""
    return policy.parties_manageable(user).order_by("name")


def _person_context(
    request: HttpRequest,
    person: Person,
    *,
    person_form: PersonForm | None = None,
    membership_form: MembershipForm | None = None,
) -> dict[str, Any]:
    memberships = list(memberships_of_person(person=person))
    manageable = set(
        policy.parties_manageable(request.user)
        .filter(pk__in={m.party_id for m in memberships})
        .values_list("pk", flat=True)
    )
    can_edit = bool(manageable) or (
        not memberships and policy.parties_manageable(request.user).exists()
    )
    today = time.today()
    context: dict[str, Any] = {
        "person": person,
        "memberships": memberships,
        "manageable": manageable,
        "today": today,
        "can_edit": can_edit,
        "show_contact": can_edit or policy.can_manage_personal_data(request.user, person),
        "history": history_for(person, *memberships),
    }
    if can_edit:
        context["person_form"] = person_form or PersonForm(
            initial={
                "given_name": person.given_name,
                "family_name": person.family_name,
                "email": person.email,
                "title": person.title,
            },
            prefix="person",
        )
    parties = _manageable_parties(request.user)
    if parties.exists():
        context["membership_form"] = membership_form or MembershipForm(
            parties=parties, prefix="role", initial={"valid_from": today}
        )
        context["end_form"] = MembershipEndForm(prefix="end", initial={"valid_to": today})
    return context


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk)
    return render(request, "backoffice/people/detail.html", _person_context(request, person))


def _keeps_person(user: AnyUser, person: Person) -> bool:
    """A person's details are kept by the secretariat of a party the person holds a role with
    (or sits on a committee without one: any secretariat of the partnership)."""
    parties = policy.parties_manageable(user)
    if person.memberships.filter(party__in=parties).exists():
        return True
    return not person.memberships.exists() and parties.exists()


@login_required
@require_POST
@permission_required(
    _keeps_person,
    load=_person_for,
    subject=itself,
    refusal=gettext_lazy("Only the secretariat of the person's party changes their details."),
)
def person_edit(request: HttpRequest, person: Person) -> HttpResponse:
    form = PersonForm(request.POST, prefix="person")
    if form.is_valid():
        try:
            services.person_update(person=person, **form.cleaned_data, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("backoffice:person", pk=person.pk)
    else:
        status = page_refusal(request, None)
    context = _person_context(request, person, person_form=form)
    return render(request, "backoffice/people/detail.html", context, status=status)


def _may_add_role(user: AnyUser, _person: Person) -> bool:
    return policy.parties_manageable(user).exists()


@login_required
@require_POST
@permission_required(
    _may_add_role,
    load=_person_for,
    subject=itself,
    refusal=gettext_lazy("Only a party's secretariat gives people roles with the party."),
)
def membership_add(request: HttpRequest, person: Person) -> HttpResponse:
    form = MembershipForm(request.POST, parties=_manageable_parties(request.user), prefix="role")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_create(
                person=person,
                party=data["party"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                substitute_order=data["substitute_order"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The role is added."))
            return redirect("backoffice:person", pk=person.pk)
    else:
        status = page_refusal(request, None)
    context = _person_context(request, person, membership_form=form)
    return render(request, "backoffice/people/detail.html", context, status=status)


def _membership_for(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(person__in=persons_visible(request.user)).select_related(
            "person", "party"
        ),
        pk=pk,
    )


@login_required
@require_POST
@permission_required(
    policy.can_manage_party,
    load=_membership_for,
    subject=lambda membership: membership.party,
    refusal=gettext_lazy("Only the party's own secretariat ends its people's roles."),
)
def membership_end(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = MembershipEndForm(request.POST, prefix="end")
    person = membership.person
    if form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                valid_to=form.cleaned_data["valid_to"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            status = page_refusal(request, exc)
        else:
            messages.success(request, _("The role is ended."))
            return redirect("backoffice:person", pk=person.pk)
    else:
        status = page_refusal(request, None)
    context = _person_context(request, person)
    return render(request, "backoffice/people/detail.html", context, status=status)


def _register_parties(request: HttpRequest) -> list[Party]:
    return list(policy.parties_manageable(request.user).order_by("name"))


def _registers_any(_user: AnyUser, parties: list[Party]) -> bool:
    return bool(parties)


@login_required
@permission_required(
    _registers_any,
    load=_register_parties,
    subject=itself,
    refusal=gettext_lazy("Only a party's secretariat registers people."),
)
def person_create(request: HttpRequest, parties: list[Party]) -> HttpResponse:
    chosen = next((p for p in parties if p.slug == request.GET.get("part")), None)
    role = request.GET.get("rolle", "")
    initial: dict[str, Any] = {"valid_from": time.today(), "party": chosen}
    if role in Role.values:
        initial["role"] = role
    queryset = policy.parties_manageable(request.user).order_by("name")
    if request.method != "POST":
        form = PersonRegisterForm(parties=queryset, initial=initial)
        return render(request, "backoffice/people/form.html", {"form": form})
    form = PersonRegisterForm(request.POST, parties=queryset)
    if form.is_valid():
        try:
            person = services.person_register(**form.cleaned_data, actor=user_of(request.user))
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("%(person)s is registered.") % {"person": person})
            return redirect("backoffice:person", pk=person.pk)
    else:
        status = 400
    messages.error(request, _("Check the form: the fields marked below need fixing."))
    return render(request, "backoffice/people/form.html", {"form": form}, status=status)


def _party_for(request: HttpRequest, slug: str) -> Party:
    visible = policy.partnerships_visible(request.user)
    return get_object_or_404(
        Party.objects.filter(
            pk__in=Party.objects.filter(partnerships__in=visible).values("pk")
        ).distinct(),
        slug=slug,
    )


@login_required
@permission_required(
    policy.can_manage_party,
    load=_party_for,
    subject=itself,
    refusal=gettext_lazy("Only the party's own secretariat sets the order of its substitutes."),
)
def substitute_order(request: HttpRequest, party: Party) -> HttpResponse:
    substitutes = list(services.substitutes_current(party=party))
    if request.method != "POST":
        form = SubstituteOrderForm(substitutes=substitutes)
        return render(request, "backoffice/people/substitutes.html", {"form": form, "party": party})
    form = SubstituteOrderForm(request.POST, substitutes=substitutes)
    if form.is_valid():
        try:
            services.substitute_order_set(
                party=party, order=form.ordered(), actor=user_of(request.user)
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, _("The order of the substitutes is saved."))
            partnership = party.partnerships.order_by("-period_start").first()
            target = redirect("backoffice:people")
            if partnership is not None:
                target["Location"] += f"?partnerskap={partnership.slug}"
            return target
    else:
        status = 400
    messages.error(request, _("Check the form: the fields marked below need fixing."))
    context = {"form": form, "party": party}
    return render(request, "backoffice/people/substitutes.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("personer/", people_list, name="people"),
    path("personer/ny/", person_create, name="person_create"),
    path("personer/<id:pk>/", person_detail, name="person"),
    path("personer/<id:pk>/endre/", person_edit, name="person_edit"),
    path("personer/<id:pk>/roller/", membership_add, name="membership_add"),
    path("roller/<id:pk>/avslutt/", membership_end, name="membership_end"),
    path("parter/<slug:slug>/varamedlemmer/", substitute_order, name="substitute_order"),
]

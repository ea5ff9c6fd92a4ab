"""The Django admin is for operators only (issue 13, F1). Secretariats, chairs, members and case
officers work in the back office through their memberships; in the admin they get no page at
all and write nothing, whatever their ``is_staff`` flag or model permissions say. Every add and
change URL comes from ``admin.site._registry``, so a new admin is covered without a list."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from partnerskap.agreements.models import Agreement, Party, Signature
from partnerskap.core.models import AuditEntry
from partnerskap.core.operators import (
    OPERATORS_GROUP,
    is_operator,
    operator_grant,
    operator_group,
)
from partnerskap.demo.loader import DEMO_PASSWORD, load_demo
from partnerskap.people import policy
from partnerskap.people.models import Membership, Person, Role
from tests.conftest import complete_second_factor
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DEMO_ROLES = [
    "sekretariat-radet",
    "sekretariat-viken",  # Viken's membership ended with 2023
    "leder",
    "nestleder",
    "medlem",
    "saksbehandler-baerum",
]

#: Tables an admin write would touch, compared row by row before and after.
WATCHED = ["agreements", "people", "auth", "core", "api", "finance", "committees", "followup"]
#: Written by signing in, not by the admin.
IGNORED = {Session, LogEntry}


def _denied(response: Any) -> bool:
    """No admin page: a redirect to a sign-in page, or 403."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "login" in response["Location"]


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = getattr(obj, field.attname)
    if isinstance(field, models.BooleanField):
        return "on" if value else None
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _form_data(obj: models.Model | None) -> dict[str, Any]:
    """What the admin form of ``obj`` would post, slightly changed (a plausible edit)."""
    if obj is None:
        return {}
    data: dict[str, Any] = {}
    for field in obj._meta.get_fields():
        if isinstance(field, models.ManyToManyField) and field.editable:
            data[field.name] = [o.pk for o in getattr(obj, field.name).all()[:5]]
            continue
        if not getattr(field, "concrete", False) or not field.editable or field.primary_key:
            continue
        if isinstance(field, models.FileField):
            continue
        value = _value(field, obj)  # type: ignore[arg-type]
        if value is None:
            continue
        if isinstance(field, models.DateTimeField) and value:
            stamp = dt.datetime.fromisoformat(value)
            data[f"{field.name}_0"] = stamp.date().isoformat()
            data[f"{field.name}_1"] = stamp.time().strftime("%H:%M")
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = f"{value} (endret)"[: field.max_length or None]
        data[field.name] = value
    return data


def _fingerprint() -> dict[str, Any]:
    """Counts of every table, and the full content of the tables the admin writes to."""
    seen: dict[str, Any] = {}
    for model in apps.get_models():
        if model in IGNORED or model._meta.app_label in {"axes"}:
            continue
        label = model._meta.label
        if model._meta.app_label in WATCHED:
            rows = list(model._default_manager.order_by("pk").values_list())
            seen[label] = hashlib.sha256(repr(rows).encode()).hexdigest()
        else:
            seen[label] = model._default_manager.count()
    return seen


def _admin_urls() -> list[tuple[str, dict[str, Any]]]:
    """Every admin add and change URL, with form data to post to it."""
    urls = []
    for model in admin.site._registry:
        meta = model._meta
        first = model._default_manager.order_by("pk").first()
        urls.append((reverse(f"admin:{meta.app_label}_{meta.model_name}_add"), _form_data(first)))
        pk = first.pk if first is not None else 1
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
        urls.append((change, _form_data(first)))
    return urls


def test_f1_no_demo_role_gets_any_admin_page_or_writes_anything(demo):
    """As each demo role: every admin add and change URL, GET and POST, gives no page, and no
    table changes. (Signed in with ``force_login``, so the test holds whatever the sign-in
    asks for besides the password; the admin's own sign-in is tested below with it.)"""
    urls = _admin_urls()
    assert len(urls) >= 2 * 30, "the admin registry looks empty"
    failures = []
    for username in DEMO_ROLES:
        client = _signed_in(username)
        before = _fingerprint()
        for url, data in [(reverse("admin:index"), {}), *urls]:
            got = client.get(url)
            if not _denied(got):
                failures.append(f"{username} GET {url} → {got.status_code}")
            posted = client.post(url, data)
            if not _denied(posted):
                failures.append(f"{username} POST {url} → {posted.status_code}")
        after = _fingerprint()
        changed = sorted(label for label in before if before[label] != after[label])
        if changed:
            failures.append(f"{username} changed {changed}")
    assert failures == []


def test_f1_demo_users_other_than_admin_are_not_staff_and_hold_no_permissions(bare_demo):
    users = User.objects.exclude(username="admin")
    assert users.exists()
    assert list(users.filter(is_staff=True)) == []
    assert list(users.filter(is_superuser=True)) == []
    assert not Permission.objects.filter(user__in=users).exists()
    assert not Group.objects.filter(user__in=users).exists()
    assert [u.username for u in User.objects.all() if is_operator(u)] == ["admin"]


def test_f1_an_older_demo_database_loses_the_secretariats_staff_rights(bare_demo):
    """A database loaded by the old demo (secretariats staff with model permissions) is
    brought into line by loading the demo again."""
    secretariat = User.objects.get(username="sekretariat-radet")
    secretariat.is_staff = True
    secretariat.save()
    secretariat.user_permissions.set(Permission.objects.filter(content_type__app_label="people"))
    load_demo(history=False)
    secretariat.refresh_from_db()
    assert not secretariat.is_staff
    assert not secretariat.user_permissions.exists()


# ---------------------------------------------------------------- the three attacks of F1


@pytest.fixture
def old_demo_rights(bare_demo) -> None:
    """The secretariats as the old demo made them: staff with add and change rights on people
    and agreements. Being staff with permissions must still not open the admin."""
    for username in ("sekretariat-radet", "sekretariat-viken"):
        user = User.objects.get(username=username)
        user.is_staff = True
        user.save()
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["agreements", "people"]).exclude(
                codename__startswith="delete_"
            )
        )


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_f1_secretariat_cannot_give_itself_a_role_in_another_partnership(old_demo_rights):
    other = PartnershipFactory()
    foreign_party = other.parties.first()
    user = User.objects.get(username="sekretariat-radet")
    before = Membership.objects.count()
    response = _signed_in("sekretariat-radet").post(
        reverse("admin:people_membership_add"),
        {
            "person": Person.objects.get(user=user).pk,
            "party": foreign_party.pk,
            "role": Role.SECRETARIAT,
            "valid_from": "2024-01-01",
            "valid_to": "",
        },
    )
    assert _denied(response)
    assert Membership.objects.count() == before
    assert not policy.can_read_exempt(user, other)


def test_f1_ended_secretariat_cannot_re_add_its_membership(old_demo_rights):
    user = User.objects.get(username="sekretariat-viken")
    assert policy.grants(user) == set()  # Viken's role ended in 2023
    ended = Membership.objects.get(person__user=user)
    before = Membership.objects.count()
    client = _signed_in("sekretariat-viken")
    added = client.post(
        reverse("admin:people_membership_add"),
        {
            "person": ended.person_id,
            "party": ended.party_id,
            "role": Role.SECRETARIAT,
            "valid_from": "2024-01-01",
            "valid_to": "",
        },
    )
    reopened = client.post(
        reverse("admin:people_membership_change", args=[ended.pk]),
        {"valid_to": "2030-12-31"},
    )
    assert _denied(added)
    assert _denied(reopened)
    assert Membership.objects.count() == before
    ended.refresh_from_db()
    assert ended.valid_to == dt.date(2023, 12, 31)
    assert policy.grants(user) == set()


def test_f1_a17_secretariat_cannot_forge_a_signature_for_a_party_it_does_not_belong_to(
    old_demo_rights,
):
    version = Agreement.objects.get().special_part.versions.get(number=1)
    viken = Party.objects.get(slug="viken-fylkeskommune")
    version.signatures.filter(party=viken).delete()
    response = _signed_in("sekretariat-radet").post(
        reverse("admin:agreements_signature_add"),
        {
            "version": version.pk,
            "party": viken.pk,
            "signatory_name": "Forfalsket",
            "signatory_role": "",
            "place": "Sandvika",
            "signed_on": "2024-05-01",
        },
    )
    assert _denied(response)
    assert not Signature.objects.filter(signatory_name="Forfalsket").exists()


def test_f1_partnerships_parties_and_bodies_are_not_editable_by_a_secretariat(old_demo_rights):
    client = _signed_in("sekretariat-radet")
    for name in ("partnership", "party", "electedbody"):
        first = apps.get_model("agreements", name).objects.first()
        url = reverse(f"admin:agreements_{name}_change", args=[first.pk])
        assert _denied(client.get(url)), url
        assert _denied(client.post(url, _form_data(first))), url


# ---------------------------------------------------------------- who is an operator


def _admin_login(username: str, password: str = DEMO_PASSWORD) -> Client:
    client = Client()
    client.post(reverse("admin:login"), {"username": username, "password": password})
    return client


def test_staff_with_every_permission_but_no_operator_role_cannot_sign_in_to_the_admin(
    old_demo_rights,
):
    client = _admin_login("sekretariat-radet")
    assert "_auth_user_id" not in client.session
    assert _denied(client.get(reverse("admin:index")))


def test_an_operator_group_member_signs_in_to_the_admin(bare_demo):
    user = UserFactory(username="drift")
    operator_grant(user=user, actor=None)
    assert Group.objects.get(name=OPERATORS_GROUP).permissions.count() == Permission.objects.count()
    client = _admin_login("drift", "pw")
    assert client.session["_auth_user_id"] == str(user.pk)
    # An operator needs the second factor before the admin opens (docs/security.md).
    assert client.get(reverse("admin:index")).status_code == 302
    complete_second_factor(client, user)
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(reverse("admin:people_membership_changelist"))
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action="core.operator.granted", target_id=user.pk).exists()


@pytest.mark.parametrize(
    ("flags", "in_group", "admitted"),
    [
        ({"is_staff": True, "is_superuser": True}, False, True),
        ({"is_staff": True}, True, True),
        ({"is_staff": True}, False, False),  # staff alone admits nobody
        ({"is_staff": False, "is_superuser": True}, False, False),
        ({"is_staff": False}, True, False),
        ({"is_staff": True, "is_superuser": True, "is_active": False}, False, False),
        ({"is_staff": True, "is_active": False}, True, False),
    ],
)
def test_who_the_admin_admits(db, flags, in_group, admitted):
    user = UserFactory(username="someone", **flags)
    if in_group:
        user.groups.add(operator_group())
    assert is_operator(User.objects.get(pk=user.pk)) is admitted
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:people_membership_add"))
    assert (response.status_code == 200) is admitted
    if not admitted:
        assert _denied(response)


def test_operators_command_grants_lists_and_revokes(db, capsys):
    UserFactory(username="drift")
    call_command("operators", "add", "drift")
    assert is_operator(User.objects.get(username="drift"))
    call_command("operators", "list")
    assert "drift" in capsys.readouterr().out
    call_command("operators", "remove", "drift")
    user = User.objects.get(username="drift")
    assert not is_operator(user)
    assert not user.is_staff
    assert AuditEntry.objects.filter(action="core.operator.revoked").exists()


def test_the_back_office_links_to_the_admin_only_for_operators(bare_demo):
    link = f'href="{reverse("admin:index")}"'
    secretariat = _signed_in("sekretariat-radet").get(reverse("backoffice:dashboard"))
    operator = _signed_in("admin").get(reverse("backoffice:dashboard"))
    assert secretariat.status_code == operator.status_code == 200
    assert link not in secretariat.content.decode()
    assert link in operator.content.decode()

"""The demo partnership: complete, coherent and idempotent."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from partnerskap.agreements.models import AgreementVersion, ElectedBody, Party
from partnerskap.agreements.selectors import areas_current, version_is_signed
from partnerskap.demo.loader import load_demo
from partnerskap.demo.two_factor import DEMO_TOTP_SECRET, second_factor_of
from partnerskap.people.models import Membership, Role

pytestmark = pytest.mark.django_db


def all_rows() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_demo_is_idempotent(demo):
    before = all_rows()
    second = load_demo()
    assert second.created == 0
    assert all_rows() == before


def test_a1_a3_demo_has_both_parties_member_municipalities_and_seven_areas(demo):
    partnership = demo.partnership
    names = [p.name for p in partnership.parties.order_by("partnershipparty__position")]
    assert names == ["Interkommunalt politisk råd for Asker og Bærum", "Viken fylkeskommune"]
    council = Party.objects.get(kind=Party.Kind.REGIONAL_COUNCIL)
    assert {p.name for p in council.member_municipalities.all()} == {
        "Asker kommune",
        "Bærum kommune",
    }
    viken = Party.objects.get(name="Viken fylkeskommune")
    assert str(viken.valid_to) == "2023-12-31"
    assert viken.successor.name == "Akershus fylkeskommune"
    assert areas_current(partnership=partnership).count() == 7


def test_demo_has_the_elected_bodies_where_proposals_are_followed_up(demo):
    bodies = set(ElectedBody.objects.values_list("name", flat=True))
    assert {
        "Asker kommunestyre",
        "Bærum kommunestyre",
        "Viken fylkesting",
        "Viken fylkesutvalg",
    } <= bodies


def test_demo_has_people_in_every_role(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    council = Party.objects.get(kind=Party.Kind.REGIONAL_COUNCIL)
    assert Membership.objects.filter(party=council, role=Role.CHAIR).count() == 1
    assert Membership.objects.filter(party=council, role=Role.DEPUTY_CHAIR).count() == 1


def test_a17_demo_version_one_is_signed_by_both_parties(demo):
    version = AgreementVersion.objects.get(number=1, part__agreement__partnership=demo.partnership)
    assert version.signatures.count() == 2
    assert version_is_signed(version=version)


def test_demo_logins_can_log_in(demo, client):
    usernames = [login for login, _, _ in demo.logins]
    assert {"admin", "sekretariat-radet", "sekretariat-viken", "leder"} <= set(usernames)
    response = client.post(
        "/sekretariat/logg-inn/",
        {"username": "sekretariat-radet", "password": demo.logins[0][1]},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sekretariat/logg-inn/kode/?next=%2Fsekretariat%2F"
    second = second_factor_of("sekretariat-radet")
    assert second is not None
    response = client.post(
        response["Location"], {"code": second.recovery_codes[0], "next": "/sekretariat/"}
    )
    assert response["Location"] == "/sekretariat/"


def test_demo_command_refuses_without_debug():
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo")


@override_settings(DEBUG=True)
def test_demo_command_prints_the_logins(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    assert "sekretariat-viken" in out
    assert f"secret {DEMO_TOTP_SECRET} (otpauth://totp/Partnerskap%3Asekretariat-radet?" in out
    assert "recovery code: demoreserve1, demoreserve2, demoreserve3" in out
    call_command("demo")
    assert "nothing changed" in capsys.readouterr().out

"""Two-factor sign-in: required for operators and roles with exempt access, enforced for
every back-office and admin URL by one middleware; codes, recovery codes, lockout, enrolment,
opting in and out, and the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.accounts import twofactor
from partnerskap.api.services import api_token_create
from partnerskap.core.models import AuditEntry
from partnerskap.demo.loader import DEMO_PASSWORD
from partnerskap.demo.two_factor import DEMO_RECOVERY_CODES
from partnerskap.people import policy
from partnerskap.people.models import Person, Role
from partnerskap.people.services import membership_create
from tests.conftest import PASSWORD_ONLY_LOGIN
from tests.factories import PartyFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/sekretariat/logg-inn/"
VERIFY = "/sekretariat/logg-inn/kode/"
ENROL = "/sekretariat/logg-inn/tofaktor/"
OPEN = {
    LOGIN,
    "/sekretariat/logg-ut/",
    VERIFY,
    ENROL,
    "/sekretariat/logg-inn/sso/",
    "/sekretariat/logg-inn/sso/tilbake/",
}


def user(username: str) -> User:
    return get_user_model().objects.get(username=username)


def code_now(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def later() -> dt.datetime:
    """A minute on: past the device's pause after a wrong code."""
    return timezone.now() + dt.timedelta(minutes=1)


def password_step(client, username: str):
    return client.post(LOGIN, {"username": username, "password": DEMO_PASSWORD})


def _sample(pattern: str) -> str:
    """A concrete path for a route: ints → 1, anything else → «x»."""
    path = re.sub(r"<(?:int|apiid):\w+>", "1", pattern)
    path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
    return "/" + re.sub(r"\^|\$|\\Z|\(\?P<\w+>[^)]*\)", "x", path).lstrip("/")


def _routes(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield _sample(prefix + str(entry.pattern))


def guarded_routes() -> list[str]:
    routes = sorted(set(_routes(get_resolver().url_patterns)))
    return [r for r in routes if r.startswith(("/sekretariat/", "/admin/")) and r not in OPEN]


def test_operators_and_every_exempt_reader_role_require_two_factor(bare_demo):
    assert twofactor.is_required(user("admin"))
    for username in ("sekretariat-radet", "leder", "nestleder", "medlem"):
        assert twofactor.is_required(user(username)), username
    assert not twofactor.is_required(user("saksbehandler-baerum"))  # case officer
    for role in Role:
        login = UserFactory()
        person = Person.objects.create(given_name="Å", family_name=role, user=login)
        membership_create(
            person=person,
            party=PartyFactory(),
            role=role,
            valid_from=dt.date(2020, 1, 1),
            actor=None,
        )
        assert twofactor.is_required(login) == (role in policy.EXEMPT_READERS), role
    assert not twofactor.is_required(UserFactory())
    assert twofactor.is_required(UserFactory(is_staff=True))


def test_a_password_only_session_of_a_secretariat_reaches_no_back_office_or_admin_url(
    client, bare_demo
):
    PASSWORD_ONLY_LOGIN(client, user("sekretariat-radet"))
    routes = guarded_routes()
    assert "/sekretariat/" in routes
    assert "/admin/" in routes
    assert len(routes) > 40
    for route in routes:
        for method in ("get", "post"):
            response = getattr(client, method)(route)
            assert response.status_code == 302, (method, route, response.status_code)
            assert response["Location"].startswith(VERIFY), (method, route)


def test_a_password_only_session_is_anonymous_outside_the_back_office(client, bare_demo):
    issued = api_token_create(user=user("sekretariat-radet"), name="sak", actor=None)
    PASSWORD_ONLY_LOGIN(client, user("sekretariat-radet"))
    response = client.get("/")
    assert response.wsgi_request.user.is_anonymous
    assert "sekretariat-radet" not in response.content.decode()
    api = client.get("/api/v1/meetings/")
    assert api.wsgi_request.user.is_anonymous
    # API tokens are for integrations and do not use the session: not affected.
    with_token = client.get("/api/v1/meetings/", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert with_token.status_code == 200


def test_password_then_code_signs_in_and_a_wrong_code_is_refused(client, bare_demo):
    response = password_step(client, "sekretariat-radet")
    assert response["Location"] == f"{VERIFY}?next=%2Fsekretariat%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "autentisering" in page.content.decode().lower() or "kode" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "000000", "next": "/sekretariat/"})
    assert wrong.status_code == 400
    assert client.get("/sekretariat/")["Location"].startswith(VERIFY)
    with time_machine.travel(later(), tick=True):  # past the device's pause after a wrong code
        TOTPDevice.objects.filter(user__username="sekretariat-radet").update(last_t=-1)
        right = client.post(
            VERIFY, {"code": code_now("sekretariat-radet"), "next": "/sekretariat/"}
        )
        assert right.status_code == 302
        assert right["Location"] == "/sekretariat/"
        assert client.get("/sekretariat/").status_code == 200
    actions = list(
        AuditEntry.objects.filter(actor__username="sekretariat-radet").values_list(
            "action", flat=True
        )
    )
    assert {
        "accounts.signed_in",
        "accounts.two_factor.failed",
        "accounts.two_factor.verified",
    } <= set(actions)


def test_repeated_wrong_codes_lock_the_user_out(client, bare_demo, settings):
    password_step(client, "leder")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    locked = client.post(VERIFY, {"code": "123456"})
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated
    assert client.get("/sekretariat/")["Location"].startswith(LOGIN)
    assert password_step(client, "leder").status_code == 429  # the password is locked too
    assert AuditEntry.objects.filter(action="accounts.two_factor.locked_out").exists()


def test_a_recovery_code_works_once(client, bare_demo):
    code = DEMO_RECOVERY_CODES[0]
    password_step(client, "medlem")
    response = client.post(VERIFY, {"code": f" {code.upper()} ", "next": "/sekretariat/"})
    assert response["Location"] == "/sekretariat/"
    assert client.get("/sekretariat/").status_code == 200
    assert not StaticToken.objects.filter(device__user__username="medlem", token=code).exists()
    client.logout()
    password_step(client, "medlem")
    assert client.post(VERIFY, {"code": code}).status_code == 400
    assert client.get("/sekretariat/")["Location"].startswith(VERIFY)


def test_a_required_user_without_authenticator_enrols_before_anything_else(client, bare_demo):
    TOTPDevice.objects.filter(user__username="nestleder").delete()
    response = password_step(client, "nestleder")
    assert response["Location"] == f"{ENROL}?next=%2Fsekretariat%2F"
    assert client.get("/sekretariat/moter/")["Location"].startswith(ENROL)
    page = client.get(response["Location"])
    html = page.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<svg" in main
    assert "style=" not in main
    assert "<script" not in main
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret is not None
    device = TOTPDevice.objects.get(user__username="nestleder", confirmed=False)
    assert secret.group(1).replace(" ", "") in device.config_url
    assert client.post(ENROL, {"code": "000000"}).status_code == 400
    with time_machine.travel(later(), tick=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        done = client.post(ENROL, {"code": f"{totp.token():06d}", "next": "/sekretariat/"})
        assert done["Location"].startswith("/sekretariat/tofaktor/reservekoder/")
        codes_page = client.get(done["Location"]).content.decode()
        codes = StaticToken.objects.filter(device__user__username="nestleder")
        assert codes.count() == 10
        assert all(c.token in codes_page for c in codes)
        assert client.get("/sekretariat/tofaktor/reservekoder/").status_code == 302  # once
        assert client.get("/sekretariat/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.enrolled").exists()


def test_a_case_officer_may_opt_in_and_out(client, bare_demo):
    response = password_step(client, "saksbehandler-baerum")
    assert response["Location"] == "/sekretariat/"
    assert client.get("/sekretariat/tofaktor/").status_code == 200
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="saksbehandler-baerum", confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(ENROL, {"code": f"{totp.token():06d}"})
    client.logout()
    assert password_step(client, "saksbehandler-baerum")["Location"].startswith(VERIFY)
    client.post(
        VERIFY, {"code": StaticToken.objects.filter(device__user=device.user).first().token}
    )
    assert client.post("/sekretariat/tofaktor/sla-av/").status_code == 302
    assert not TOTPDevice.objects.filter(user__username="saksbehandler-baerum").exists()
    client.logout()
    assert password_step(client, "saksbehandler-baerum")["Location"] == "/sekretariat/"


def test_a_required_user_cannot_turn_two_factor_off(client, bare_demo):
    client.force_login(user("sekretariat-radet"))
    response = client.post("/sekretariat/tofaktor/sla-av/", follow=True)
    assert TOTPDevice.objects.filter(user__username="sekretariat-radet").exists()
    assert "kan ikke slås av" in response.content.decode()
    page = client.get("/sekretariat/tofaktor/").content.decode()
    assert "/sekretariat/tofaktor/sla-av/" not in page


def test_new_recovery_codes_replace_the_old(client, bare_demo):
    client.force_login(user("leder"))
    response = client.post("/sekretariat/tofaktor/nye-reservekoder/")
    assert response["Location"] == "/sekretariat/tofaktor/reservekoder/"
    tokens = set(
        StaticToken.objects.filter(device__user__username="leder").values_list("token", flat=True)
    )
    assert len(tokens) == 10
    assert not tokens & set(DEMO_RECOVERY_CODES)
    page = client.get(response["Location"]).content.decode()
    assert all(t in page for t in tokens)


def test_single_sign_on_is_off_unless_configured(client, bare_demo):
    page = client.get(LOGIN).content.decode()
    assert "/sekretariat/logg-inn/sso/" not in page
    assert client.get("/sekretariat/logg-inn/sso/")["Location"] == LOGIN

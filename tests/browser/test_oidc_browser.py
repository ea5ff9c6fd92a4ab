"""Single sign-on end to end against a real OpenID Connect provider: django-oauth-toolkit in
OIDC mode (tests/oidc_provider/), started in its own process on loopback with an RS256 key made
here. The browser goes from our login page to the provider's sign-in and consent and back;
our server fetches the discovery document, exchanges the code, checks the signed ID token
against the provider's keys and matches the person. Nothing of the protocol is mocked."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from partnerskap.accounts import oidc
from partnerskap.core.models import AuditEntry
from partnerskap.people.models import SignInIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CLIENT_SECRET = "test-client-secret-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _django(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory) -> Iterator[str]:
    """The provider's issuer URL, serving on 127.0.0.1 until the module's tests are done."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "PROVIDER_DATABASE": str(tmp_path_factory.mktemp("idp") / "idp.sqlite3"),
        "PROVIDER_RSA_KEY": pem,
        "PROVIDER_ISSUER": issuer,
        "PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
        "PROVIDER_REDIRECT_URI": f"{live_server.url}/sekretariat/logg-inn/sso/tilbake/",
        "PYTHONWARNINGS": "ignore",
    }
    _django(env, "migrate", "--noinput")
    _django(env, "shell", "-c", (ROOT / "tests/oidc_provider/seed.py").read_text())
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the test identity provider did not start")
                time.sleep(0.2)
        yield issuer
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def sso(provider: str, settings) -> str:
    settings.OIDC_RP_CLIENT_ID = "partnerskap"
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = provider
    settings.OIDC_PROVIDER_NAME = "Testkommune-ID"
    oidc._discovery_cache.clear()
    return provider


def through_the_provider(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/sekretariat/logg-inn/")
    page.get_by_role("link", name="Logg inn med Testkommune-ID").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("idp-pass")
    page.get_by_role("button", name="Sign in at the provider").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/o/authorize/"))
    page.get_by_role("button", name="Authorize").click()


def test_sso_signs_in_the_person_matched_by_verified_email_then_by_subject(
    site: str, sso: str, page: Page
):
    """Sigrid's provider account has leder's verified e-mail address and signs in with
    several factors (amr «mfa»): she lands in the back office as leder without a code."""
    through_the_provider(page, site, "sigrid")
    expect(page).to_have_url(f"{site}/sekretariat/")
    expect(page.locator("footer")).to_contain_text("Logget inn som")
    identity = SignInIdentity.objects.get()
    assert identity.person.user.username == "leder"
    assert identity.issuer == sso
    entry = AuditEntry.objects.filter(action="accounts.oidc.signed_in").get()
    assert entry.actor.username == "leder"
    assert entry.data == {"mfa": True}
    # The second time the stored subject matches, even with the e-mail address changed.
    identity.person.email = "ny-adresse@demo.partnerskap.invalid"
    identity.person.save()
    page.context.clear_cookies()
    through_the_provider(page, site, "sigrid")
    expect(page).to_have_url(f"{site}/sekretariat/")
    assert SignInIdentity.objects.count() == 1


def test_sso_without_multi_factor_still_asks_for_the_code(site: str, sso: str, page: Page):
    """Mona's provider signs her in with a password only: as medlem (exempt access) she is
    asked for her authenticator's code before anything else."""
    through_the_provider(page, site, "mona")
    expect(page).to_have_url(re.compile(re.escape(f"{site}/sekretariat/logg-inn/kode/")))
    page.goto(f"{site}/sekretariat/moter/")
    expect(page).to_have_url(re.compile(re.escape(f"{site}/sekretariat/logg-inn/kode/")))


def test_sso_refuses_unknown_people_and_unverified_addresses(site: str, sso: str, page: Page):
    users_before = get_user_model().objects.count()
    for username in ("ukjent", "falsk"):
        page.context.clear_cookies()
        through_the_provider(page, site, username)
        expect(page).to_have_url(f"{site}/sekretariat/logg-inn/")
        expect(page.get_by_role("alert").or_(page.locator(".ds-alert"))).to_contain_text(
            "ikke knyttet til noen med tilgang til Partnerskap"
        )
        page.goto(f"{site}/sekretariat/")
        expect(page).to_have_url(re.compile(r"/sekretariat/logg-inn/\?next="))
    assert get_user_model().objects.count() == users_before
    assert not SignInIdentity.objects.exists()
    assert AuditEntry.objects.filter(action="accounts.oidc.refused").count() == 2

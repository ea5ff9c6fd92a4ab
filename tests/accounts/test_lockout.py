"""Lockout after failed sign-ins (F4): per user name wherever the attempts come from, and per
real client address (``X-Forwarded-For`` believed only from trusted proxies) at a higher limit,
so one locked user name never locks out the colleagues behind the same proxy."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerskap.accounts.proxies import client_address, parse_networks
from partnerskap.core.models import AuditEntry
from partnerskap.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/sekretariat/logg-inn/"
PROXY = "10.0.0.1"


def sign_in(client, username: str, password: str, **meta: str):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY, **meta
    )


def signed_in(response) -> bool:
    """The password was accepted (to the dashboard, or on to the second factor)."""
    return response.status_code == 302 and response["Location"].startswith("/sekretariat/")


def test_f4_wrong_passwords_for_one_user_do_not_lock_out_others_behind_one_proxy(
    client, bare_demo, settings
):
    """F4: five wrong passwords for `nestleder`, all through one proxy, locked out `leder`."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "nestleder", "feil").status_code == 200
    assert sign_in(client, "nestleder", "feil").status_code == 429
    assert sign_in(client, "nestleder", DEMO_PASSWORD).status_code == 429
    assert signed_in(sign_in(client, "leder", DEMO_PASSWORD))
    assert AuditEntry.objects.filter(
        action="accounts.locked_out", data__username="nestleder"
    ).exists()


def test_f4_a_locked_user_name_locks_no_colleague_at_the_same_threshold(
    client, bare_demo, settings
):
    """Two user names locked from one address: a third still signs in, and a colleague's
    success does not lift the lockout of the others."""
    for username in ("nestleder", "medlem"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, username, "feil")
    assert signed_in(sign_in(client, "saksbehandler-baerum", DEMO_PASSWORD))
    client.logout()
    assert sign_in(client, "nestleder", DEMO_PASSWORD).status_code == 429
    assert sign_in(client, "medlem", DEMO_PASSWORD).status_code == 429


def test_a_user_name_is_locked_whatever_address_the_attempts_come_from(client, bare_demo, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "leder", "password": "feil"}, REMOTE_ADDR=f"198.51.100.{n}")
    locked = client.post(
        LOGIN, {"username": "leder", "password": DEMO_PASSWORD}, REMOTE_ADDR="203.0.113.99"
    )
    assert locked.status_code == 429


def test_an_address_spraying_many_user_names_is_locked_at_its_own_limit(
    client, bare_demo, settings
):
    settings.AXES_IP_FAILURE_LIMIT = 8
    settings.PARTNERSKAP_TRUSTED_PROXIES = [PROXY]
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for n in range(8):
        sign_in(client, f"gjett-{n}", "feil", **attacker)
    assert sign_in(client, "leder", DEMO_PASSWORD, **attacker).status_code == 429
    colleague = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert signed_in(sign_in(client, "leder", DEMO_PASSWORD, **colleague))


def test_forwarded_for_from_an_untrusted_peer_is_ignored(client, bare_demo, settings):
    """Without trusted proxies, a client cannot escape its address's count by inventing
    X-Forwarded-For values."""
    settings.AXES_IP_FAILURE_LIMIT = 6
    for n in range(6):
        sign_in(client, f"gjett-{n}", "feil", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert (
        sign_in(client, "leder", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77").status_code
        == 429
    )


def test_behind_a_trusted_proxy_each_real_client_is_counted_apart(client, bare_demo, settings):
    settings.AXES_IP_FAILURE_LIMIT = 6
    settings.PARTNERSKAP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    for n in range(6):
        sign_in(client, f"gjett-{n}", "feil", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert signed_in(sign_in(client, "leder", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77"))


NETS = parse_networks("TEST", ["10.0.0.0/8", "fd00::/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.5", "", "203.0.113.5"),  # no proxy
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # untrusted peer: header ignored
        ("10.0.0.1", "", "10.0.0.1"),  # trusted peer without a header
        ("10.0.0.1", "198.51.100.4", "198.51.100.4"),
        ("10.0.0.1", "1.1.1.1, 198.51.100.4", "198.51.100.4"),  # spoofed left part ignored
        ("10.0.0.1", "198.51.100.4, 10.0.0.9", "198.51.100.4"),  # two proxies
        ("10.0.0.1", "198.51.100.4, not-an-ip", "10.0.0.1"),  # garbage: the proxy
        ("10.0.0.1", "10.0.0.8, 10.0.0.9", "10.0.0.8"),  # all trusted: the left-most
        ("fd00::1", "2001:db8::7", "2001:db8::7"),
        ("::ffff:10.0.0.1", "198.51.100.4", "198.51.100.4"),  # IPv4-mapped proxy
    ],
)
def test_the_client_is_the_right_most_address_that_is_no_trusted_proxy(peer, forwarded, client):
    assert client_address(peer, forwarded, NETS) == client
    ipaddress.ip_address(client_address(peer, forwarded, NETS))


def test_a_bad_trusted_proxy_setting_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="PARTNERSKAP_TRUSTED_PROXIES"):
        parse_networks("PARTNERSKAP_TRUSTED_PROXIES", ["10.0.0.1", "proxy.example.no"])

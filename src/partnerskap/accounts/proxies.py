"""The real client's address behind reverse proxies.

``X-Forwarded-For`` is honoured only when the direct peer (``REMOTE_ADDR``) is one of the
trusted proxies of ``PARTNERSKAP_TRUSTED_PROXIES``: the header is read from the right, past
every trusted proxy, and the first address that is not one of them is the client. A client
can put anything at the left of the header, so nothing left of that address is believed.
Without trusted proxies the peer is the client (and behind a proxy every request seems to come
from the proxy: configure the proxies).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(name: str, values: Iterable[str]) -> tuple[Network, ...]:
    """IP addresses and CIDR ranges, or ``ImproperlyConfigured`` naming the variable."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            msg = (
                f"{name}: {value!r} is not an IP address or network; give comma-separated "
                "addresses or CIDR ranges such as 10.0.0.5,192.168.10.0/24."
            )
            raise ImproperlyConfigured(msg) from None
    return tuple(networks)


@cache
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks("PARTNERSKAP_TRUSTED_PROXIES", values)


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(settings.PARTNERSKAP_TRUSTED_PROXIES))


def _address(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip().removeprefix("[").split("]")[0])
    except ValueError:
        return None


def _is_trusted(address: Address, networks: Sequence[Network]) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    candidates = (address, mapped) if mapped is not None else (address,)
    return any(a in n for a in candidates for n in networks if a.version == n.version)


def client_address(remote_addr: str, forwarded_for: str, networks: Sequence[Network]) -> str:
    """The right-most address in ``forwarded_for`` that is not a trusted proxy, when the peer
    is one; otherwise the peer."""
    peer = _address(remote_addr)
    if peer is None:
        return remote_addr
    if not networks or not _is_trusted(peer, networks) or not forwarded_for.strip():
        return str(peer)
    candidate = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:  # garbage: believe only the trusted hop that passed it on
            return str(candidate)
        candidate = address
        if not _is_trusted(address, networks):
            return str(address)
    return str(candidate)  # every hop is a trusted proxy: the left-most one is the client


def client_ip(request: HttpRequest) -> str:
    """The client's address for this request (lockout, audit)."""
    return client_address(
        str(request.META.get("REMOTE_ADDR", "")),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        trusted_proxies(),
    )

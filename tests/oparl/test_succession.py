"""OParl after a succession (A1): Akershus fylkeskommune is an Organization of the demo body,
and its members, who sit in Viken's seat in 2024, are People with Memberships of the
partnership meeting. (The project's OParl lists no meeting participants.)"""

from __future__ import annotations

import pytest

from tests.oparl.conftest import get

pytestmark = pytest.mark.django_db


def _all(client, url: str) -> list[dict]:
    out = []
    while url:
        page = get(client, url)
        out += page["data"]
        url = page["links"].get("next", "")
    return out


def test_a1_akershus_is_an_organization_and_its_members_sit_in_the_meeting(client, demo):
    body = demo.partnership.pk
    organizations = _all(client, f"/oparl/v1/body/{body}/organizations/")
    assert [o for o in organizations if o["name"] == "Akershus fylkeskommune"]
    seat = max(organizations, key=lambda o: len(o.get("membership", [])))
    people = _all(client, f"/oparl/v1/body/{body}/people/")
    akershus_people = {p["id"] for p in people if "Solheim" in p.get("name", "")}
    assert len(akershus_people) == 1
    # Their memberships seat them in the partnership meeting (for Akershus, in Viken's seat).
    # The council's 5, Viken's 4 and Akershus's 4 (3 members and a substitute).
    assert len(seat["membership"]) == 13

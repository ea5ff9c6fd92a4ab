"""Succession of a party (A1): the successor acts for a ceased party from the day after its
end, in every partnership, or per council where a county was split; the policy follows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from partnerskap.agreements.models import Party, PartySuccession
from partnerskap.agreements.services import party_cease
from partnerskap.agreements.succession import acting_party, successors_in
from partnerskap.core.errors import DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.people import policy
from partnerskap.people.models import Role
from tests.factories import (
    ElectedBodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PartyFactory,
    UserFactory,
)
from tests.world import OSLO

pytestmark = pytest.mark.django_db

END = dt.date(2023, 12, 31)


def _on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=OSLO))


def _person_of(party: Party, role: str = Role.SECRETARIAT, since: dt.date | None = None):
    user = UserFactory()
    start = since or dt.date(2024, 1, 1)
    MembershipFactory(person__user=user, party=party, role=role, valid_from=start)
    return user


@pytest.fixture
def split():
    """Viken ceases 31.12.2023: Akershus by default, Buskerud for the Drammen council."""
    viken = PartyFactory(county=True, slug="viken")
    akershus = PartyFactory(county=True, slug="akershus", valid_from=dt.date(2023, 1, 1))
    buskerud = PartyFactory(county=True, slug="buskerud", valid_from=dt.date(2024, 1, 1))
    asker, drammen = PartyFactory(slug="asker-rad"), PartyFactory(slug="drammen-rad")
    north = PartnershipFactory(parties=[asker, viken])
    south = PartnershipFactory(parties=[drammen, viken])
    user = UserFactory()
    party_cease(
        party=viken,
        valid_to=END,
        successor=akershus,
        successors_by_council={drammen: buskerud},
        actor=user,
    )
    return viken, akershus, buskerud, north, south


def test_a1_successor_acts_from_the_day_after_the_end_not_before(split):
    viken, akershus, _buskerud, north, _south = split
    assert acting_party(viken, on=END, partnership=north) == viken
    assert acting_party(viken, on=END + dt.timedelta(days=1), partnership=north) == akershus
    # The successor's secretariat is in office before the day (a party that already exists).
    secretariat = _person_of(akershus, since=dt.date(2023, 1, 1))
    with _on(END):
        assert not policy.can_act_for_party(secretariat, viken)
        assert not policy.can_edit_partnership(secretariat, north)
    with _on(END + dt.timedelta(days=1)):
        assert policy.can_act_for_party(secretariat, viken)
        assert policy.can_edit_partnership(secretariat, north)


def test_a1_policy_grants_go_to_the_successors_people(split):
    viken, akershus, _buskerud, north, _south = split
    body = ElectedBodyFactory(party=viken)
    secretariat, officer = _person_of(akershus), _person_of(akershus, Role.CASE_OFFICER)
    member = _person_of(akershus, Role.MEMBER)
    with _on(dt.date(2024, 3, 1)):
        assert policy.can_record_finances(secretariat, viken)
        assert policy.can_record_finances(officer, viken)
        assert list(policy.parties_acted_for(secretariat, north)) == [viken]
        assert policy.can_record_follow_up(officer, body)
        assert policy.can_plan(secretariat, north)
        assert policy.can_read_exempt(member, north)
        assert north in policy.partnerships_visible(member)
        assert not policy.can_edit_partnership(member, north)
        assert not policy.can_record_finances(member, viken)


def test_a1_a_split_county_has_a_successor_for_each_council(split):
    viken, akershus, buskerud, north, south = split
    day = dt.date(2024, 3, 1)
    assert acting_party(viken, on=day, partnership=north) == akershus
    assert acting_party(viken, on=day, partnership=south) == buskerud
    assert list(successors_in(north, on=day)) == [akershus]
    assert list(successors_in(south, on=day)) == [buskerud]
    assert PartySuccession.objects.get(predecessor=viken).successor == buskerud
    in_akershus, in_buskerud = _person_of(akershus), _person_of(buskerud)
    with _on(day):
        assert set(policy.partnerships_editable(in_akershus)) == {north}
        assert set(policy.partnerships_editable(in_buskerud)) == {south}
        assert policy.partnerships_exempt_readable(in_buskerud) == {south.pk}


def test_a1_the_chain_is_followed(split):
    viken, akershus, _buskerud, north, _south = split
    later = PartyFactory(county=True, slug="later", valid_from=dt.date(2026, 1, 1))
    party_cease(party=akershus, valid_to=dt.date(2025, 12, 31), successor=later, actor=None)
    assert acting_party(viken, on=dt.date(2026, 1, 1), partnership=north) == later
    with _on(dt.date(2026, 2, 1)):
        assert policy.can_edit_partnership(_person_of(later), north)


def test_a1_ceasing_is_audited_and_checked(split):
    viken, akershus, *_ = split
    entry = AuditEntry.objects.filter(action="agreements.party.ceased").get()
    assert entry.target_id == str(viken.pk)
    assert entry.data["successor"] == "akershus"
    assert entry.data["by_council"] == ["drammen-rad:buskerud"]
    with pytest.raises(DomainError) as exc:
        party_cease(party=viken, valid_to=END, successor=akershus, actor=None)
    assert exc.value.code == "agreements.party.ceased"
    other = PartyFactory(county=True)
    with pytest.raises(DomainError) as exc:
        party_cease(party=other, valid_to=END, successor=other, actor=None)
    assert exc.value.code == "agreements.party.successor_invalid"


def test_a1_a_split_countys_successors_act_each_in_their_own_councils_partnerships(split):
    """Buskerud acts for Viken with the Drammen council, Akershus with the others: each
    records costs, signs and invites guests for Viken only there, and the portal names the
    successor that acts in each partnership."""
    from partnerskap.portal.selectors import parties_in_order

    viken, akershus, buskerud, north, south = split
    in_akershus, in_buskerud = _person_of(akershus), _person_of(buskerud)
    with _on(dt.date(2024, 3, 1)):
        assert policy.can_act_for_party_in(in_akershus, viken, north)
        assert not policy.can_act_for_party_in(in_akershus, viken, south)
        assert policy.can_act_for_party_in(in_buskerud, viken, south)
        assert not policy.can_act_for_party_in(in_buskerud, viken, north)
        assert policy.can_record_finances_in(in_buskerud, (south, viken))
        assert not policy.can_record_finances_in(in_buskerud, (north, viken))
        assert list(policy.parties_acted_for(in_buskerud, north)) == []
        assert list(policy.parties_acted_for(in_buskerud, south)) == [viken]
    shown = {p.pk: p for p in parties_in_order(partnership=south)}
    assert shown[viken.pk].acting_successor == buskerud
    assert shown[viken.pk].acting_from == dt.date(2024, 1, 1)
    shown = {p.pk: p for p in parties_in_order(partnership=north)}
    assert shown[viken.pk].acting_successor == akershus

"""The permission policy: roles from memberships decide who may do what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from partnerskap.agreements.models import ElectedBody, Party
from partnerskap.people import policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_secretariats_edit_the_shared_partnership(bare_demo):
    assert policy.can_edit_partnership(user("sekretariat-radet"), bare_demo.partnership)
    # Viken ended on 31.12.2023, and with it its secretariat's memberships.
    assert not policy.can_edit_partnership(user("sekretariat-viken"), bare_demo.partnership)
    assert not policy.can_edit_partnership(user("medlem"), bare_demo.partnership)
    assert not policy.can_edit_partnership(AnonymousUser(), bare_demo.partnership)


def test_a_case_officer_answers_only_for_their_own_bodies(bare_demo):
    baerum = ElectedBody.objects.get(slug="baerum-kommunestyre")
    asker = ElectedBody.objects.get(slug="asker-kommunestyre")
    viken = ElectedBody.objects.get(slug="viken-fylkesting")
    officer = user("saksbehandler-baerum")
    assert policy.can_record_follow_up(officer, baerum)
    assert not policy.can_record_follow_up(officer, asker)
    assert not policy.can_record_follow_up(officer, viken)
    council_secretariat = user("sekretariat-radet")
    assert policy.can_record_follow_up(council_secretariat, asker)
    assert policy.can_record_follow_up(council_secretariat, baerum)
    assert not policy.can_record_follow_up(council_secretariat, viken)


def test_parties_act_only_for_themselves(bare_demo):
    council = Party.objects.get(slug="asker-og-baerum-rad")
    viken = Party.objects.get(slug="viken-fylkeskommune")
    assert policy.can_act_for_party(user("sekretariat-radet"), council)
    assert not policy.can_act_for_party(user("sekretariat-radet"), viken)


def test_only_members_and_secretariats_read_exempt_content(bare_demo):
    partnership = bare_demo.partnership
    assert policy.can_read_exempt(user("medlem"), partnership)
    assert policy.can_read_exempt(user("leder"), partnership)
    assert policy.can_read_exempt(user("sekretariat-radet"), partnership)
    assert not policy.can_read_exempt(user("saksbehandler-baerum"), partnership)
    assert not policy.can_read_exempt(UserFactory(), partnership)
    assert not policy.can_read_exempt(AnonymousUser(), partnership)
    assert policy.can_read_exempt(UserFactory(username="root", is_superuser=True), partnership)


def test_l3_the_exempt_rule_answers_for_anything_of_the_partnership(world):
    """``can_read_exempt`` takes the partnership or anything of it (a meeting, an item)."""
    meeting = world.meeting()
    item = world.item(meeting)
    for where in (world.partnership, meeting, item):
        assert policy.can_read_exempt(user("medlem"), where)
        assert not policy.can_read_exempt(user("saksbehandler-baerum"), where)
    assert policy.partnerships_exempt_readable(user("medlem")) == {world.partnership.pk}
    assert policy.partnerships_exempt_readable(user("saksbehandler-baerum")) == set()
    assert policy.partnerships_exempt_readable(AnonymousUser()) == set()


def test_l3_everyone_who_edits_reads_exempt_content():
    """Editors' forms show items by their real titles: every editing role must be a reader."""
    assert set(policy.EDITING_ROLES) <= set(policy.EXEMPT_READERS)

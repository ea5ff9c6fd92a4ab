"""L10 for a guest's e-mail address (issue 18): it is in the export, and erasure and the sweep
remove it from every invitation, also where approved minutes keep the guest's name."""

from __future__ import annotations

import pytest

from partnerskap.meetings.models import GuestInvitation
from partnerskap.privacy import services
from partnerskap.privacy.selectors import subject_for_guest
from tests.privacy.conftest import Held, operator, sections_of

pytestmark = pytest.mark.django_db

ADDRESS = "gunnar.gjest@example.org"


def _with_addresses(held: Held) -> None:
    GuestInvitation.objects.filter(pk__in=[held.guest.pk, held.approved_guest.pk]).update(
        guest_email=ADDRESS
    )


def test_l10_a_guests_address_is_exported_and_erased_everywhere(held: Held):
    _with_addresses(held)
    subject = subject_for_guest(user=operator(), invitation=held.guest)
    export = services.personal_data_export(subject=subject, actor=operator())
    assert {row["email"] for row in sections_of(export)["meetings.guest"]} == {ADDRESS}
    result = services.personal_data_erase(subject=subject, actor=operator())
    assert not GuestInvitation.objects.filter(guest_email=ADDRESS).exists()
    held.approved_guest.refresh_from_db()
    assert held.approved_guest.guest_name == "Gunnar Gjest"  # the minutes keep the name
    assert result.changed == {"meetings.guest": 3}  # two addresses, one name


def test_l10_the_sweep_removes_guests_addresses_past_the_retention_period(held: Held):
    _with_addresses(held)
    services.privacy_sweep(actor=None)
    assert not GuestInvitation.objects.filter(guest_email=ADDRESS).exists()
    assert services.privacy_sweep(actor=None) == {}, "a second run finds nothing due"

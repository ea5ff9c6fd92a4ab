"""L10: erasure removes what may go, pseudonymises where the record must stay, keeps the
record (approved minutes, votes, roles, the audit log), and is audited; a second is a no-op."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.api.models import ApiToken
from partnerskap.core.errors import ConflictError
from partnerskap.core.models import AuditEntry, OutboundMessage
from partnerskap.meetings.models import (
    Absence,
    Attendance,
    GuestInvitation,
    Minutes,
    Vote,
)
from partnerskap.people.models import Membership, Person, SignInIdentity
from partnerskap.privacy import services
from partnerskap.privacy.providers import ERASED_ADDRESS, ERASED_REASON, GUEST_PSEUDONYM
from partnerskap.privacy.selectors import subject_for_guest, subject_for_person
from tests.privacy.conftest import Held, operator, sections_of, subject_of

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- erasure


def test_l10_erasure_removes_what_it_should_and_keeps_the_record(held: Held):
    person, user = held.person, held.user
    minutes_before = Minutes.objects.get(pk=held.minutes.pk).content
    result = services.personal_data_erase(subject=subject_of(held), actor=operator())
    person.refresh_from_db()
    user.refresh_from_db()
    assert person.email == ""
    assert (person.given_name, person.family_name) == ("Petter", "Aune")  # the record's name
    assert not user.is_active
    assert user.username == f"slettet-{user.pk}"
    assert (user.email, user.first_name, user.last_name) == ("", "", "")
    assert not user.has_usable_password()
    assert not SignInIdentity.objects.filter(person=person).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert ApiToken.objects.filter(user=user).exists()  # revoked, name kept
    assert OutboundMessage.objects.get(key="notice-1").to == ERASED_ADDRESS
    reasons = dict(Absence.objects.filter(person=person).values_list("meeting", "reason"))
    assert reasons[held.recent_meeting.pk] == "Ferie", "within its retention period"
    assert ERASED_REASON in reasons.values()
    # The record stays: minutes, attendance, votes, roles, the audit log.
    assert Minutes.objects.get(pk=held.minutes.pk).content == minutes_before
    assert Attendance.objects.filter(person=person).exists()
    assert Vote.objects.filter(item=held.item).exists()
    assert Membership.objects.filter(person=person).exists()
    assert AuditEntry.objects.filter(action="meetings.notice.published", actor=user).exists()
    assert result.total > 0
    kept = dict(result.kept)
    assert "Roles" in kept or "Verv" in kept


def test_l10_a_second_erasure_is_a_no_op(held: Held):
    subject = subject_of(held)
    services.personal_data_erase(subject=subject, actor=operator())

    def snapshot() -> tuple[object, ...]:
        return (
            list(Person.objects.values_list("pk", "email", "modified").order_by("pk")),
            list(User.objects.values_list("pk", "username", "is_active", "password")),
            list(Absence.objects.values_list("pk", "reason", "modified")),
            list(OutboundMessage.objects.values_list("pk", "to")),
            list(ApiToken.objects.values_list("pk", "revoked_at")),
            list(GuestInvitation.objects.values_list("pk", "guest_name")),
        )

    before = snapshot()
    again = services.personal_data_erase(subject=subject_of(held), actor=operator())
    assert again.total == 0
    assert again.changed == {}
    assert snapshot() == before


def test_l10_every_erasure_is_audited(held: Held):
    services.personal_data_erase(subject=subject_of(held), actor=operator())
    entry = AuditEntry.objects.get(action="privacy.erasure.made")
    assert entry.actor == operator()
    assert entry.target_id == str(held.person.pk)
    assert entry.data["changed"]["accounts.login"] == 1
    assert entry.data["total"] > 0


def test_l10_erasure_is_refused_while_the_person_holds_a_role(held: Held):
    current = Person.objects.get(family_name="Kolstad")  # the council's secretariat, today
    email = current.email
    subject = subject_for_person(user=operator(), person=current)
    with pytest.raises(ConflictError, match=r"End the role first|Avslutt vervet først"):
        services.personal_data_erase(subject=subject, actor=operator())
    current.refresh_from_db()
    assert current.email == email
    assert not AuditEntry.objects.filter(action="privacy.erasure.made").exists()


def test_l10_an_operators_login_is_not_closed_by_an_erasure(held: Held):
    User.objects.filter(pk=held.user.pk).update(is_staff=True)
    held.person.refresh_from_db()
    subject = subject_for_person(user=operator(), person=held.person)
    assert any(
        "operatør" in r or "operator" in r for r in services.erasure_refusals(subject=subject)
    )
    with pytest.raises(ConflictError):
        services.personal_data_erase(subject=subject, actor=operator())


def test_l10_a_guests_name_is_pseudonymised_unless_in_approved_minutes(held: Held):
    subject = subject_for_guest(user=operator(), invitation=held.guest)
    export = services.personal_data_export(subject=subject, actor=operator())
    assert len(sections_of(export)["meetings.guest"]) == 2
    result = services.personal_data_erase(subject=subject, actor=operator())
    held.guest.refresh_from_db()
    held.approved_guest.refresh_from_db()
    assert held.guest.guest_name == f"{GUEST_PSEUDONYM} {held.guest.pk}"
    assert held.approved_guest.guest_name == "Gunnar Gjest"
    assert result.changed == {"meetings.guest": 1}
    entry = AuditEntry.objects.get(action="privacy.erasure.made")
    assert entry.target_id == ""
    assert "Gunnar" not in json.dumps(entry.data)


def test_l10_the_erase_page_confirms_before_it_erases(held: Held, as_secretariat):
    client = as_secretariat
    url = f"/sekretariat/personvern/person/{held.person.pk}/slett/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert b'method="post"' in confirm.content
    held.person.refresh_from_db()
    assert held.person.email, "a GET erases nothing"
    done = client.post(url)
    assert done.status_code == 302
    held.person.refresh_from_db()
    assert held.person.email == ""


def test_l10_the_erase_page_says_why_it_refuses(held: Held, as_secretariat):
    current = Person.objects.get(family_name="Kolstad")
    client = as_secretariat
    response = client.post(f"/sekretariat/personvern/person/{current.pk}/slett/")
    assert response.status_code == 409
    assert "Erase now" not in response.content.decode()

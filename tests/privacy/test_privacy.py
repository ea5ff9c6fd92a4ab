"""L10: personal data is exported, erased where the law allows, and kept no longer than its
retention period; the record (approved minutes, votes, the archive) stays."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.agreements.models import Partnership, Party
from partnerskap.agreements.services import agreement_import
from partnerskap.api.models import ApiToken
from partnerskap.core.errors import ConflictError
from partnerskap.core.models import AuditEntry, OutboundMessage
from partnerskap.meetings.models import (
    Absence,
    Attendance,
    GuestInvitation,
    Meeting,
    Minutes,
    Vote,
)
from partnerskap.meetings.services.lifecycle import meeting_create
from partnerskap.people.models import Membership, Person, Role, SignInIdentity
from partnerskap.people.services import membership_create
from partnerskap.privacy import services
from partnerskap.privacy.models import RetentionPeriod
from partnerskap.privacy.providers import ERASED_ADDRESS, ERASED_REASON, GUEST_PSEUDONYM
from partnerskap.privacy.registry import Provider, Subject, providers, register
from partnerskap.privacy.selectors import subject_for_guest, subject_for_person
from tests.authorization.world import OTHER_SEED, OTHER_SLUG
from tests.privacy.conftest import Held
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _operator() -> User:
    return User.objects.get(username="admin")


def _subject(held: Held) -> Subject:
    return subject_for_person(user=_operator(), person=held.person)


def _sections(export: services.Export) -> dict[str, list[dict[str, object]]]:
    return {s.key: s.rows for s in export.sections}


# ---------------------------------------------------------------- export


def test_l10_export_contains_everything_the_registry_knows(held: Held):
    export = services.personal_data_export(subject=_subject(held), actor=_operator())
    sections = _sections(export)
    assert list(sections) == [p.key for p in providers()]
    empty = {key for key, rows in sections.items() if not rows}
    assert empty == {"meetings.guest"}, "a person has no guest invitations by name"
    assert sections["people.person"][0]["email"] == "Petter.Aune@viken.example"
    assert {r["reason"] for r in sections["meetings.absence"]} == {"Sykdom", "Ferie"}
    assert sections["meetings.vote"][0]["motion"] == "Innstillingen «A»"
    assert sections["core.mail"][0]["subject"] == "Innkalling"
    assert sections["people.sign_in"][0]["subject"] == "sub-aune"
    assert {"Telefon", "Reservekoder"} <= {r["name"] for r in sections["accounts.two_factor"]}
    assert sections["accounts.login"][0]["username"] == "sekretariat-viken"
    assert "meetings.notice.published" in {r["action"] for r in sections["core.audit"]}
    assert "Utvalg for transport" in str(sections["committees.member"])


def test_l10_export_shows_api_tokens_by_name_and_prefix_never_the_digest(held: Held):
    export = services.personal_data_export(subject=_subject(held), actor=_operator())
    text = json.dumps(export.as_json(), ensure_ascii=False)
    token = ApiToken.objects.get(user=held.user)
    assert token.prefix in text
    assert "ePhorte Viken" in text
    assert token.digest not in text
    assert held.token_secret not in text


def test_l10_a_registered_provider_is_in_the_export(held: Held):
    class Subscriptions(Provider):
        key = "test.subscriptions"
        title = "Abonnement"
        kind = "subscriptions"
        columns = (("topic", "Emne"),)

        def collect(self, subject: Subject) -> list[dict[str, object]]:
            return [{"topic": "Møter"}] if subject.person else []

    register(Subscriptions())
    try:
        export = services.personal_data_export(subject=_subject(held), actor=_operator())
        assert _sections(export)["test.subscriptions"] == [{"topic": "Møter"}]
    finally:
        from partnerskap.privacy import registry

        registry._providers.pop("test.subscriptions")


def test_l10_every_export_is_audited(held: Held):
    services.personal_data_export(subject=_subject(held), actor=_operator(), purpose="page")
    entry = AuditEntry.objects.get(action="privacy.export.made")
    assert entry.actor == _operator()
    assert entry.target_type == "people.person"
    assert entry.target_id == str(held.person.pk)
    assert entry.data["format"] == "page"
    assert entry.data["rows"]["meetings.absence"] == 2


def test_l10_the_json_download_and_the_page(held: Held):
    client = Client()
    client.force_login(User.objects.get(username="sekretariat-radet"))
    response = client.get(f"/sekretariat/personvern/person/{held.person.pk}/eksport.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["subject"] == "Petter Aune"
    assert {s["key"] for s in data["sections"]} == {p.key for p in providers()}
    page = client.get(f"/sekretariat/personvern/person/{held.person.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sykdom" in html
    assert "Godkjente møtebøker" in html or "Approved minutes" in html
    assert AuditEntry.objects.filter(action="privacy.export.made").count() == 2


# ---------------------------------------------------------------- erasure


def test_l10_erasure_removes_what_it_should_and_keeps_the_record(held: Held):
    person, user = held.person, held.user
    minutes_before = Minutes.objects.get(pk=held.minutes.pk).content
    result = services.personal_data_erase(subject=_subject(held), actor=_operator())
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
    subject = _subject(held)
    services.personal_data_erase(subject=subject, actor=_operator())

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
    again = services.personal_data_erase(subject=_subject(held), actor=_operator())
    assert again.total == 0
    assert again.changed == {}
    assert snapshot() == before


def test_l10_every_erasure_is_audited(held: Held):
    services.personal_data_erase(subject=_subject(held), actor=_operator())
    entry = AuditEntry.objects.get(action="privacy.erasure.made")
    assert entry.actor == _operator()
    assert entry.target_id == str(held.person.pk)
    assert entry.data["changed"]["accounts.login"] == 1
    assert entry.data["total"] > 0


def test_l10_erasure_is_refused_while_the_person_holds_a_role(held: Held):
    current = Person.objects.get(family_name="Kolstad")  # the council's secretariat, today
    email = current.email
    subject = subject_for_person(user=_operator(), person=current)
    with pytest.raises(ConflictError, match=r"End the role first|Avslutt vervet først"):
        services.personal_data_erase(subject=subject, actor=_operator())
    current.refresh_from_db()
    assert current.email == email
    assert not AuditEntry.objects.filter(action="privacy.erasure.made").exists()


def test_l10_an_operators_login_is_not_closed_by_an_erasure(held: Held):
    User.objects.filter(pk=held.user.pk).update(is_staff=True)
    held.person.refresh_from_db()
    subject = subject_for_person(user=_operator(), person=held.person)
    assert any(
        "operatør" in r or "operator" in r for r in services.erasure_refusals(subject=subject)
    )
    with pytest.raises(ConflictError):
        services.personal_data_erase(subject=subject, actor=_operator())


def test_l10_a_guests_name_is_pseudonymised_unless_in_approved_minutes(held: Held):
    subject = subject_for_guest(user=_operator(), invitation=held.guest)
    export = services.personal_data_export(subject=subject, actor=_operator())
    assert len(_sections(export)["meetings.guest"]) == 2
    result = services.personal_data_erase(subject=subject, actor=_operator())
    held.guest.refresh_from_db()
    held.approved_guest.refresh_from_db()
    assert held.guest.guest_name == f"{GUEST_PSEUDONYM} {held.guest.pk}"
    assert held.approved_guest.guest_name == "Gunnar Gjest"
    assert result.changed == {"meetings.guest": 1}
    entry = AuditEntry.objects.get(action="privacy.erasure.made")
    assert entry.target_id == ""
    assert "Gunnar" not in json.dumps(entry.data)


def test_l10_the_erase_page_confirms_before_it_erases(held: Held):
    client = Client()
    client.force_login(User.objects.get(username="sekretariat-radet"))
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


def test_l10_the_erase_page_says_why_it_refuses(held: Held):
    current = Person.objects.get(family_name="Kolstad")
    client = Client()
    client.force_login(User.objects.get(username="sekretariat-radet"))
    response = client.post(f"/sekretariat/personvern/person/{current.pk}/slett/")
    assert response.status_code == 409
    assert "Erase now" not in response.content.decode()


# ---------------------------------------------------------------- the policy


def test_l10_only_secretariats_and_operators_manage_personal_data(held: Held):
    url = f"/sekretariat/personvern/person/{held.person.pk}/"
    for login, status in [
        ("medlem", 403),
        ("saksbehandler-baerum", 403),
        ("sekretariat-viken", 403),  # the role ended
        ("sekretariat-radet", 200),
        ("admin", 200),
    ]:
        client = Client()
        client.force_login(User.objects.get(username=login))
        assert client.get(url).status_code == status, login


def _other_council() -> Party:
    """Vestfold's council ↔ Telemark, another partnership (as the authorisation matrix's)."""
    agreement_import(
        data=OTHER_SEED.encode(),
        partnership_slug=OTHER_SLUG,
        in_force_from=dt.date(2025, 1, 1),
        actor=None,
    )
    return Partnership.objects.get(slug=OTHER_SLUG).parties.get(kind=Party.Kind.REGIONAL_COUNCIL)


def test_l10_a_secretariat_of_another_partnership_gets_404(held: Held):
    council = _other_council()
    other = User.objects.create_user("sekretariat-annet")
    vera = Person.objects.create(given_name="Vera", family_name="Vestfold", user=other)
    membership_create(
        person=vera,
        party=council,
        role=Role.SECRETARIAT,
        valid_from=dt.date(2025, 1, 1),
        actor=None,
    )
    client = Client()
    client.force_login(other)
    assert client.get(f"/sekretariat/personvern/person/{held.person.pk}/").status_code == 404
    assert client.post(f"/sekretariat/personvern/person/{held.person.pk}/slett/").status_code == 404
    assert client.get(f"/sekretariat/personvern/gjest/{held.guest.pk}/").status_code == 404
    listing = client.get("/sekretariat/personvern/").content.decode()
    assert "Vera" in listing
    assert "Aune" not in listing
    held.person.refresh_from_db()
    assert held.person.email


def test_l10_a_secretariat_sees_only_its_own_partnerships_rows(held: Held, world):
    council = _other_council()
    start = oslo(2026, 3, 10)
    meeting = meeting_create(
        partnership=Partnership.objects.get(slug=OTHER_SLUG),
        title="Partnerskapsmøte Vestfold",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location=world.location,
        form=Meeting.Form.IN_PERSON,
        actor=None,
    )
    Absence.objects.create(meeting=meeting, person=held.person, party=council, reason="Privat")
    secretariat = User.objects.get(username="sekretariat-radet")
    mine = services.personal_data_export(
        subject=subject_for_person(user=secretariat, person=held.person), actor=secretariat
    )
    everything = services.personal_data_export(subject=_subject(held), actor=_operator())
    assert "Privat" not in json.dumps(mine.as_json(), ensure_ascii=False)
    assert "Privat" in json.dumps(everything.as_json(), ensure_ascii=False)
    # An erasure by the secretariat leaves the other partnership's rows to its own people.
    services.personal_data_erase(
        subject=subject_for_person(user=secretariat, person=held.person),
        actor=secretariat,
        now=oslo(2028, 1, 1),
    )
    assert Absence.objects.get(meeting=meeting).reason == "Privat"


# ---------------------------------------------------------------- retention


def test_l10_every_provider_has_a_seeded_retention_period():
    kinds = set(RetentionPeriod.objects.values_list("kind", flat=True))
    assert {p.kind for p in providers()} <= kinds
    kept = RetentionPeriod.objects.get(kind="votes")
    assert kept.action == RetentionPeriod.Action.KEEP
    assert kept.months is None


def test_l10_the_sweep_applies_the_retention_periods(held: Held):
    approved_guest_name = held.approved_guest.guest_name
    changed = services.privacy_sweep(actor=None)
    held.person.refresh_from_db()
    held.user.refresh_from_db()
    reasons = dict(Absence.objects.filter(person=held.person).values_list("meeting", "reason"))
    assert reasons[held.recent_meeting.pk] == "Ferie"
    assert ERASED_REASON in reasons.values()
    assert OutboundMessage.objects.get(key="notice-1").to == ERASED_ADDRESS
    assert held.person.email == ""  # the role ended 31.12.2023, 6 months is long past
    assert not held.user.is_active
    assert not SignInIdentity.objects.filter(person=held.person).exists()
    held.guest.refresh_from_db()
    held.approved_guest.refresh_from_db()
    assert held.guest.guest_name.startswith(GUEST_PSEUDONYM)
    assert held.approved_guest.guest_name == approved_guest_name
    # People in office keep everything.
    assert Person.objects.get(family_name="Kolstad").user.is_active  # type: ignore[union-attr]
    assert changed["meetings.absence"] == 1
    entry = AuditEntry.objects.get(action="privacy.sweep.made")
    assert entry.data["changed"] == changed
    assert services.privacy_sweep(actor=None) == {}, "a second run finds nothing due"


def test_l10_the_periods_are_data_a_longer_period_keeps_the_reason(held: Held):
    RetentionPeriod.objects.filter(kind="absence_reason").update(months=120)
    RetentionPeriod.objects.filter(kind="mail_log").update(action="keep", months=None)
    services.privacy_sweep(actor=None)
    assert set(Absence.objects.values_list("reason", flat=True)) == {"Sykdom", "Ferie"}
    assert OutboundMessage.objects.get(key="notice-1").to == "petter.aune@viken.example"


def test_l10_the_sweep_command_and_job(held: Held, run_jobs):
    from io import StringIO

    out = StringIO()
    call_command("privacy_sweep", stdout=out)
    assert "meetings.absence: 1" in out.getvalue()
    out = StringIO()
    call_command("privacy_sweep", stdout=out)
    assert "Nothing was due." in out.getvalue()
    call_command("privacy_sweep", "--enqueue", stdout=StringIO())
    from partnerskap.privacy import tasks

    assert run_jobs(tasks.sweep) == 1


def test_l10_operators_edit_the_periods_in_the_admin_and_it_is_audited(bare_demo):
    client = Client()
    client.force_login(_operator())
    period = RetentionPeriod.objects.get(kind="absence_reason")
    response = client.post(
        f"/admin/privacy/retentionperiod/{period.pk}/change/",
        {
            "name": period.name,
            "months": "18",
            "counted_from": period.counted_from,
            "action": "erase",
            "legal_basis": period.legal_basis,
            "note": period.note,
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.months == 18
    entry = AuditEntry.objects.get(action="admin.privacy.retentionperiod.changed")
    assert entry.data["fields"] == ["months"]
    # An expiring action needs its months.
    response = client.post(
        f"/admin/privacy/retentionperiod/{period.pk}/change/",
        {
            "name": period.name,
            "months": "",
            "counted_from": period.counted_from,
            "action": "erase",
            "legal_basis": period.legal_basis,
        },
    )
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.months == 18

"""L10: an export holds everything the registry knows about a person, is audited, and never
shows a secret."""

from __future__ import annotations

import json

import pytest

from partnerskap.api.models import ApiToken
from partnerskap.core.models import AuditEntry
from partnerskap.privacy import services
from partnerskap.privacy.registry import Provider, Subject, providers, register
from tests.privacy.conftest import Held, operator, sections_of, subject_of

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- export


def test_l10_export_contains_everything_the_registry_knows(held: Held):
    export = services.personal_data_export(subject=subject_of(held), actor=operator())
    sections = sections_of(export)
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
    export = services.personal_data_export(subject=subject_of(held), actor=operator())
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
        export = services.personal_data_export(subject=subject_of(held), actor=operator())
        assert sections_of(export)["test.subscriptions"] == [{"topic": "Møter"}]
    finally:
        from partnerskap.privacy import registry

        registry._providers.pop("test.subscriptions")


def test_l10_every_export_is_audited(held: Held):
    services.personal_data_export(subject=subject_of(held), actor=operator(), purpose="page")
    entry = AuditEntry.objects.get(action="privacy.export.made")
    assert entry.actor == operator()
    assert entry.target_type == "people.person"
    assert entry.target_id == str(held.person.pk)
    assert entry.data["format"] == "page"
    assert entry.data["rows"]["meetings.absence"] == 2


def test_l10_the_json_download_and_the_page(held: Held, as_secretariat):
    client = as_secretariat
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

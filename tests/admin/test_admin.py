"""The admin is the first back office: every page opens, and every meeting step runs through
the services (so a broken rule is a message on the form, never a 500)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerskap.agreements.selectors import areas_current
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.meetings.models import AgendaItem, Location, Meeting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_every_admin_list_and_add_page_opens(admin_client, demo):
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
        if model_admin.has_add_permission(admin_client.get(url).wsgi_request):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert admin_client.get(add).status_code == 200, add
        first = model.objects.first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert admin_client.get(change).status_code == 200, change


def _meeting_form(partnership, **overrides):
    data = {
        "partnership": partnership.pk,
        "title": "Vårmøte",
        "starts_at_0": "2024-03-12",
        "starts_at_1": "10:00",
        "ends_at_0": "2024-03-12",
        "ends_at_1": "13:00",
        "location": Location.objects.create(name="Bærum rådhus").pk,
        "form": "in_person",
        "requested_by": "",
    }
    data.update(overrides)
    return data


def test_a_domain_error_is_shown_on_the_form_and_nothing_is_saved(admin_client, bare_demo):
    demo = bare_demo
    before = Meeting.objects.count()
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"),
        _meeting_form(demo.partnership, ends_at_1="09:00"),
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Meeting.objects.count() == before


def test_secretariat_runs_a_meeting_through_the_admin(admin_client, bare_demo):
    demo = bare_demo
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"), _meeting_form(demo.partnership)
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting = Meeting.objects.get(title="Vårmøte")
    area = areas_current(partnership=demo.partnership).first()
    response = admin_client.post(
        reverse("admin:meetings_agendaitem_add"),
        {
            "meeting": meeting.pk,
            "kind": "discussion",
            "procedural_subject": "",
            "title": "Innfartsparkering",
            "case_presentation": "",
            "recommendation": "",
            "areas": [area.pk],
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.case_number == "PS 1/2024"
    # close it on a legal basis: the action asks for the basis first
    changelist = reverse("admin:meetings_agendaitem_changelist")
    ask = admin_client.post(changelist, {"action": "close_item", "_selected_action": [item.pk]})
    assert ask.status_code == 200
    assert "public_title" in ask.content.decode()
    admin_client.post(
        changelist,
        {
            "action": "close_item",
            "_selected_action": [item.pk],
            "apply": "1",
            "legal_basis": LegalBasis.objects.get(code="kl-11-5-3-a").pk,
            "public_title": "Lukket sak",
        },
    )
    item.refresh_from_db()
    assert item.closed_session.public_title == "Lukket sak"
    meetings = reverse("admin:meetings_meeting_changelist")
    admin_client.post(meetings, {"action": "publish_notice", "_selected_action": [meeting.pk]})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_PUBLISHED
    assert AuditEntry.objects.filter(
        action="meetings.notice.published", actor__username="root"
    ).exists()
    # an illegal step is a message, not a 500
    response = admin_client.post(
        meetings, {"action": "approve_minutes", "_selected_action": [meeting.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "error" in response.content.decode()
    admin_client.post(
        meetings,
        {"action": "cancel", "_selected_action": [meeting.pk], "apply": "1", "reason": "Sykdom"},
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.status_reason) == (Meeting.Status.CANCELLED, "Sykdom")


def test_a_deletion_in_the_admin_leaves_an_oparl_tombstone(admin_client, bare_demo):
    from partnerskap.people.models import Membership

    membership = Membership.objects.filter(role="member").select_related("party").first()
    url = reverse("admin:people_membership_delete", args=[membership.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    listing = admin_client.get(
        f"/oparl/v1/body/{bare_demo.partnership.pk}/memberships/",
        {"modified_since": "2000-01-01T00:00:00+01:00"},
    ).json()
    assert any(entry.get("deleted") is True for entry in listing["data"])

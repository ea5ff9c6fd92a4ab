"""The exempt access log (L3, L8): an entry each time someone opens a closed item or an exempt
document on the strength of exempt access; none for those who saw only the public form;
operators read it in the admin; nobody changes or deletes it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission

from partnerskap.core.access import Surface, exempt_access_record
from partnerskap.core.models import ExemptAccess
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.selectors import file_is_public
from partnerskap.meetings.models import Meeting
from tests.api.conftest import token_for
from tests.canary import MARK
from tests.factories import UserFactory
from tests.test_leaks import _text

pytestmark = pytest.mark.django_db


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_l3_opening_a_closed_item_is_logged_each_time(client, canary):
    item = canary.closed_item
    client.force_login(_user("sekretariat-radet"))
    for _ in range(2):
        assert client.get(f"/sekretariat/saker/{item.pk}/").status_code == 200
    entries = list(ExemptAccess.objects.filter(target_type="meetings.agendaitem"))
    assert len(entries) == 2
    entry = entries[0]
    assert entry.username == "sekretariat-radet"
    assert entry.user == _user("sekretariat-radet")
    assert entry.surface == Surface.BACKOFFICE
    assert entry.target_id == str(item.pk)
    assert entry.target_label == item.case_number
    assert entry.partnership_id == item.partnership_id
    assert entry.path == f"/sekretariat/saker/{item.pk}/"
    assert MARK not in str(vars(entry))  # the log names what was opened, not its content


def test_l3_no_entry_for_the_public_form_an_open_item_or_a_list(client, canary):
    client.force_login(_user("saksbehandler-baerum"))  # sees only the neutral title
    assert client.get(f"/sekretariat/saker/{canary.closed_item.pk}/").status_code == 200
    client.force_login(_user("sekretariat-radet"))
    assert client.get(f"/sekretariat/saker/{canary.open_item.pk}/").status_code == 200
    assert client.get(f"/sekretariat/moter/{canary.meeting.pk}/").status_code == 200
    assert not ExemptAccess.objects.exists()


def test_l8_downloading_exempt_files_is_logged_public_files_are_not(client, canary):
    files = list(DocumentFile.objects.select_related("document"))
    restricted = [f for f in files if not file_is_public(f)]
    public = [f for f in files if file_is_public(f)]
    assert restricted
    assert public
    # Refused downloads and public ones leave no entry.
    client.force_login(_user("saksbehandler-baerum"))
    for file in files:
        _text(client.get(f"/dokumenter/fil/{file.pk}/"))
    assert not ExemptAccess.objects.exists()
    client.force_login(_user("medlem"))
    for file in files:
        response = client.get(f"/dokumenter/fil/{file.pk}/")
        assert response.status_code == 200
        _text(response)  # read to the end, which closes the file
    entries = ExemptAccess.objects.filter(surface=Surface.DOWNLOAD)
    assert sorted(int(e.target_id) for e in entries) == sorted(f.pk for f in restricted)
    assert {e.target_type for e in entries} == {"documents.documentfile"}
    assert {e.username for e in entries} == {"medlem"}


def test_l3_an_api_answer_with_a_closed_items_content_is_logged(client, canary):
    # An editor may change a closed item before the meeting is held; the answer carries it all.
    item = canary.closed_item
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.NOTICE_PUBLISHED)
    token = token_for("sekretariat-radet")
    # In the partnership's period: a concluded partnership takes no writes (A18).
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=ZoneInfo("Europe/Oslo")), tick=True):
        response = client.patch(
            f"/api/v1/agenda-items/{item.pk}/",
            '{"recommendation": "Ny innstilling"}',
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.content
    entry = ExemptAccess.objects.get()
    assert (entry.surface, entry.target_id, entry.username) == (
        Surface.API,
        str(item.pk),
        "sekretariat-radet",
    )


def test_the_log_is_append_only(db):
    user = UserFactory()
    entry = exempt_access_record(
        user=user, target=user, surface=Surface.BACKOFFICE, label="PS 1/2022"
    )
    assert entry is not None
    entry.target_label = "changed"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        ExemptAccess.objects.filter(pk=entry.pk).update(target_label="changed")
    with pytest.raises(ValueError, match="append-only"):
        ExemptAccess.objects.all().delete()
    assert ExemptAccess.objects.get().target_label == "PS 1/2022"
    # No permission to add, change or delete exists to grant anyone.
    codenames = set(
        Permission.objects.filter(content_type__model="exemptaccess").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_exemptaccess"}


def test_operators_read_the_log_in_the_admin_and_cannot_change_it(client, db):
    reader = UserFactory(username="leser")
    operator = UserFactory(username="drift", is_staff=True, is_superuser=True)
    entry = exempt_access_record(user=reader, target=reader, surface=Surface.DOWNLOAD)
    assert entry is not None
    client.force_login(operator)
    listing = client.get("/admin/core/exemptaccess/")
    assert listing.status_code == 200
    assert "leser" in listing.content.decode()
    assert client.get(f"/admin/core/exemptaccess/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/core/exemptaccess/add/").status_code == 403
    assert client.get(f"/admin/core/exemptaccess/{entry.pk}/delete/").status_code == 403
    client.post(f"/admin/core/exemptaccess/{entry.pk}/change/", {"target_label": "x"})
    assert ExemptAccess.objects.get().target_label == ""


def test_no_entry_without_a_signed_in_user(db):
    user = UserFactory()
    assert exempt_access_record(user=AnonymousUser(), target=user, surface=Surface.DOWNLOAD) is None
    assert not ExemptAccess.objects.exists()

"""A guest's optional e-mail address in the back office's guest form (issue 18): refused when it
is not an address, stored when it is, and then the guest gets the notice over SMTP."""

from __future__ import annotations

import pytest
import time_machine

from partnerskap.meetings.models import GuestInvitation
from partnerskap.meetings.services.lifecycle import meeting_publish_notice
from tests.smtp import SmtpServer, calendar_of
from tests.world import oslo

pytestmark = pytest.mark.django_db


def _guest(world, email: str) -> dict[str, object]:
    return {
        "guest_name": "Kari Fagperson",
        "guest_role": "Trafikkplanlegger",
        "guest_kind": "expert",
        "guest_email": email,
        "inviting_party": world.council.pk,
    }


def test_the_guest_form_takes_an_address_and_the_guest_gets_the_notice(
    world, as_secretariat, run_jobs, smtp_server: SmtpServer
):
    with time_machine.travel(oslo(2024, 3, 1), tick=True):  # inside the period (can_plan)
        meeting = world.meeting(oslo(2024, 4, 16))
        world.item(meeting)
        url = f"/sekretariat/moter/{meeting.pk}/guest/"
        html = as_secretariat.get(f"/sekretariat/moter/{meeting.pk}/").content.decode()
        assert 'name="guest_email"' in html
        refused = as_secretariat.post(url, _guest(world, "ikke en adresse"))
        assert refused.status_code == 400
        assert 'id="id_guest_email_err"' in refused.content.decode()
        assert not GuestInvitation.objects.exists()
        assert as_secretariat.post(url, _guest(world, "kari@example.org")).status_code == 302
        assert GuestInvitation.objects.get().guest_email == "kari@example.org"
        run_jobs()
        assert smtp_server.to("kari@example.org") == []  # no notice yet
        meeting_publish_notice(meeting=meeting, actor=None)
        run_jobs()
    (message,) = smtp_server.to("kari@example.org")
    event = calendar_of(message).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:kari@example.org"

"""Sending the digest: one message per person and day (key ``digest:<person>:<date>``), in
bokmål with English below it (people have no language of their own yet), with a one-click
opt-out link (also as RFC 8058's ``List-Unsubscribe`` headers)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerskap.core.mail import reading_languages, send_once, site_url
from partnerskap.people.models import Person
from partnerskap.reminders.digest import digest_for, recipients
from partnerskap.subscriptions.letters import Letter, in_languages

OPT_OUT = "partnerskap.reminders.opt-out"


def opt_out_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=OPT_OUT)


def opt_out_person(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=OPT_OUT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def digest_send(person: Person, *, today: dt.date) -> bool:
    """The person's digest for ``today``, unless there is nothing in it or it was sent."""
    opt_out = site_url(reverse("reminders:opt_out", kwargs={"token": opt_out_token(person)}))
    settings_page = site_url(reverse("reminders:settings"))
    letters, subject, count = [], "", 0
    for language in reading_languages(person.language):
        with translation.override(language):
            digest = digest_for(person, today=today)
            if not digest.count:
                return False
            count = digest.count
            if not subject:
                subject = ngettext(
                    "Partnerskap: %(count)s thing to see to",
                    "Partnerskap: %(count)s things to see to",
                    count,
                ) % {"count": count}
            letters.append(
                Letter(
                    language,
                    [
                        _("What needs doing in your partnerships today, %(date)s:")
                        % {"date": f"{today:%d.%m.%Y}"}
                    ],
                    digest.sections,
                    footer=[
                        (
                            _(
                                "You get this daily digest as a secretariat. "
                                "Turn it off with one click:"
                            ),
                            opt_out,
                        ),
                        (_("Or choose on «My notifications» in the back office:"), settings_page),
                    ],
                )
            )
    text, html = in_languages(letters)
    return send_once(
        key=f"digest:{person.pk}:{today.isoformat()}",
        to=person.email,
        subject=subject,
        body=text,
        html=html,
        headers={
            "List-Unsubscribe": f"<{opt_out}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def digests_send(*, today: dt.date) -> int:
    """Every digest due today; returns how many were sent now."""
    return sum(digest_send(person, today=today) for person in recipients(today=today))

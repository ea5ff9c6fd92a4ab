"""The one write of the reminders: a person turns their daily digest on or off, on «My
notifications» in the back office or by the one-click link in a digest."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.people.models import Person
from partnerskap.reminders.models import DigestSetting
from partnerskap.reminders.notifications import opt_out_person


def digest_setting_set(*, person: Person, digest: bool, actor: Actor) -> DigestSetting:
    with transaction.atomic():
        setting, _created = DigestSetting.objects.select_for_update().get_or_create(
            person=person, defaults={"digest": digest}
        )
        if setting.digest != digest or _created:
            setting.digest = digest
            setting.full_clean()
            setting.save()
            audit.record(
                "reminders.digest.set", actor=actor, target=person, data={"digest": digest}
            )
    return setting


def digest_opt_out(*, token: str) -> DigestSetting:
    """The digest's one-click link: the person in the signed token gets no more digests."""
    person = Person.objects.filter(pk=opt_out_person(token) or 0).first()
    if person is None:
        raise DomainError("reminders.link_invalid", _("This link is not valid."))
    return digest_setting_set(person=person, digest=False, actor=None)

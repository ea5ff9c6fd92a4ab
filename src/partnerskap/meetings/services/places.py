"""Places where meetings are held (``Location``): shared by every partnership, kept by the
secretariats, chosen on the meeting form. The notice gives the place (L1); the accessibility
note tells attendees and the public what to expect (step-free entrance, hearing loop...)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.core import audit
from partnerskap.core.audit import Actor
from partnerskap.core.errors import DomainError
from partnerskap.meetings.models import Location

FIELDS = ("name", "address", "room", "accessibility")


def _cleaned(*, name: str, address: str, room: str, accessibility: str) -> dict[str, str]:
    fields = {
        "name": " ".join(name.split()),
        "address": " ".join(address.split()),
        "room": " ".join(room.split()),
        "accessibility": accessibility.strip(),
    }
    if not fields["name"]:
        raise DomainError("meetings.place.name_required", _("Give the place a name."), field="name")
    return fields


def _require_unique(fields: dict[str, str], *, other_than: Location | None = None) -> None:
    same = Location.objects.filter(name__iexact=fields["name"], room__iexact=fields["room"])
    if other_than is not None:
        same = same.exclude(pk=other_than.pk)
    if same.exists():
        raise DomainError(
            "meetings.place.exists",
            _("A place with this name and room exists already; choose it on the meeting form."),
            field="name",
        )


@transaction.atomic
def location_create(
    *, name: str, address: str = "", room: str = "", accessibility: str = "", actor: Actor
) -> Location:
    fields = _cleaned(name=name, address=address, room=room, accessibility=accessibility)
    _require_unique(fields)
    location = Location(**fields)
    location.full_clean()
    location.save()
    audit.record("meetings.place.created", actor=actor, target=location)
    return location


@transaction.atomic
def location_update(
    *,
    location: Location,
    name: str,
    address: str,
    room: str,
    accessibility: str,
    actor: Actor,
) -> Location:
    """Correct a place. Meetings held there show the change too (they point at the place)."""
    fields = _cleaned(name=name, address=address, room=room, accessibility=accessibility)
    _require_unique(fields, other_than=location)
    before = {f: getattr(location, f) for f in FIELDS}
    changed = [f for f in FIELDS if before[f] != fields[f]]
    if not changed:
        return location
    for f in changed:
        setattr(location, f, fields[f])
    location.full_clean()
    location.save(update_fields=[*changed, "modified"])
    audit.record(
        "meetings.place.updated",
        actor=actor,
        target=location,
        data={
            "before": {f: before[f] for f in changed},
            "after": {f: fields[f] for f in changed},
        },
    )
    return location

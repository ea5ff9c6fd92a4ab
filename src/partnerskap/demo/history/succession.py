"""Viken fylkeskommune ceases on 31.12.2023 and Akershus fylkeskommune takes its seat (A1),
recorded through the services: the end and the successor (``party_cease_with_handover``, from
``loader._load``, so the demo without history has it too), and, in the history, the handover
of what Viken's bodies had not answered to Akershus fylkesting on 1.1.2024
(``follow_up_hand_over``). Idempotent: a Viken that has ceased is left as it is, and only
open follow-ups are handed over."""

from __future__ import annotations

import datetime as dt

from partnerskap.agreements.models import Party
from partnerskap.followup.services import (
    follow_up_hand_over,
    handovers_planned,
    party_cease_with_handover,
)

VIKEN = "viken-fylkeskommune"
AKERSHUS = "akershus-fylkeskommune"
LAST_DAY = dt.date(2023, 12, 31)


def viken_ceases(*, parties: dict[str, Party]) -> int:
    """Record Viken's end with Akershus as its successor; returns the follow-ups handed over."""
    viken = Party.objects.get(pk=parties[VIKEN].pk)
    if viken.valid_to is not None:
        return 0
    taken = party_cease_with_handover(
        party=viken, valid_to=LAST_DAY, successor=parties[AKERSHUS], actor=None
    )
    parties[VIKEN] = Party.objects.get(pk=viken.pk)
    return len(taken)


def hand_over_open(*, parties: dict[str, Party]) -> int:
    """Hand Viken's open follow-ups over to Akershus's bodies on 1.1.2024; returns how many."""
    viken = Party.objects.get(pk=parties[VIKEN].pk)
    day = LAST_DAY + dt.timedelta(days=1)
    count = 0
    for handover in handovers_planned(party=viken, on=day):
        if handover.to_body is not None:
            follow_up_hand_over(
                follow_up=handover.follow_up, to_body=handover.to_body, on=day, actor=None
            )
            count += 1
    return count

"""The demo's meeting history, 2020–2024: two or three meetings a year, each from notice to
approved minutes, built only through the meetings services (see ``build.py``); then what
followed from them: proposals and their follow-up in the parties' bodies, amendments,
temporary committees, costs and allocations, built only through those apps' services (see
``followup.py``).

The meeting data is split by year (``y2020`` … ``y2024``), its shape in ``spec.py``; the
follow-up data is in ``followup_data.py``. Idempotent: a meeting is keyed by (partnership,
starts_at), a proposal by its item, and a record that exists is skipped entirely.
"""

from __future__ import annotations

from partnerskap.agreements.models import Partnership, Party
from partnerskap.demo.history import succession, y2020, y2021, y2022, y2023, y2024
from partnerskap.demo.history.build import build
from partnerskap.demo.history.followup import load_followup
from partnerskap.demo.history.spec import Year
from partnerskap.people.models import Person

YEARS: tuple[Year, ...] = (y2020.YEAR, y2021.YEAR, y2022.YEAR, y2023.YEAR, y2024.YEAR)


def load_history(
    *, partnership: Partnership, parties: dict[str, Party], people: dict[str, Person]
) -> int:
    """Load what is missing of the history; returns how many records it created (places,
    meetings, proposals, committees, allocations, costs). ``parties`` is keyed by slug,
    ``people`` by ``DemoPerson.key`` (loader.py)."""
    created = build(partnership=partnership, parties=parties, people=people, years=YEARS)
    # What Viken's bodies were sent before it ceased, then the handover of what they had not
    # answered to Akershus fylkesting on 1.1.2024 (A1), then the rest.
    created += load_followup(
        partnership=partnership, parties=parties, people=people, until=succession.LAST_DAY
    )
    created += succession.hand_over_open(parties=parties)
    return created + load_followup(partnership=partnership, parties=parties, people=people)

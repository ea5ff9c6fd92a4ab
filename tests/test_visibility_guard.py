"""The public-visibility rule is written once: only ``meetings.public`` and the domain apps'
``selectors.py`` filter on the closed-session and notice-status fields (L1, L3). Every other
module (portal views, API, OParl, feeds, reports, PDFs, commands) asks ``meetings.public`` for
the condition or the queryset, so that a surface cannot drift from the rule (the year page
once counted items before their notice; a closed item's areas once put its meeting in an area).

Read from the source with ``ast``, like ``test_import_graph``. Flagged, in the keyword
arguments of any call (``filter``, ``exclude``, ``Q``, ``get`` and helpers that pass them on)
and in ``**{...}`` literals:

* a lookup through ``closed_session`` (``closed_session__isnull``, ``item__closed_session``);
* a lookup through a meeting's ``notice`` (``notice__isnull``, ``meeting__notice__...``);
* a lookup on a meeting's ``status`` (``meeting__status__in``, ``item__meeting__status``);
* any lookup whose value names ``AGENDA_PUBLIC`` or ``NOTICE_PUBLISHED``
  (``Meeting.objects.filter(status__in=AGENDA_PUBLIC)``).

Reading a field (``values("closed_session__pk")``, ``select_related("closed_session")``) and
deciding for a row in hand (``item.is_closed``) are not filters and are not flagged."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import partnerskap

ROOT = Path(partnerskap.__file__).resolve().parent
#: The domain apps, whose ``selectors.py`` may state visibility rules of their own rows.
DOMAIN = ("meetings", "followup", "committees", "finance", "agreements", "people")
ALLOWED = frozenset({Path("meetings/public.py"), *(Path(app, "selectors.py") for app in DOMAIN)})
VALUES = frozenset({"AGENDA_PUBLIC", "NOTICE_PUBLISHED"})


def _lookup_is_guarded(lookup: str) -> bool:
    parts = lookup.split("__")
    if "closed_session" in parts:
        return True
    if "notice" in parts[:-1]:
        return True
    return any(a == "meeting" and b in {"status", "notice"} for a, b in pairwise(parts))


def _names(node: ast.AST) -> set[str]:
    found = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
    return found


def _lookups(call: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    for keyword in call.keywords:
        if keyword.arg is not None:
            yield keyword.arg, keyword.value
        elif isinstance(keyword.value, ast.Dict):
            for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield key.value, value


def violations(source: str, filename: str = "<source>") -> list[str]:
    """The hand-written visibility filters in ``source``, as ``file:line lookup``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        for lookup, value in _lookups(node):
            if _lookup_is_guarded(lookup) or _names(value) & VALUES:
                found.append((node.lineno, lookup))
    return [f"{filename}:{line} {lookup}" for line, lookup in sorted(found)]


def test_only_the_public_module_and_the_domain_selectors_filter_on_visibility_fields():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or relative in ALLOWED:
            continue
        found += violations(path.read_text(encoding="utf-8"), str(relative))
    assert found == [], "filter through meetings.public instead:\n" + "\n".join(found)


def test_the_guard_catches_a_filter_written_by_hand_in_a_view():
    view = """
def area(request, obj, area):
    items = AgendaItem.objects.filter(areas=area, closed_session__isnull=True)
    meetings = Meeting.objects.filter(status__in=AGENDA_PUBLIC)
    guests = GuestInvitation.objects.filter(meeting__status__in=PUBLIC)
    shown = Meeting.objects.exclude(notice__isnull=True)
    counted = Count("pk", filter=Q(**{"item__closed_session__isnull": False}))
    committees = Committee.objects.filter(established_by__meeting__status="held")
"""
    assert [v.split(" ")[1] for v in violations(view)] == [
        "closed_session__isnull",
        "status__in",
        "meeting__status__in",
        "notice__isnull",
        "item__closed_session__isnull",
        "established_by__meeting__status",
    ]


def test_the_guard_leaves_reads_and_other_statuses_alone():
    source = """
rows = AgendaItem.objects.filter(withdrawn=False).values("closed_session__pk")
items = meeting.items.select_related("closed_session__legal_basis")
held = Count("pk", filter=Q(status__in=HELD))
open_ = item_open_q("established_by")
follow_ups = FollowUp.objects.exclude(status__in=FINAL_STATUSES)
"""
    assert violations(source) == []

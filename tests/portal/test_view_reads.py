"""The portal's views read through selectors (``portal/selectors.py`` and the domain apps'
public selectors): no query and no related-manager read is written in ``portal/views/``.

Read from the source with ``ast``, like ``tests/test_visibility_guard.py``. Flagged: a model
manager (``X.objects``), an import from ``django.db.models`` (query expressions such as
``Exists``, ``Prefetch``, ``OuterRef``), and a call of a queryset or related-manager method
(``.filter(…)``, ``.order_by(…)``, ``obj.parties.all()``, …). ``values`` and ``count`` are
flagged only in their queryset shape (``values("pk")``, ``count()``) so that a dict's
``.values()`` and a list's ``.count(x)`` stay allowed."""

from __future__ import annotations

import ast
from pathlib import Path

import partnerskap

VIEWS = Path(partnerskap.__file__).resolve().parent / "portal" / "views"
QUERY_METHODS = frozenset(
    {
        "all",
        "annotate",
        "aggregate",
        "datetimes",
        "dates",
        "defer",
        "distinct",
        "exclude",
        "exists",
        "filter",
        "first",
        "in_bulk",
        "iterator",
        "last",
        "only",
        "order_by",
        "prefetch_related",
        "select_related",
        "values_list",
    }
)


def _reads(source: str) -> list[str]:
    """Where ``source`` queries the database itself, as «line: what»."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "django.db.models"
        ):
            found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, arguments = node.func.attr, node.args or node.keywords
            if (
                name in QUERY_METHODS
                or (name == "values" and arguments)
                or (name == "count" and not arguments)
            ):
                found.append(f"{node.lineno}: .{name}(…)")
    return found


def test_portal_views_read_only_through_selectors() -> None:
    reads = {
        path.name: found
        for path in sorted(VIEWS.glob("*.py"))
        if (found := _reads(path.read_text(encoding="utf-8")))
    }
    assert reads == {}, "move these reads into portal/selectors.py (or a domain selector)"


def test_the_guard_sees_queries_and_related_manager_reads() -> None:
    source = """
from django.db.models import Exists
def view(request, obj, figures):
    a = Meeting.objects.filter(pk=1)
    b = obj.parties.order_by("position")
    c = list(item.areas.all())
    d = meetings.values_list("pk", flat=True)
    e = proposals.count()
    ok = (request.GET.get("side"), figures.values(), [1, 2].count(1), cache.get("key"))
"""
    assert sorted(_reads(source)) == [
        "2: from django.db.models import …",
        "4: .filter(…)",
        "4: .objects",
        "5: .order_by(…)",
        "6: .all(…)",
        "7: .values_list(…)",
        "8: .count(…)",
    ]

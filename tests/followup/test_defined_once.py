"""«Awaiting» and «of a party» are defined once, in followup, and every surface uses them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import partnerskap
from partnerskap.followup.models import AWAITING_STATUSES, FINAL_STATUSES, FollowUp
from partnerskap.followup.selectors import of_party

ROOT = Path(partnerskap.__file__).resolve().parent


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_a_follow_up_is_either_awaiting_or_final():
    assert set(AWAITING_STATUSES).isdisjoint(FINAL_STATUSES)
    assert set(AWAITING_STATUSES) | set(FINAL_STATUSES) == set(FollowUp.Status.values)


def test_the_awaiting_index_is_on_exactly_the_awaiting_statuses():
    (index,) = [i for i in FollowUp._meta.indexes if i.name == "follow_up_awaiting_idx"]
    assert index.condition.children == [("status__in", list(AWAITING_STATUSES))]


def test_awaiting_and_of_party_are_defined_once():
    awaiting = {"sent", "received", "on_agenda"}
    spelled, defined = [], []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Tuple | ast.List | ast.Set)
                and {e.value for e in node.elts if isinstance(e, ast.Constant)} == awaiting
            ):
                spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") == "of_party":
                defined.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert [where.split(":")[0] for where in spelled] == ["followup/models.py"]
    assert defined == ["followup/selectors.py:of_party"]


@pytest.mark.django_db
def test_of_party_takes_the_party_or_its_id(world):
    by_party = FollowUp.objects.filter(of_party(world.council))
    by_id = FollowUp.objects.filter(of_party(world.council.pk))
    assert str(by_party.query) == str(by_id.query)

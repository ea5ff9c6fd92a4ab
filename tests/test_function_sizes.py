"""No function in ``src/`` is longer than 60 lines: a longer one is split into named steps
(``docs/design.md``'s habits: a reader sees what a service does from the names of its steps).

Read from the source with ``ast``, like ``test_import_graph``. A function's length is counted
from its ``def`` line to its last line, docstring and comments included; nested functions count
towards the function they are in and are measured on their own as well. Migrations are left
out (Django writes them), and so are the apps' ``audit_texts.register()``: one declaration per
audit action, no logic.

``SPLITTING`` names the functions being split on other branches at the time this test was
written; the lead empties it once those are merged. A name in it that is no longer too long
fails the test, so the list cannot go stale."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import partnerskap

ROOT = Path(partnerskap.__file__).resolve().parent
LIMIT = 60
#: (module path under ``src/partnerskap``, function name): being split elsewhere right now.
SPLITTING: frozenset[tuple[str, str]] = frozenset()
#: Module names whose ``register()`` is a list of declarations, one call per audit action (the
#: words of each action, ``core.actions``): it grows with the actions, not with logic.
DECLARATIONS = "audit_texts.py"


def _lengths(source: str) -> Iterator[tuple[str, int, int]]:
    """(name, first line, length) of every function in ``source``, nested ones too."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            yield node.name, node.lineno, end - node.lineno + 1


def _functions() -> Iterator[tuple[str, str, int, int]]:
    """(module, name, first line, length) of every function of the package."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" not in relative.parts:
            for name, line, length in _lengths(path.read_text(encoding="utf-8")):
                if not (relative.name == DECLARATIONS and name == "register"):
                    yield relative.as_posix(), name, line, length


def _too_long() -> dict[tuple[str, str], str]:
    return {
        (module, name): f"{module}:{line} {name}() is {length} lines"
        for module, name, line, length in _functions()
        if length > LIMIT
    }


def test_no_function_is_longer_than_60_lines() -> None:
    found = _too_long()
    unexpected = sorted(where for key, where in found.items() if key not in SPLITTING)
    assert unexpected == [], (
        f"Functions over {LIMIT} lines; split them into named steps: {unexpected}"
    )


def test_the_functions_being_split_elsewhere_are_still_too_long() -> None:
    """Once one is split (merged), its name leaves ``SPLITTING``."""
    found = _too_long()
    done = sorted(f"{module} {name}()" for module, name in SPLITTING if (module, name) not in found)
    assert done == [], f"No longer over {LIMIT} lines; take them out of SPLITTING: {done}"


def test_the_measure_counts_from_def_to_the_last_line() -> None:
    """61 lines is too long, 60 is not; a nested function is measured on its own too."""
    body = "\n".join(f"    x{i} = {i}" for i in range(57))
    source = f"def outer():\n    def inner():\n        return 1\n{body}\n    return 0\n"
    assert sorted(_lengths(source)) == [("inner", 2, 2), ("outer", 1, LIMIT + 1)]

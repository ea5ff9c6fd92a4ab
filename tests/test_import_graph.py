"""The structure, read from the source with ``ast``: ``core`` is the ground floor and imports no
other app (apps register with it: labels, deletion recorders, event subscribers); the domain
apps announce events and import neither search nor documents (those subscribe to the events);
the document services are run by the jobs and never run them; and no module of the project sits
on an import circle. Every import counts, also one inside a function (a function-level import
that dodges a circle is still a circle); only ``TYPE_CHECKING`` blocks are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import partnerskap

ROOT = Path(partnerskap.__file__).resolve().parent
DOMAIN = ("meetings", "followup", "committees", "finance", "agreements", "people")
DERIVED = ("search", "documents")


def _module_name(path: Path) -> str:
    parts = ["partnerskap", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for path in ROOT.rglob("*.py") if "migrations" not in path.parts
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skipped |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {target for target in found if target in known and target != name}


def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read():
    edges = graph()
    assert "partnerskap.core.events" in edges["partnerskap.meetings.services.lifecycle"]
    assert "partnerskap.search.indexer" in edges["partnerskap.search.tasks"]


def test_no_domain_app_imports_search_or_documents():
    offending = sorted(
        f"{source} → {target}"
        for source, targets in graph().items()
        if _app(source) in DOMAIN
        for target in targets
        if _app(target) in DERIVED
    )
    assert offending == []


def test_no_import_circle_anywhere():
    assert _cycles(graph()) == []


def test_the_circle_finder_finds_a_circle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]


def test_core_imports_no_other_app():
    offending = sorted(
        f"{source} → {target}"
        for source, targets in graph().items()
        if _app(source) == "core"
        for target in targets
        if _app(target) not in ("core", "")
    )
    assert offending == []


#: What runs background work: the document services announce events and are run by these,
#: never the other way round.
RUNNER = ("partnerskap.documents.tasks", "partnerskap.core.jobs", "partnerskap.core.worker")


def test_the_document_services_do_not_import_their_runner():
    offending = sorted(
        f"{source} → {target}"
        for source, targets in graph().items()
        if source.startswith("partnerskap.documents.services")
        for target in targets
        if target in RUNNER or target.startswith("partnerskap.documents.management")
    )
    assert offending == []

"""The package's import graph: no cycles (imports inside functions count too), and the layers
below the UI (views, export, schema, figures, data) never reach Dash or the page's modules."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
UI_LIBRARIES = ("dash", "flask")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@cache
def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(dashboard modules, top-level external packages) that module `name` imports anywhere
    in its body: module level, inside functions and classes (not under TYPE_CHECKING)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    internal, external = set(), set()
    skip = {
        id(n)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.If) and _is_type_checking(node)
        for child in node.body
        for n in ast.walk(child)
    }
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            # `from pkg import sub` imports the module pkg.sub when there is one
            targets = [stem, *(f"{stem}.{a.name}" for a in node.names)]
        else:
            continue
        for t in targets:
            if t.split(".")[0] == "dashboard":
                if t in MODULES:
                    internal.add(t)
            else:
                external.add(t.split(".")[0])
    return internal - {name}, external


@cache
def graph() -> dict[str, set[str]]:
    """module -> the dashboard modules importing it runs. Importing a.b.c first imports the
    packages a and a.b, except those the importer is itself inside (already importing)."""
    edges = {}
    for name in MODULES:
        out = set()
        for target in imports_of(name)[0]:
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if prefix in MODULES and not (name == prefix or name.startswith(prefix + ".")):
                    out.add(prefix)
        edges[name] = out
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        if v not in seen:
            seen.add(v)
            todo.extend(edges[v])
    return seen


def test_the_walker_sees_imports_inside_functions(tmp_path):
    # the walker itself: a function-level import is an edge like any other
    edges = {"a": {"b"}, "b": {"a"}, "c": set()}
    assert cycles(edges) == [["a", "b"]]
    name = "dashboard.cli"
    assert "dashboard.app" in imports_of(name)[0]  # cli imports the app inside serve()


def test_no_import_cycles():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    "layer",
    [
        "dashboard.export",
        "dashboard.views",
        "dashboard.schema",
        "dashboard.figures",
        "dashboard.data",
    ],
)
def test_layers_below_the_ui_never_import_dash(layer):
    edges = graph()
    below = set().union(*(reachable(m, edges) for m in MODULES if m.startswith(layer)))
    ui = {m for m in below if set(imports_of(m)[1]) & set(UI_LIBRARIES)}
    assert ui == set(), f"{layer} reaches {sorted(ui)}, which import Dash or Flask"
    assert "dashboard.web.panels" not in below and "dashboard.web.layout" not in below

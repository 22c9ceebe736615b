"""The one way data flows (docs/architecture.md), read from the source: database → queries → figures →
callbacks → pages, and the derived tables written only by ``dashboard/data/derived``.

- nothing under ``queries/`` uses a writer of ``derived/`` (a function that inserts, updates or deletes, or
  calls one that does): queries may use the derived tables' shared definitions, never rebuild them;
- ``figures/`` imports no SQLAlchemy and from ``dashboard.data`` only value types of ``queries`` (classes such as
  ``Filters``), so a figure can neither open a session nor run a query;
- ``callbacks/`` run no SQL: no SQLAlchemy but its errors and the ``Session`` type, and no ``session.execute``
  (or ``scalars``, ``query``, ...) call.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import inspect
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
WRITES = {"insert", "update", "delete", "filling", "add", "add_all", "bulk_save_objects"}
SQL_CALLS = {"execute", "scalars", "scalar", "query", "exec_driver_sql"}


def modules(folder: str) -> list[Path]:
    """The Python files under ``dashboard/<folder>``."""
    return sorted((PACKAGE / folder).rglob("*.py"))


def dotted(path: Path) -> str:
    """The module name of a file of the package."""
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def called_names(function: ast.AST) -> set[str]:
    """The names a function calls: ``f(...)`` gives f, ``x.f(...)`` gives f."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            target = node.func
            names.add(target.id if isinstance(target, ast.Name) else getattr(target, "attr", ""))
    return names


def derived_writers() -> set[tuple[str, str]]:
    """(module, function) of every function in ``derived/`` that writes, directly or through another writer."""
    calls: dict[tuple[str, str], set[str]] = {}
    for path in modules("data/derived"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                calls[(dotted(path), node.name)] = called_names(node)
    writers = {key for key, names in calls.items() if names & WRITES}
    while True:
        names = {name for _module, name in writers}
        grown = writers | {key for key, called in calls.items() if called & names}
        if grown == writers:
            return writers
        writers = grown


def used_from(tree: ast.Module, package: str) -> set[tuple[str, str]]:
    """(module, name) of everything ``tree`` takes from modules under ``package``: imported names, and attributes
    of imported modules (``snapshots.current``)."""
    used, aliases = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if _is_module(submodule):
                    aliases[alias.asname or alias.name] = submodule
                else:
                    used.add((node.module, alias.name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            used.add((aliases[node.value.id], node.attr))
    return used


def _is_module(name: str) -> bool:
    """Tell whether ``name`` is an importable module (not a name inside one)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def test_the_writers_are_found():
    """The check below sees the rebuilds as writers (else it would pass by finding none)."""
    writers = derived_writers()
    assert ("dashboard.data.derived.snapshots", "rebuild") in writers
    assert ("dashboard.data.derived.allocations", "rebuild_since") in writers
    assert ("dashboard.data.derived.snapshots", "current") not in writers


@pytest.mark.parametrize("path", modules("data/queries"), ids=lambda path: path.name)
def test_queries_use_no_writer_of_the_derived_tables(path):
    used = used_from(ast.parse(path.read_text()), "dashboard.data.derived")
    assert not used & derived_writers(), f"{path.name} uses {sorted(used & derived_writers())}"


@pytest.mark.parametrize("path", modules("figures"), ids=lambda path: path.name)
def test_figures_take_only_value_types_from_the_data(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith(("sqlalchemy", "dashboard.data")) for alias in node.names)
        if isinstance(node, ast.ImportFrom) and node.module:
            assert not node.module.startswith("sqlalchemy"), f"{path.name} imports {node.module}"
            if node.module.startswith("dashboard.data"):
                assert node.module.startswith("dashboard.data.queries."), f"{path.name} imports {node.module}"
                for alias in node.names:
                    value = getattr(importlib.import_module(node.module), alias.name)
                    assert inspect.isclass(value) or dataclasses.is_dataclass(value), \
                        f"{path.name} takes {alias.name}, not a value type"


@pytest.mark.parametrize("path", modules("callbacks"), ids=lambda path: path.name)
def test_callbacks_run_no_sql(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith("sqlalchemy") for alias in node.names)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sqlalchemy"):
            allowed = {"sqlalchemy.exc": None, "sqlalchemy.orm": {"Session"}}
            assert node.module in allowed, f"{path.name} imports {node.module}"
            assert allowed[node.module] is None or {a.name for a in node.names} <= allowed[node.module]
    sql = {node.func.attr for node in ast.walk(tree)
           if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS}
    assert not sql, f"{path.name} calls {sorted(sql)}"

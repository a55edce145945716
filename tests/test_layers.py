"""The house keeps its shape: every module's imports, read with ``ast``, go down the floors (or
sideways within a floor), never up; no two modules import each other at import time.

The floors, lowest first (README "Layout"): the contract; the Word templates' lookup; what every
reader shares; the readers and writers, one folder per file kind; the service functions; the
batch; settings; jobs; the HTTP layer; the command line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("schemas", "service", "word_templates")

#: Module prefixes by floor; the longest prefix that matches a module decides its floor.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("schemas",),
    ("word_templates",),
    (
        "service.errors", "service.files", "service.deadline", "service.outputs",
        "service.reading", "service.examples", "service.sheetcells",
    ),
    ("service.docx", "service.xlsx", "service.html", "service.pdf", "service.review"),
    ("service.importing", "service.documents", "service.catalog"),
    ("service.batch",),
    ("service.config",),
    ("service.jobs",),
    ("service.http",),
    ("service.cli",),
    ("service",),
)
#: Rooms on one floor that stay apart: the staff pages and the JSON API share service/http's
#: own modules, never each other's.
APART = (("service.http.web", "service.http.api"), ("service.http.api", "service.http.web"))


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement: who imports what, and whether it runs when the module loads."""

    importer: str
    imported: str
    line: int
    at_load: bool
    """Module level and not only for type checkers: it runs when the importer is imported."""


def module_name(path: Path) -> str:
    """The dotted name of a module file under the repository."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the three packages, by dotted name."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
    }


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    """The imports of one module that name a module of the three packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node, at_load in _walk(tree, at_load=True):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [base])])
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            if target.split(".")[0] in PACKAGES:
                yield Import(name, target, node.lineno, at_load)


def _walk(node: ast.AST, at_load: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Import statements anywhere under `node`, marked with whether they run at load time (not
    inside a function, not under ``if TYPE_CHECKING``)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, at_load
            continue
        type_only = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
        deferred = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, at_load and not type_only and not deferred)


def floor(name: str) -> int:
    """The floor of a module: that of the longest prefix in FLOORS it falls under."""
    best, level = -1, -1
    for number, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), number
    assert level >= 0, f"{name} is on no floor: add it to FLOORS and to README Layout"
    return level


def _all_imports() -> list[Import]:
    known = modules()
    return [found for name, path in known.items() for found in imports(name, path, known)]


ALL = _all_imports()


def test_every_module_is_on_a_floor() -> None:
    for name in modules():
        floor(name)


def test_no_import_goes_up_a_floor() -> None:
    upward = [
        f"{found.importer}:{found.line} (floor {floor(found.importer)}) imports "
        f"{found.imported} (floor {floor(found.imported)})"
        for found in ALL
        if floor(found.imported) > floor(found.importer)
    ]
    assert upward == []
    assert ALL, "no import was read at all: the reader of imports is broken"


def test_rooms_apart_stay_apart() -> None:
    crossing = [
        found for found in ALL
        for here, there in APART
        if found.importer.startswith(here) and found.imported.startswith(there)
    ]
    assert crossing == []


def test_no_two_modules_import_each_other_at_load_time() -> None:
    """A cycle hides which module is below which; a package may load its own submodules (the
    blueprint's pages join it that way)."""
    graph: dict[str, set[str]] = {}
    for found in ALL:
        own_submodule = found.imported.startswith(found.importer + ".")
        if found.at_load and not own_submodule and found.imported != found.importer:
            graph.setdefault(found.importer, set()).add(found.imported)
    cycles = []
    for start in graph:
        seen: set[str] = set()
        stack = [(start, (start,))]
        while stack:
            here, path = stack.pop()
            for there in graph.get(here, ()):
                if there == start:
                    cycles.append(" → ".join((*path, start)))
                elif there not in seen:
                    seen.add(there)
                    stack.append((there, (*path, there)))
    assert cycles == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("schemas.loader", "schemas.registry"),
        ("service.documents", "service.docx"),
        ("service.http.web.start", "service.http.web"),
    ],
)
def test_the_reader_of_imports_sees_what_is_imported(importer: str, imported: str) -> None:
    assert any(f.importer == importer and f.imported == imported for f in ALL)


def _layout_rows() -> list[str]:
    """The rows of README "Layout"'s table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("|")]


def _named(path: Path, rows: list[str]) -> bool:
    """Whether a row of the Layout names the module: its whole path, or its file name in the
    row of a folder above it (a package by its folder)."""
    relative = path.relative_to(REPO).as_posix()
    folders = [parent.as_posix() + "/" for parent in path.relative_to(REPO).parents][:-1]
    if path.name == "__init__.py":
        return any(folder in row for row in rows for folder in folders)
    return any(
        relative in row or (path.name in row and any(folder in row for folder in folders))
        for row in rows
    )


def test_readme_layout_names_every_module() -> None:
    rows = _layout_rows()
    unnamed = [
        path.relative_to(REPO).as_posix()
        for path in modules().values()
        if not _named(path, rows)
    ]
    assert unnamed == []

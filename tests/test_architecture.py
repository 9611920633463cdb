"""The shape of the code, read from its source (docs/architecture.md draws it).

The stages are packages and imports run one way, from the faces down to what
every stage shares:

    faces (cli, serve, scaffold) -> publish -> renderers -> themes -> words, i18n -> source -> model, errors

No module imports a stage above its own, nor a sibling stage (words and i18n know
nothing of each other), and no import cycle exists between modules, counting the
imports made inside functions and for type checking: a cycle that only lazy
imports keep from failing is still a knot a reader has to untie. Modules stay
short enough to read in one sitting, and functions short enough to see whole.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "presskit"

# Lower numbers sit lower: a module may import a module of a lower stage, or of its own package.
STAGES: dict[str, int] = {
    "": 0,  # presskit/__init__.py, errors.py, model.py, resources.py: what every stage shares
    "source": 1,
    "words": 2,
    "i18n": 2,
    "themes": 3,
    "renderers": 4,
    "publish": 5,
    "faces": 6,
}
SHARED = {"presskit", "presskit.errors", "presskit.model", "presskit.resources"}
FACES = {"presskit.cli", "presskit.serve", "presskit.scaffold", "presskit.__main__"}  # and presskit.cli.*

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# Modules and functions allowed to be longer, each with the reason.
LONG_MODULES: dict[str, str] = {}
LONG_FUNCTIONS: dict[str, str] = {}

# Only publish.ownership removes files; only publish.writer creates, renames or writes them.
REMOVING = {"unlink", "rmtree", "rmdir", "remove", "removedirs"}
WRITING = {
    "write_bytes",
    "write_text",
    "rename",
    "replace",
    "link",
    "linkat",
    "mkdir",
    "makedirs",
    "symlink_to",
}
# Names that are also methods of other things (str.replace, list.remove): counted on os and shutil only.
AMBIGUOUS = {"replace", "remove", "link"}
REMOVER = "presskit.publish.ownership"
WRITER = "presskit.publish.writer"


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def stage(self) -> str:
        if self.name in FACES or self.name.startswith("presskit.cli."):
            return "faces"
        if self.name in SHARED:
            return ""
        return self.name.split(".")[1]


def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


ALL = modules()


def imported(module: Module) -> Iterator[tuple[str, int]]:
    """Every presskit module `module` imports (at any depth of its code), with the line."""
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in ALL else base for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in ALL and "." in target:
                target = target.rpartition(".")[0]
            if target in ALL and target != module.name:
                yield target, node.lineno


GRAPH = {name: sorted({target for target, _ in imported(module)}) for name, module in ALL.items()}


def test_the_packages_are_the_stages() -> None:
    stages = {module.stage for module in ALL.values()}
    assert stages == set(STAGES), f"stages found: {sorted(stages)}"


def test_imports_run_one_way_down_the_stages() -> None:
    wrong = []
    for name, module in ALL.items():
        for target, line in imported(module):
            mine, theirs = module.stage, ALL[target].stage
            if mine == theirs or STAGES[theirs] < STAGES[mine]:
                continue
            wrong.append(
                f"{module.path.relative_to(PACKAGE.parent)}:{line}: {name} ({mine or 'shared'}) imports {target} ({theirs or 'shared'})"
            )
    assert not wrong, "imports against the stages:\n" + "\n".join(wrong)


def test_the_format_table_imports_no_renderer_and_no_machinery() -> None:
    table = ALL["presskit.renderers"]
    assert set(GRAPH[table.name]) <= SHARED | {"presskit.themes.theme"}, GRAPH[table.name]


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return found


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_a_cycle_is_found_where_there_is_one() -> None:
    GRAPH["presskit.model"].append("presskit.cli")
    try:
        assert any("presskit.model" in component for component in cycles())
    finally:
        GRAPH["presskit.model"].remove("presskit.cli")


def test_no_module_is_too_long() -> None:
    long = {
        name: lines
        for name, module in ALL.items()
        if (lines := len(module.path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
        and name not in LONG_MODULES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def functions(module: Module) -> Iterator[tuple[str, int, int]]:
    """Every function and method: its qualified name, first line and length in lines."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                yield name, child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(module.tree, "")


def test_no_function_is_too_long() -> None:
    long = [
        f"{module.path.relative_to(PACKAGE.parent)}:{line}: {name} is {length} lines"
        for module in ALL.values()
        for name, line, length in functions(module)
        if length > MAX_FUNCTION_LINES and f"{module.name}.{name}" not in LONG_FUNCTIONS
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


def test_the_exceptions_name_what_exists() -> None:
    every_function = {f"{m.name}.{name}" for m in ALL.values() for name, _, _ in functions(m)}
    assert set(LONG_MODULES) <= set(ALL)
    assert set(LONG_FUNCTIONS) <= every_function


def calls(module: Module, names: set[str]) -> Iterator[tuple[str, int]]:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            receiver = ast.unparse(node.func.value)
            if node.func.attr in AMBIGUOUS and receiver not in {"os", "shutil"}:
                continue
            yield f"{receiver}.{node.func.attr}", node.lineno


@pytest.mark.parametrize(
    ("names", "owner"), [(REMOVING, REMOVER), (WRITING, WRITER)], ids=["remove", "write"]
)
def test_one_module_removes_and_one_writes(names: set[str], owner: str) -> None:
    found = [
        f"{module.path.relative_to(PACKAGE.parent)}:{line}: {call}"
        for module in ALL.values()
        if module.name != owner
        for call, line in calls(module, names)
    ]
    assert not found, f"only {owner} may call these:\n" + "\n".join(found)
    assert any(True for _ in calls(ALL[owner], names)), f"{owner} no longer does it: update this test"


def test_click_is_only_in_the_command_line() -> None:
    users = sorted(
        name
        for name, module in ALL.items()
        if not (name == "presskit.cli" or name.startswith("presskit.cli."))
        for node in ast.walk(module.tree)
        if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click")
    )
    assert users == [], f"Click outside presskit/cli/: {users}"

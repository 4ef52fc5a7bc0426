"""The package's layers, read from its source: no import cycle anywhere, and nlp/ is a leaf.

Every import statement counts, wherever it stands: at the top, inside a function (the
usual way to hide a cycle), under `if TYPE_CHECKING:`. Imports by name at run time
(`importlib.import_module`) are not seen; the two registries that use it load their
own sub-packages only.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "tactful"

# What nlp/ may import from the rest of tactful: the exception types (a bad lexicon is a RulePackError).
NLP_MAY_IMPORT = {"tactful.errors"}


def module_files(package_dir: Path, name: str) -> dict[str, Path]:
    modules = {}
    for path in package_dir.rglob("*.py"):
        parts = [name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path, source: str) -> list[str]:
    """Every module name an import statement in the source names, at any depth in the file."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]  # `from pkg import module`
    return names


def import_graph(package_dir: Path, name: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a name is cut back to the module that defines it)."""
    modules = module_files(package_dir, name)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for imported in imported_names(module, path, path.read_text(encoding="utf-8")):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            # A module's own parent packages are imported before it anyway: not an edge of the layering.
            if imported and imported != module and not module.startswith(imported + "."):
                graph[module].add(imported)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_tactful_has_no_import_cycle():
    found = cycles(import_graph(PACKAGE_DIR, "tactful"))
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_nlp_imports_nothing_from_the_layers_above():
    graph = import_graph(PACKAGE_DIR, "tactful")
    outside = {
        f"{module} imports {imported}"
        for module, imports in graph.items() if module.startswith("tactful.nlp")
        for imported in imports if not imported.startswith("tactful.nlp") and imported not in NLP_MAY_IMPORT
    }
    assert not outside, sorted(outside)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


@pytest.mark.parametrize("importer_source", [
    "def later():\n    from pkg.low import helper\n",                      # inside a function
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import low\n",  # typing only
    "class Reader:\n    def read(self):\n        import pkg.low as low\n",  # in a method, as a module
    "def later():\n    from . import low\n",                               # relative
])
def test_the_cycle_finder_sees_imports_wherever_they_stand(tmp_path, importer_source):
    root = _package(tmp_path, {
        "__init__.py": "",
        "high.py": importer_source,
        "low.py": "from pkg.high import something\n",
    })
    assert cycles(import_graph(root, "pkg")) == [["pkg.high", "pkg.low"]]


def test_the_cycle_finder_passes_a_layered_package(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "nlp/__init__.py": "",
        "nlp/text.py": "import re\n",
        "signals.py": "from pkg.nlp.text import fold\n",
        "engine.py": "from pkg import signals\nfrom pkg.nlp import text\n",
    })
    graph = import_graph(root, "pkg")
    assert graph["pkg.engine"] == {"pkg.signals", "pkg.nlp", "pkg.nlp.text"}
    assert cycles(graph) == []

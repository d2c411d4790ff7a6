"""The toolkit's layers: src/coursekit/ has one folder per layer, a layer imports only from the
layers before it, and no modules import each other in a circle. Imports inside functions count;
imports for type annotations only (under ``if TYPE_CHECKING:``) do not, since they never run.

None is allowed: a helper that two layers need lives in the lower one (a rule reads the renderer's
helpers, never the other way round), and a higher layer that must add to a lower one does so
through a registry. Hiding an import from the graph (under ``TYPE_CHECKING`` while it runs, or as a
string given to importlib) is not a cut: the test below finds the importlib form too."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "coursekit"
# i18n (the message catalogue) sits below every layer; after export comes the top: app, cli and the small helpers
LAYERS = ["i18n", "model", "translation", "render", "rules", "outputs", "export"]
MAX_TOP_MODULES = 15


def _module(path: Path) -> str:
    return ".".join(("coursekit", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) >= 2 and parts[1] in LAYERS else len(LAYERS)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            for inner in ast.walk(block)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "coursekit":
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    found.add(child if child in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "coursekit"}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_every_module_sits_in_a_layer_folder_or_the_small_top() -> None:
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top
    folders = sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert set(folders) <= set(LAYERS), folders


def test_no_import_goes_up_a_layer() -> None:
    graph = _imports()
    upward = sorted(f"{a} -> {b}" for a, deps in graph.items() for b in deps if _layer(b) > _layer(a))
    assert upward == []


def test_no_import_circles() -> None:
    graph = _imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert circles == []


def test_no_import_is_hidden_in_a_string() -> None:
    """importlib with a literal coursekit name would hide an edge from the graph above."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted(SRC.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func).endswith(("import_module", "__import__"))
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and str(node.args[0].value).startswith("coursekit")
    ]
    assert found == []

"""The backends read the plan, not the model: no module under regelspraak/backends imports the expression nodes
from regelspraak.model (expressions.py, or their re-exports in model/nodes.py); the plan (plan/nodes.py) is
where a generator finds them. From model/nodes.py a backend may take `Model` (for annotations) and the
declarations the plan re-exports as they are (types, infos, articles, sign_violation).

Read with `ast`, so an import inside a function counts too, and `M.Const` on an alias of model/nodes.py
counts as much as importing `Const`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ROOT / "regelspraak" / "backends"
NODES = "regelspraak.model.nodes"
EXPRESSIONS = "regelspraak.model.expressions"
ALLOWED = frozenset({
    "Model", "ArticleRef", "AttributeInfo", "FactTypeInfo", "KenmerkInfo", "LawInfo", "ObjectTypeInfo",
    "ParameterInfo", "ParameterSetInfo", "RoleInfo", "Target", "Type", "Unit", "sign_violation",
    "BOOLEAN", "DATE", "EMPTY", "NUMBER", "TEXT", "DIMENSIONLESS",
})


def _module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a source file under ROOT, and whether it is a package (__init__.py)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _imported_from(module: str, package: bool, node: ast.ImportFrom) -> str:
    """The absolute module of `from … import …` (relative imports resolved against the importing module)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _dotted(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything but names and attributes."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else [*base, node.attr]
    return None


def model_reads(source: str, module: str, package: bool = False) -> list[str]:
    """What a module reads of the model's expressions: one line per import or attribute (empty: nothing)."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}                   # local name → the module (or module member) it stands for
    found: list[str] = []

    def check(path: str, line: int) -> None:
        if path == EXPRESSIONS or path.startswith(EXPRESSIONS + "."):
            found.append(f"{module}:{line}: {path}")
        elif path.startswith(NODES + ".") and path[len(NODES) + 1:].split(".")[0] not in ALLOWED:
            found.append(f"{module}:{line}: {path}")

    for node in ast.walk(tree):                    # imports first: aliases hold wherever they are used
        if isinstance(node, ast.Import):
            for a in node.names:
                check(a.name, node.lineno)
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            source_module = _imported_from(module, package, node)
            for a in node.names:
                path = f"{source_module}.{a.name}"
                check(path, node.lineno)
                aliases[a.asname or a.name] = path
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts = _dotted(node)
            if parts and parts[0] in aliases:
                full = ".".join([aliases[parts[0]], *parts[1:]])
                if full.startswith(NODES + ".") or full.startswith(EXPRESSIONS + "."):
                    check(full, node.lineno)
    return sorted(set(found))


SOURCES = sorted(BACKENDS.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(BACKENDS)) for p in SOURCES])
def test_backend_reads_the_plan(path: Path) -> None:
    module, package = _module_name(path)
    assert model_reads(path.read_text(encoding="utf-8"), module, package) == []


def test_every_backend_module_is_read() -> None:
    names = {str(p.relative_to(BACKENDS)) for p in SOURCES}
    assert {"code.py", "names.py", "python/generator.py", "python/case_function.py", "python/runtime.py",
            "numpy/generator.py"} <= names


@pytest.mark.parametrize("source", [
    "from regelspraak.model import nodes as M\ndef f(e):\n    return isinstance(e, M.Const)\n",
    "import regelspraak.model.nodes as M\nx = M.RuleVersion\n",
    "import regelspraak.model.nodes\nx = regelspraak.model.nodes.Attr\n",
    "from regelspraak.model.nodes import Model, Attr\n",
    "from regelspraak.model.nodes import *\n",
    "from regelspraak.model.expressions import Const\n",
    "from regelspraak.model import expressions\n",
    "import regelspraak.model.expressions\n",
    "from ...model import nodes as M\nk = M.ArithOp.PLUS\n",
    "from ...model.expressions import Var\n",
    "def f():\n    from ...model.nodes import Quantified\n",
])
def test_reading_the_model_is_found(source: str) -> None:
    """The check finds each way of reaching the model's expressions (as the backends did before they read the
    plan: `from regelspraak.model import nodes as M` … `M.Const`)."""
    assert model_reads(source, "regelspraak.backends.python.generator")


@pytest.mark.parametrize("source", [
    "from regelspraak.model.nodes import Model\n",
    "from regelspraak.model import nodes as M\ndef f(m: M.Model, t: M.Type) -> M.LawInfo: ...\n",
    "from ...model.nodes import ParameterSetInfo, sign_violation\n",
    "from regelspraak.plan import nodes as P\nx = P.Const\n",
    "from regelspraak.model.order import walk\nfrom regelspraak.model.disjoint import disjoint\n",
])
def test_declarations_and_the_plan_are_allowed(source: str) -> None:
    assert model_reads(source, "regelspraak.backends.python.generator") == []

"""Dependency order of attributes and kenmerken; cycles are errors (R502). `order(model, diag) -> Model`."""
from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Iterator, cast

from ..codes import Code
from ..diagnostics import Diagnostics, Label
from ..source import NO_SPAN
from . import nodes as M

_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(cls: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("span", "type"))
        _CHILD_FIELDS[cls] = names
    return names


def walk(node: M.Expr | M.Condition) -> Iterator[M.Expr | M.Condition]:
    """Every model node inside node (expressions, conditions), depth first, node included."""
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (tuple, list)):
            stack.extend(reversed(n))
            continue
        if not dataclasses.is_dataclass(n) or isinstance(n, (M.Type, M.ArticleRef)):
            continue
        yield cast("M.Expr | M.Condition", n)   # the only dataclasses below an expression or condition
        stack.extend(getattr(n, name) for name in reversed(_children(type(n))))


def reads_of(r: M.RuleVersion) -> set[tuple[str, str]]:
    """The (object type, attribute/kenmerk) pairs a rule version reads, lower-case."""
    out: set[tuple[str, str]] = set()
    roots = [r.expr, r.condition, r.check] + [e for _, e in r.variables]
    for root in roots:
        if root is None:
            continue
        for n in walk(root):
            if isinstance(n, M.Attr):
                out.add((n.object_type.lower(), n.name.lower()))
            elif isinstance(n, M.HasKenmerk):
                out.add((n.object_type.lower(), n.name.lower()))
    return out


def parameters_of(r: M.RuleVersion) -> frozenset[str]:
    """The lower-case names of the parameters a rule version reads (expression, condition, check, variables)."""
    roots = [r.expr, r.condition, r.check] + [e for _, e in r.variables]
    return frozenset(n.name.lower() for root in roots if root is not None for n in walk(root) if isinstance(n, M.Param))


def order(model: M.Model, diag: Diagnostics) -> M.Model:
    """Return the model with `order` set (inputs first); report each cycle once with its rules."""
    deps: dict[tuple[str, str], set[tuple[str, str]]] = {}
    writers: dict[tuple[str, str], list[M.RuleVersion]] = {}
    for r in model.rules:
        if r.kind in ("consistentie", "uniek"):
            continue
        t = (r.target.object_type.lower(), r.target.name.lower())
        deps.setdefault(t, set()).update(reads_of(r))
        writers.setdefault(t, []).append(r)
    result: list[tuple[str, str]] = []
    state: dict[tuple[str, str], int] = {}
    reported: set[frozenset[tuple[str, str]]] = set()

    def visit(node: tuple[str, str], path: list[tuple[str, str]]) -> None:
        st = state.get(node, 0)
        if st == 2:
            return
        if st == 1:
            cycle = path[path.index(node):]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                rules = [w for n in cycle for w in writers.get(n, [])][:4]
                names = " → ".join(n[1] for n in cycle + [node])
                first = rules[0] if rules else None
                diag.error(Code.R502, f"kringverwijzing: {names}", first.span if first else NO_SPAN,
                           note="deze regel hangt via andere regels van zichzelf af",
                           secondary=[Label(r.span, f"regel '{r.rule}'") for r in rules[1:]],
                           hint="een waarde mag niet (via andere waarden) van zichzelf afhangen; "
                                "splits de berekening of gebruik een invoerwaarde")
            return
        state[node] = 1
        for d in sorted(deps.get(node, ())):
            visit(d, path + [node])
        state[node] = 2
        result.append(node)

    for node in sorted(deps):
        visit(node, [])
    return replace(model, order=tuple(result))

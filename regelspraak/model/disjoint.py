"""A cheap, sound test that two conditions exclude each other (so two rules cannot both fire).

Conditions go to disjunctive normal form over atoms (kenmerk/role tests, comparisons); unknown parts are
dropped, which only makes proving harder, never wrong. Two conditions are disjoint when every pair of
their conjunctions contradicts: a kenmerk and its negation, x < c against x >= c, two different
constants for one value, or number/date intervals that do not meet. The analyses (z3) prove the rest.
"""
from __future__ import annotations

from itertools import product
from typing import Any, Literal, Union

from . import nodes as M

KenmerkAtom = tuple[Literal["k", "r"], str, str, bool]      # (k|r, base, kenmerk or role, negated)
CompareAtom = tuple[Literal["c"], str, str, str, Any]       # (c, left, op, right, constant or None)
Atom = Union[KenmerkAtom, CompareAtom]

_FLIP = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}
_LIMIT = 64


def _atom(c: M.Condition) -> Atom | None:
    if isinstance(c, M.HasKenmerk):
        return ("k", repr(c.base), c.name.lower(), c.negated)
    if isinstance(c, M.HasRole):
        return ("r", repr(c.base), c.role.lower(), c.negated)
    if isinstance(c, M.Compare) and c.op in _FLIP:
        const = c.right.value if isinstance(c.right, M.Const) and c.right.value is not None else None
        return ("c", repr(c.left), c.op, repr(c.right), const)
    return None


def _negate(atom: Atom) -> Atom:
    if atom[0] == "c":
        return ("c", atom[1], _FLIP[atom[2]], atom[3], atom[4])
    return atom[:3] + (not atom[3],)


def dnf(c: M.Condition | None) -> list[frozenset[Atom]]:
    """The condition as a list of conjunctions of atoms (an empty conjunction = no known constraint)."""
    if c is None:
        return [frozenset()]
    if isinstance(c, M.Quantified):
        parts = [dnf(i) for i in c.items]
        if c.quantifier == "alle" or (c.quantifier == "ten minste" and c.count == len(c.items)):
            out: list[frozenset[Atom]] = [frozenset()]
            for p in parts:
                out = [x | y for x, y in product(out, p)]
                if len(out) > _LIMIT:
                    return [frozenset()]
            return out
        if c.quantifier == "ten minste" and c.count == 1:
            return [x for p in parts for x in p][: _LIMIT] if sum(map(len, parts)) <= _LIMIT else [frozenset()]
        if c.quantifier == "geen":
            atoms = [_atom(i) for i in c.items]
            return [frozenset(_negate(a) for a in atoms if a is not None)]
        return [frozenset()]
    a = _atom(c)
    return [frozenset({a})] if a is not None else [frozenset()]


def disjoint(a: M.Condition | None, b: M.Condition | None) -> bool:
    """True when conditions a and b can never hold together (as far as this cheap test can see)."""
    return all(_contradicts(x | y) for x in dnf(a) for y in dnf(b))


def _contradicts(atoms: frozenset[Atom]) -> bool:
    facts = {(a[0], a[1], a[2]): a[3] for a in atoms if a[0] in ("k", "r")}
    if any((a[0], a[1], a[2]) in facts and facts[(a[0], a[1], a[2])] != a[3] for a in atoms if a[0] in ("k", "r")):
        return True
    by_left: dict[str, list[CompareAtom]] = {}
    for a in atoms:
        if a[0] == "c":
            by_left.setdefault(a[1], []).append(a)
    return any(_empty(group) for group in by_left.values())


def _empty(group: list[CompareAtom]) -> bool:
    symbolic = {(a[2], a[3]) for a in group}
    if any((_FLIP[op], right) in symbolic for op, right in symbolic):
        return True
    consts = [(a[2], a[4]) for a in group if a[4] is not None]
    try:
        equal = {v for op, v in consts if op == "=="}
        if len(equal) > 1:
            return True
        lo = hi = None
        lo_strict = hi_strict = False
        for op, v in consts:
            if op in (">", ">=") and (lo is None or v > lo or (v == lo and op == ">")):
                lo, lo_strict = v, op == ">"
            if op in ("<", "<=") and (hi is None or v < hi or (v == hi and op == "<")):
                hi, hi_strict = v, op == "<"
        if lo is not None and hi is not None and (lo > hi or (lo == hi and (lo_strict or hi_strict))):
            return True
        for v in equal:
            if ("!=", v) in consts or (lo is not None and (v < lo or (v == lo and lo_strict))) or \
                    (hi is not None and (v > hi or (v == hi and hi_strict))):
                return True
    except TypeError:
        return False
    return False

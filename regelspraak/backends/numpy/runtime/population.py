"""The input of a run in columnar form: object tables, facts, and the navigation indexes built from them.

In: a ``Table`` per object type (``Num``/``Date``/``Cat`` columns, kenmerken as bool arrays) and ``Facts``
(row index arrays per role), or an interpreter population through ``from_interpreter``; ``column_of`` makes
a column of Python values.  Out: ``Population.relation`` a ``Relation`` (CSR in the interpreter's fact order,
and the single partner for 0..1 roles), ``Population.plays`` a bool array of the rows that play a role.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable

import numpy as np

from .columns import LIMIT, Cat, Date, Num
from .days import _EPOCH


@dataclass
class Table:
    """The objects of one type: n rows, input columns (Num/Date/Cat) and given kenmerken (bool arrays)."""
    n: int
    columns: dict[str, Any] = field(default_factory=dict)
    kenmerken: dict[str, np.ndarray] = field(default_factory=dict)
    ids: list | None = None

    def __post_init__(self):
        self.columns = {k.lower(): v for k, v in self.columns.items()}
        self.kenmerken = {k.lower(): np.asarray(v, dtype=bool) for k, v in self.kenmerken.items()}


@dataclass
class Facts:
    """The facts of one fact type: slots (role, object type, row index array), all of length m, in fact order.

    A reciprocal fact type has two slots with the same role."""
    fact_type: str
    slots: list[tuple[str, str, np.ndarray]]


class Relation:
    """Navigation from one object type via a role: CSR (offsets, targets) in the interpreter's order,
    and for 0..1 roles the single partner (−1 none) with a mask of rows that have more than one."""
    __slots__ = ("target", "offsets", "targets", "single", "miss", "multi", "any_multi")

    def __init__(self, target, offsets, targets, n):
        self.target, self.offsets, self.targets = target, offsets, targets
        counts = np.diff(offsets)
        self.multi = counts > 1
        self.any_multi = bool(self.multi.any())
        single = np.full(n, -1, dtype=np.int64)
        has = counts > 0
        single[has] = targets[offsets[:-1][has]]
        self.single, self.miss = single, ~has


class Population:
    """Object tables by type name plus facts; navigation indexes are built on first use and cached."""

    def __init__(self, tables: dict[str, Table], facts: Iterable[Facts] = ()):
        self.tables = {k.lower(): v for k, v in tables.items()}
        self.facts = list(facts)
        self._rels: dict = {}
        self._plays: dict = {}

    def table(self, name: str) -> Table:
        t = self.tables.get(name.lower())
        if t is None:
            t = self.tables[name.lower()] = Table(0)
        return t

    def relation(self, source: str, fact_type: str, role: str) -> Relation:
        key = (source.lower(), fact_type.lower(), role.lower())
        rel = self._rels.get(key)
        if rel is not None:
            return rel
        n = self.table(source).n
        srcs, tgts, order_keys, target = [], [], [], None
        for fno, f in enumerate(self.facts):
            if f.fact_type.lower() != key[1]:
                continue
            k = len(f.slots)
            for i, (ri, ti, ii) in enumerate(f.slots):
                if ti.lower() != key[0]:
                    continue
                for j, (rj, tj, ij) in enumerate(f.slots):
                    if i == j or rj.lower() != key[2]:
                        continue
                    target = tj
                    m = len(ii)
                    srcs.append(np.asarray(ii, np.int64))
                    tgts.append(np.asarray(ij, np.int64))
                    # interpreter order: facts in order; within a fact, slot i then slot j
                    order_keys.append((np.full(m, fno, np.int64), np.arange(m, dtype=np.int64),
                                       np.full(m, i * k + j, np.int64)))
        if srcs:
            s, t = np.concatenate(srcs), np.concatenate(tgts)
            kf = np.concatenate([o[0] for o in order_keys])
            kr = np.concatenate([o[1] for o in order_keys])
            kp = np.concatenate([o[2] for o in order_keys])
            order = np.lexsort((kp, kr, kf, s))
            s, t = s[order], t[order]
        else:
            s = t = np.zeros(0, np.int64)
        counts = np.bincount(s, minlength=n) if len(s) else np.zeros(n, np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        rel = Relation((target or "").lower(), offsets, t, n)
        self._rels[key] = rel
        return rel

    def plays(self, source: str, fact_type: str, role: str) -> np.ndarray:
        key = (source.lower(), fact_type.lower(), role.lower())
        got = self._plays.get(key)
        if got is None:
            got = np.zeros(self.table(source).n, dtype=bool)
            for f in self.facts:
                if f.fact_type.lower() != key[1]:
                    continue
                for r, t, idx in f.slots:
                    if r.lower() == key[2] and t.lower() == key[0]:
                        got[np.asarray(idx, np.int64)] = True
            self._plays[key] = got
        return got


def from_interpreter(model, population) -> Population:
    """The columnar form of an interpreter Population (instances and facts), for differential tests."""
    by_type: dict[str, list] = {}
    for inst in population.instances:
        by_type.setdefault(inst.type.lower(), []).append(inst)
    tables: dict[str, Table] = {}
    where: dict[str, tuple[str, int]] = {}
    for tname, insts in by_type.items():
        info = model.object_type(tname)
        cols, kenm = {}, {}
        for i, inst in enumerate(insts):
            where[inst.id] = (tname, i)
        if info is not None:
            for key, a in info.attributes.items():
                vals = [inst.values.get(key) for inst in insts]
                if all(v is None for v in vals):
                    continue
                cols[key] = column_of(a.type.kind, vals)
            for key in info.kenmerken:
                vals = [bool(inst.kenmerken.get(key)) for inst in insts]
                if any(vals):
                    kenm[key] = np.array(vals, dtype=bool)
        tables[tname] = Table(len(insts), cols, kenm, [inst.id for inst in insts])
    facts = []
    for f in population.facts:
        ft = model.fact_types.get(f.fact_type.lower())
        slots = []
        for role, who in f.roles:
            t, i = where[who]
            slots.append((role, t, np.array([i], np.int64)))
        facts.append(Facts(ft.name if ft else f.fact_type, slots))
    return Population(tables, _merge_facts(facts))


def _merge_facts(facts: list[Facts]) -> list[Facts]:
    """Consecutive facts with the same shape as one Facts block (keeps the fact order)."""
    out: list[Facts] = []
    for f in facts:
        shape = (f.fact_type.lower(), tuple((r.lower(), t) for r, t, _ in f.slots))
        if out:
            last = out[-1]
            if (last.fact_type.lower(), tuple((r.lower(), t) for r, t, _ in last.slots)) == shape:
                last.slots = [(r, t, np.concatenate([a, b[2]])) for (r, t, a), b in zip(last.slots, f.slots)]
                continue
        out.append(Facts(f.fact_type, list(f.slots)))
    return out


def column_of(kind: str, vals: list):
    """A column from Python values (Fraction/int, date, str/bool, None for leeg)."""
    leeg = np.array([v is None for v in vals], dtype=bool)
    if kind in ("number", "percentage"):
        fr = [Fraction(0) if v is None else Fraction(v) for v in vals]
        den = 1
        for x in fr:
            den = den * x.denominator // math.gcd(den, x.denominator)
        if den > LIMIT:
            return Num.of(np.array([x.numerator for x in fr], dtype=object),
                          np.array([x.denominator for x in fr], dtype=object), leeg)
        ints = [int(x * den) for x in fr]
        arr = np.array(ints, dtype=object) if any(abs(i) > LIMIT for i in ints) else np.array(ints, dtype=np.int64)
        return Num.of(arr, den, leeg)
    if kind == "date":
        return Date.of([_EPOCH if v is None else v.toordinal() for v in vals], leeg)
    return Cat.of(list(vals), leeg)

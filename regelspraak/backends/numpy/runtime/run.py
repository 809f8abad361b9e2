"""One run of a generated module: attribute columns, rule versions and findings.

In: a ``Compiled`` module (parameter sets, attributes, versions, column functions, checks), a ``Population``
and a rekendatum.  Out: ``Run`` computes each attribute or kenmerk once as a ``Column`` (value and per-row
error codes), collecting its rule versions in a ``Target`` (R601 for two versions on one row, R604 for sign
or decimals), and reports ``Finding``s with row numbers; ``Run.python`` gives the interpreter's value of a row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np

from regelspraak.codes import Code
from regelspraak.evaluate import findings as F
from regelspraak.evaluate import values as V
from regelspraak.evaluate.findings import FAILED
from regelspraak.evaluate.driver import applies, laws_not_in_force, select_parameters
from regelspraak.plan.nodes import ParameterSetInfo

from .columns import Cat, Date, Num, _all_leeg, _big, _full_obj, _obj, lift
from .compare import _cmp_raw, choose
from .days import _EPOCH
from .errors import CODES, FAILED_INPUT, R601, R604, R605, Ev
from .masks import _and, _arr, _lor, _not, _or, _zero
from .population import Population, Relation


@dataclass
class Finding:
    code: str
    object_type: str
    attribute: str | None
    rows: np.ndarray
    rule: str | None = None


class Column:
    """A computed attribute or kenmerk: its value and the rows whose evaluation failed (int8 codes)."""
    __slots__ = ("value", "err", "kenmerk", "fired_by")

    def __init__(self, value, err, kenmerk: bool, fired_by: tuple = ()):
        self.value, self.err, self.kenmerk = value, err, kenmerk
        self.fired_by = fired_by    # (version id, bool mask or True) per rule version that gave rows a value

    def python(self, i: int):
        """The interpreter's value for row i: Fraction/date/str/bool, None for leeg, FAILED where the evaluation
        failed (its own error or an input that failed)."""
        if self.err is not None and self.err[i]:
            return FAILED
        if self.kenmerk:
            return bool(self.value[i])
        return self.value.value(i)


class Target:
    """Collects the rule versions of one attribute or kenmerk for all rows (see Run)."""

    def __init__(self, run: "Run", otype: str, name: str):
        self.run, self.otype, self.name = run, otype, name
        self.kind, self.decimals, self.sign, self.is_kenmerk = run.module.ATTRIBUTES[(otype, name)]
        self.table = run.pop.table(otype)
        self.n = self.table.n
        self.err: np.ndarray | None = None                  # int8 codes, made at the first error
        self.count = None
        self.fired: list = []
        self.vids: list = []
        self.current: int | None = None
        self.pending: np.ndarray | None = None              # rows a geïnitialiseerd version may still fill
        self.given: np.ndarray | Num | Date | Cat | None    # the given kenmerk (bools) or input column
        if self.is_kenmerk:
            given = self.table.kenmerken.get(name)
            self.given = given if given is not None else np.zeros(self.n, dtype=bool)
        else:
            self.given = self.table.columns.get(name)

    def _subjects(self, role):
        if role is None:
            return None
        return self.run.pop.plays(self.otype, role[0], role[1])

    def version(self, role=None) -> Ev:
        self.current = self.run.current_vid        # set by run.applies just before; nested columns change it
        ev = Ev(self.n, self._subjects(role))
        if self.err is not None:
            ev.stack.append(self.err == 0)
        if self.pending is not None:
            ev.stack.append(self.pending)
        return ev

    def _checked(self, ev: Ev, c, x):
        """R604: a value breaking the declared sign, or with more decimals than declared."""
        if self.is_kenmerk or not isinstance(x, (Num, Fraction, int)) or self.kind not in ("number", "percentage"):
            return x
        if not isinstance(x, Num):
            from regelspraak.model.nodes import sign_violation
            places = V.decimals_of(Fraction(x))
            bad = sign_violation(x, self.sign) or (
                self.decimals is not None and (places is None or places > self.decimals))
            if bad:
                with ev.where(c):
                    ev.fail(True, R604)
            return x
        bad = False
        if self.sign is not None:
            s = {"negatief": ">=", "niet-negatief": "<", "positief": "<="}[self.sign]
            lo, hi = x.lo, x.hi
            can = {"negatief": hi >= 0, "niet-negatief": lo < 0, "positief": lo <= 0}[self.sign]
            if can:
                bad = _cmp_raw(s, x.v, 0)
                if x.leeg is not None:
                    bad = _and(bad, _not(x.leeg))
        if self.decimals is not None:
            m = 10 ** self.decimals
            if not (x.scalar_den and m % x.den == 0):
                v = x.v if not _big(x.lo * m, x.hi * m) else _obj(x.v)
                bad = _or(bad, (v * m) % x.den != 0)
        if bad is not False:
            with ev.where(c):
                ev.fail(bad, R604)
        return x

    def _absorb(self, ev: Ev):
        if ev.err is None:
            return
        if self.err is None:
            self.err = ev.err
        else:
            self.err = np.where(self.err != 0, self.err, ev.err)

    def fire(self, ev: Ev, c, x=None):
        """Rows where a version's condition c held (and its value x, evaluated only there)."""
        if ev.base is not None:
            c = _and(c, ev.base)
        if x is not None or not self.is_kenmerk:
            x = self._checked(ev, c, x)
        self._absorb(ev)
        if c is False or (isinstance(c, np.ndarray) and not c.any()):
            return
        if self.pending is not None:             # a geïnitialiseerd version: the first one that holds
            c = _and(c, self.pending)
            self.pending = _and(self.pending, _not(c))
        self.fired.append((c, x))
        self.vids.append(self.current)

    def _fired_by(self) -> tuple:
        """(version id, mask) of the rows each version gave its value, without the rows that failed."""
        ok = None if self.err is None else self.err == 0
        out = []
        for vid, (c, _) in zip(self.vids, self.fired):
            out.append((vid, c if ok is None else _and(c, ok)))
        return tuple(out)

    def _regular(self):
        return self.fired if self.pending is None else self.fired[:self._n_regular]

    def begin_init(self):
        """Geïnitialiseerd versions apply where no version fired and no value was given."""
        pending = True
        for c, _ in self.fired:
            pending = _and(pending, _not(c))
        if self.given is not None and not self.is_kenmerk:
            pending = _and(pending, self.given.leeg if self.given.leeg is not None else False)
        if self.err is not None:
            pending = _and(pending, self.err == 0)
        self.pending = np.broadcast_to(np.asarray(pending, dtype=bool), (self.n,)) if not isinstance(
            pending, np.ndarray) else pending
        self._n_regular = len(self.fired)

    def finish(self) -> Column:
        n = self.n
        regular = self._regular()
        if len(regular) > 1 and not self.is_kenmerk:         # two versions firing on one row: R601
            count: np.ndarray | int = 0
            for c, _ in regular:
                count = count + (c.view(np.int8) if isinstance(c, np.ndarray) else int(c))
            conflict = count > 1
            if isinstance(conflict, np.ndarray) and conflict.any():
                if self.err is not None:
                    conflict &= self.err == 0
                if conflict.any():
                    if self.err is None:
                        self.err = np.zeros(n, np.int8)
                    self.err[conflict] = R601
            elif conflict is True:
                self.err = np.where(self.err == 0, R601, self.err).astype(np.int8) if self.err is not None \
                    else np.full(n, R601, np.int8)
        if self.is_kenmerk:
            value = self.given
            for c, _ in self.fired:
                value = value | c
            value = np.broadcast_to(np.asarray(value, dtype=bool), (n,))
            if self.err is not None:
                value = value & (self.err == 0)
            return Column(np.ascontiguousarray(value), self.err, True, self._fired_by())
        value = self.given
        for c, x in self.fired:
            x = lift(x, self.kind)
            value = _restrict(x, c, n) if value is None else choose(c, x, value)
        value = _full(value if value is not None else lift(None, self.kind), n)
        if self.err is not None:
            bad = self.err != 0
            if bad.any():
                value = _blank(value, bad)
        return Column(value, self.err, False, self._fired_by())


def _restrict(x, c, n):
    """x where c holds, leeg elsewhere."""
    if c is True:
        return x
    off = ~np.broadcast_to(c, (n,))
    if isinstance(x, Num):
        v = x.v if isinstance(x.v, np.ndarray) else np.full(n, x.v, dtype=object if _big(x.v) else np.int64)
        return Num(np.where(off, 0, v), x.den if not isinstance(x.den, np.ndarray) else np.where(off, 1, x.den),
                   _lor(x.leeg, off), min(x.lo, 0), max(x.hi, 0), x.dhi)
    if isinstance(x, Date):
        o = x.o
        return Date(np.where(off, _EPOCH, o), _lor(x.leeg, off), None, min(x.lo, _EPOCH), max(x.hi, _EPOCH))
    v = x.v if isinstance(x.v, np.ndarray) else _full_obj(n, x.v)
    return Cat(v, _lor(x.leeg, off))


def _full(x, n):
    """A column value with arrays of length n (scalars broadcast)."""
    if isinstance(x, Num):
        v = x.v if isinstance(x.v, np.ndarray) else np.full(n, x.v, dtype=object if _big(x.v) else np.int64)
        leeg = x.leeg if x.leeg is not True else np.ones(n, bool)
        return Num(v, x.den, leeg, x.lo, x.hi, x.dhi)
    if isinstance(x, Date):
        o = x.o
        o = o if isinstance(o, np.ndarray) else np.full(n, o, np.int64)
        leeg = x.leeg if x.leeg is not True else np.ones(n, bool)
        return Date(o, leeg)
    v = x.v if isinstance(x.v, np.ndarray) else _full_obj(n, x.v)
    leeg = x.leeg if x.leeg is not True else np.ones(n, bool)
    return Cat(v, leeg)


def _blank(x, bad):
    if isinstance(x, Num):
        return Num(_zero(x.v, bad), x.den, _lor(x.leeg, bad), min(x.lo, 0), max(x.hi, 0), x.dhi)
    if isinstance(x, Date):
        return Date(np.where(bad, _EPOCH, x.o), _lor(x.leeg, bad))
    return Cat(x.v, _lor(x.leeg, bad))


class Run:
    """One evaluation of a generated module over a population at a rekendatum (like interpreter.Evaluation)."""

    def __init__(self, module, population: Population, rekendatum: date, parameterset: str | None = None):
        self.module, self.pop, self.rekendatum = module, population, rekendatum
        self.rekenjaar = Fraction(rekendatum.year)
        self.params = self._parameters(parameterset)
        self.not_in_force = self._laws_not_in_force()
        self.columns: dict[tuple[str, str], Column] = {}
        self.findings: list[Finding] = []
        self._busy: set = set()
        self.current_vid: int | None = None       # the rule version being evaluated (Target.fire records it)

    def _parameters(self, name: str | None) -> dict:
        """The parameter values on the rekendatum (a RuleError, which is a RunError, for a bad set name)."""
        return select_parameters(self.module.parameter_sets, self.rekendatum, name)

    def _laws_not_in_force(self) -> frozenset[str]:
        return laws_not_in_force(self.module.parameter_sets, self.rekendatum)

    # ------------------------------------------------------------------ used by generated code
    def applies(self, vid: int) -> bool:
        self.current_vid = vid
        return applies(self.module.VERSIONS[vid], self.rekendatum, self.not_in_force)

    def param(self, ev: Ev, name: str):
        if name not in self.params:
            ev.fail(True, R605)
            return None
        return self.params[name]

    def column(self, otype: str, name: str) -> Column:
        key = (otype, name)
        col = self.columns.get(key)
        if col is not None:
            return col
        if key in self._busy:
            raise F.cycle(name, otype)              # a RuleError, which is a RunError
        self._busy.add(key)
        try:
            fn = self.module.FUNCTIONS.get(key)
            if fn is not None:
                col = fn(self)
            else:
                col = self._given(otype, name)
        finally:
            self._busy.discard(key)
        self.columns[key] = col
        if col.err is not None:
            for code in np.unique(col.err[col.err != 0]):
                if int(code) in CODES:                  # not FAILED_INPUT: the value it read has the finding
                    self.findings.append(Finding(CODES[int(code)], otype, name, np.flatnonzero(col.err == code)))
        return col

    def read(self, ev: Ev, otype: str, name: str):
        """The value column (Num/Date/Cat, or bools for a kenmerk) of an attribute or kenmerk of the subject's own
        type, computed once; rows (reached by ev) where it failed fail too (FAILED_INPUT)."""
        col = self.column(otype, name)
        if col.err is not None:
            ev.fail(col.err != 0, FAILED_INPUT)
        return col.value

    def _given(self, otype, name) -> Column:
        kind, decimals, sign, is_kenmerk = self.module.ATTRIBUTES[(otype, name)]
        t = self.pop.table(otype)
        if is_kenmerk:
            k = t.kenmerken.get(name)
            return Column(k if k is not None else np.zeros(t.n, bool), None, True)
        col = t.columns.get(name)
        if col is None:
            col = _all_leeg(lift(None, kind), t.n)
        return Column(_full(col, t.n), None, False)

    def rel(self, source: str, fact_type: str, role: str) -> Relation:
        return self.pop.relation(source, fact_type, role)

    def plays(self, source: str, fact_type: str, role: str):
        return self.pop.plays(source, fact_type, role)

    def subjects(self, otype: str, role=None) -> Ev:
        base = None if role is None else self.plays(otype, role[0], role[1])
        return Ev(self.pop.table(otype).n, base)

    def inconsistent(self, vid: int, otype: str, ev: Ev, bad):
        """A consistentieregel: R603 where the condition holds and the check fails; errors as findings."""
        n = ev.n
        rule = self.module.VERSIONS[vid].label()
        if ev.base is not None:
            bad = _and(bad, ev.base)
        bad = _arr(bad, n) if not isinstance(bad, np.ndarray) else np.broadcast_to(bad, (n,))
        if ev.err is not None:
            bad = bad & (ev.err == 0)
            for code in np.unique(ev.err[ev.err != 0]):
                self.findings.append(Finding(CODES[int(code)], otype, None, np.flatnonzero(ev.err == code), rule))
        if bad.any():
            self.findings.append(Finding(Code.R603, otype, None, np.flatnonzero(bad), rule))

    # ------------------------------------------------------------------ whole run
    def all(self) -> "Run":
        """Compute every attribute and kenmerk of every object type, then the consistentieregels."""
        for otype, name in self.module.MEMBERS:
            if self.pop.table(otype).n or (otype, name) in self.module.FUNCTIONS:
                self.column(otype, name)
        for check in self.module.CHECKS:
            check(self)
        return self

    def python(self, otype: str, name: str, row: int):
        return self.column(otype, name).python(row)


class Compiled:
    """The tables and functions of one generated module, as Run uses them."""

    def __init__(self, parameter_sets, attributes, members, versions, functions, checks):
        self.PARAMETER_SETS, self.ATTRIBUTES, self.MEMBERS = parameter_sets, attributes, members
        self.parameter_sets = tuple(ParameterSetInfo(n, start, end, values, (), law)
                                    for n, start, end, law, values in parameter_sets)
        self.VERSIONS, self.FUNCTIONS, self.CHECKS = versions, functions, checks


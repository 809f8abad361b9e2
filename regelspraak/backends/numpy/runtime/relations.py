"""Objects reached through roles, and aggregations.

In: the subject (``self_ref``) and a ``Relation`` of the population.  Out: ``nav`` one partner per row (``Ref``,
−1 for none; two partners on a 0..1 role is an R606), ``nav_all``/``keep`` all partners (``Coll``, CSR
offsets), ``attr``/``kenmerk``/``role`` the partners' values (a ``Lst`` for a collection), and ``agg``/
``agg_items`` de som / het aantal / de maximale, minimale waarde / eerste / laatste as a ``Num``.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from regelspraak.evaluate import values as V

from .columns import Cat, Date, Num, _all_leeg, _big, _is_col, _num, _obj
from .compare import _where_num, cmp
from .errors import FAILED_INPUT, R606, Ev
from .masks import _and, _arr, _lor, _not, _or, _zero
from .numbers import add
from .population import Relation
from .run import Column


class Ref:
    """Per subject row, one object of `table` (idx, −1 for none); idx None means the subject itself."""
    __slots__ = ("table", "idx", "miss")

    def __init__(self, table: str, idx=None, miss=None):
        self.table, self.idx, self.miss = table, idx, miss


class Coll:
    """Per subject row, a list of objects of `table`: CSR offsets (n+1) and target rows, in fact order."""
    __slots__ = ("table", "offsets", "idx", "_seg")

    def __init__(self, table: str, offsets, idx, seg=None):
        self.table, self.offsets, self.idx, self._seg = table, offsets, idx, seg

    def counts(self):
        return np.diff(self.offsets)

    @property
    def seg(self):
        if self._seg is None:
            self._seg = np.repeat(np.arange(len(self.offsets) - 1), self.counts())
        return self._seg


class Lst:
    """Per subject row, a list of values: entry values and the subject row of each entry."""
    __slots__ = ("values", "coll")

    def __init__(self, values, coll: Coll):
        self.values, self.coll = values, coll


def self_ref(table: str) -> Ref:
    return Ref(table)


def nav(ev: Ev, base: Ref, rel: "Relation") -> Ref:
    """The one object playing a role (0..1); two or more is an R606 on the reached rows."""
    if base.idx is None:
        if rel.any_multi:
            ev.fail(rel.multi, R606)
        return Ref(rel.target, rel.single, rel.miss)
    ok = ~base.miss
    src = np.where(ok, base.idx, 0)
    if rel.any_multi:
        ev.fail(rel.multi[src] & ok if len(rel.multi) else False, R606)
    idx = np.where(ok, rel.single[src], -1) if len(rel.single) else np.full(len(src), -1)
    return Ref(rel.target, idx, idx < 0)


def nav_all(ev: Ev, base: Ref, rel: "Relation") -> Coll:
    """All objects playing a role (meerdere), in the interpreter's fact order."""
    if base.idx is not None:
        raise NotImplementedError("navigatie naar meerdere objecten vanaf een ander object dan het onderwerp")
    return Coll(rel.target, rel.offsets, rel.targets)


def _failed_members(ev: Ev, ref, err) -> None:
    """Rows whose reached object(s) have a failed value (err != 0 over the target table) fail too."""
    if err is None or not len(err):
        return
    bad = err != 0
    if not bad.any():
        return
    if isinstance(ref, Coll):
        if len(ref.idx):
            hits = np.bincount(ref.seg, weights=bad[ref.idx], minlength=len(ref.offsets) - 1)
            ev.fail(hits > 0, FAILED_INPUT)
        return
    if ref.idx is None:
        ev.fail(bad, FAILED_INPUT)
        return
    ok = ~ref.miss
    ev.fail(bad[np.where(ok, ref.idx, 0)] & ok, FAILED_INPUT)


def keep(ev: Ev, coll: Coll, mask_of_target, negated: bool = False) -> Coll:
    """`die …` (`die niet …`): keep the members for which the mask (over the target table) holds (does not
    hold); a Column's failed rows make the subjects that reach them fail."""
    if isinstance(mask_of_target, Column):
        _failed_members(ev, coll, mask_of_target.err)
        mask_of_target = mask_of_target.value
    if negated:
        mask_of_target = _not(mask_of_target)
    if mask_of_target is True:
        return coll
    if mask_of_target is False:
        return Coll(coll.table, np.zeros_like(coll.offsets), coll.idx[:0])
    k = mask_of_target[coll.idx] if len(coll.idx) else np.zeros(0, bool)
    kept = np.concatenate([[0], np.cumsum(k, dtype=np.int64)])
    return Coll(coll.table, kept[coll.offsets], coll.idx[k])


def attr(ev: Ev, ref, column):
    """An attribute of the object(s) a navigation reaches; no object → leeg. A Column's failed rows make the
    subjects that reach them fail."""
    if isinstance(column, Column):
        _failed_members(ev, ref, column.err)
        column = column.value
    if isinstance(ref, Coll):
        return Lst(column.take(ref.idx) if len(ref.idx) else _empty_like(column), ref)
    if ref.idx is None:
        return column
    n_target = _len(column)
    if n_target == 0:
        return _all_leeg(column, len(ref.idx))
    got = column.take(ref.idx)
    miss = ref.miss
    if isinstance(got, Num):
        leeg = _lor(got.leeg, miss) if miss.any() else got.leeg
        v = _zero(got.v, miss) if miss.any() else got.v
        return Num(v, got.den, leeg, min(got.lo, 0), max(got.hi, 0), got.dhi)
    if isinstance(got, Date):
        return Date(got.o, _lor(got.leeg, miss) if miss.any() else got.leeg)
    return Cat(got.v, _lor(got.leeg, miss) if miss.any() else got.leeg)


def _len(col) -> int:
    if isinstance(col, Num):
        return len(col.v) if isinstance(col.v, np.ndarray) else 0
    if isinstance(col, Date):
        return len(col.o) if isinstance(col.o, np.ndarray) else 0
    if isinstance(col, Cat):
        return len(col.v) if isinstance(col.v, np.ndarray) else 0
    return len(col)


def _empty_like(column):
    return _all_leeg(column, 0)


def kenmerk(ev: Ev, ref: Ref, column, negated: bool):
    """`zijn partner is …`: the kenmerk of the object reached; no object → False (also when negated)."""
    if isinstance(column, Column):
        _failed_members(ev, ref, column.err)
        column = column.value
    if ref.idx is None:
        return _not(column) if negated else column
    if len(column) == 0:
        return np.zeros(len(ref.idx), bool)
    got = column[ref.idx]
    if negated:
        got = ~got
    return got & ~ref.miss


def role(ev: Ev, ref: Ref, plays, negated: bool):
    """`hij is een aanvrager` for the object reached; no object → False."""
    return kenmerk(ev, ref, plays, negated)


def agg(ev: Ev, kind: str, items, zero_default: bool):
    """de som / het aantal / de maximale / minimale waarde / eerste / laatste van a collection."""
    if isinstance(items, (Coll, Ref)) and kind == "aantal":
        if isinstance(items, Ref):
            return Num((~items.miss).astype(np.int64) if items.idx is not None else 1, 1, None, 0, 1)
        c = items.counts().astype(np.int64)
        return Num(c, 1, None, 0, int(c.max()) if len(c) else 0)
    if not isinstance(items, Lst):
        raise NotImplementedError(f"aggregatie '{kind}' over {type(items).__name__}")
    vals, coll = items.values, items.coll
    nseg = len(coll.offsets) - 1
    seg = coll.seg
    if kind == "aantal":
        c = coll.counts().astype(np.int64)
        return Num(c, 1, None, 0, int(c.max()) if len(c) else 0)
    if not isinstance(vals, Num) or not vals.scalar_den:
        raise NotImplementedError(f"aggregatie '{kind}' over niet-getallen of breuken per rij")
    filled = np.ones(len(seg), bool) if vals.leeg is None else ~_arr(vals.leeg, len(seg))
    nfilled = np.bincount(seg[filled], minlength=nseg) if len(seg) else np.zeros(nseg, np.int64)
    none = nfilled == 0
    maxlen = int(coll.counts().max()) if nseg else 0
    v = vals.v if isinstance(vals.v, np.ndarray) else np.full(len(seg), vals.v, np.int64)
    if kind == "som":
        lo, hi = min(vals.lo, 0) * maxlen, max(vals.hi, 0) * maxlen
        big = _big(lo, hi)
        out = np.zeros(nseg, dtype=object if big or v.dtype == object else np.int64)
        np.add.at(out, seg, _obj(v) if big else v)
        leeg = None
        if not zero_default and none.any():
            leeg = none
        return Num(out, vals.den, leeg, lo, hi)
    if kind in ("maximale waarde", "minimale waarde"):
        out = np.zeros(nseg, dtype=v.dtype)
        fn = np.maximum if kind == "maximale waarde" else np.minimum
        sv, vv = seg[filled], v[filled]
        init = vals.lo if kind == "maximale waarde" else vals.hi
        out[:] = init
        fn.at(out, sv, vv)
        out = np.where(none, 0, out)
        return Num(out, vals.den, none if none.any() else None, min(vals.lo, 0), max(vals.hi, 0))
    if kind in ("eerste", "laatste"):
        pos = np.arange(len(seg))
        pick = np.full(nseg, -1, np.int64)
        if kind == "eerste":
            pick[:] = len(seg)
            np.minimum.at(pick, seg[filled], pos[filled])
        else:
            np.maximum.at(pick, seg[filled], pos[filled])
        safe = np.where(none, 0, pick)
        out = np.where(none, 0, v[safe] if len(v) else 0)
        return Num(out, vals.den, none if none.any() else None, min(vals.lo, 0), max(vals.hi, 0))
    raise NotImplementedError(f"aggregatie '{kind}'")


def agg_items(ev: Ev, kind: str, items: list, zero_default: bool):
    """An aggregation over a list of expressions (`de maximale waarde van A, B en C`)."""
    if all(not _is_col(i) for i in items):
        vals = list(items)
        if kind == "aantal":
            return Fraction(len(vals))
        if kind == "som":
            return V.agg_sum(vals, zero_default)
        return {"maximale waarde": V.agg_max, "minimale waarde": V.agg_min, "eerste": V.agg_first,
                "laatste": V.agg_last}[kind](vals)
    if kind == "aantal":
        return Fraction(len(items))
    cols = [_num(i) for i in items]
    if kind == "som":
        total = cols[0]
        for c in cols[1:]:
            total = add(ev, total, c)
        none = True
        for c in cols:
            none = _and(none, c.leeg if c.leeg is not None else False)
        leeg = None if zero_default or none is False else none
        return Num(_zero(total.v, leeg), total.den, leeg, min(total.lo, 0), max(total.hi, 0), total.dhi)
    out = None
    order = cols if kind != "laatste" else cols[::-1]
    for c in order:
        if out is None:
            out = c
            continue
        if kind in ("eerste", "laatste"):
            out = _where_num(_arr(out.leeg, ev.n) if out.leeg is not True else True, c, out)
            continue
        better = cmp(ev, ">" if kind == "maximale waarde" else "<", c, out)
        take = _or(better, _and(_leeg_of(out), _not(_leeg_of(c))))
        out = _where_num(take, c, out)
    return out


def _leeg_of(x):
    return False if x.leeg is None else x.leeg

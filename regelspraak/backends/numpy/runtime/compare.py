"""Comparison, row-wise choice and bounds, over column values of any kind.

In: two column values (or row-independent values) with an operator, or a mask.  Out: ``cmp`` a mask with the
leeg rules of ``values.compare``; ``choose`` a column taking ``a`` where the mask holds and ``b`` elsewhere;
``bound`` the number limited by ``met een minimum/maximum van`` (an R602 where the minimum exceeds the maximum).
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np

from regelspraak.evaluate import values as V

from .columns import Cat, Date, Num, _big, _full_obj, _is_col, _num, _obj, lift
from .errors import R602, Ev
from .masks import _and, _lor, _not, _or, _xor, _zero
from .numbers import _align, _both_scalar


def _cmp_raw(op: str, a, b):
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    if op == ">=":
        return a >= b
    if op == "==":
        return a == b
    return a != b


def _where_num(mask, a: Num, b: Num) -> Num:
    """Row-wise choice: a where mask, else b (leeg included)."""
    if mask is True:
        return a
    if mask is False:
        return b
    av, bv, den, (alo, ahi), (blo, bhi), dhi = _align(a, b)
    if isinstance(den, np.ndarray) or isinstance(a.den, np.ndarray) or isinstance(b.den, np.ndarray):
        # per-row denominators: choose numerator and denominator of each side as they are
        ad = a.den if isinstance(a.den, np.ndarray) else np.full(len(mask), a.den, dtype=object if _big(a.dhi) else np.int64)
        bd = b.den if isinstance(b.den, np.ndarray) else np.full(len(mask), b.den, dtype=object if _big(b.dhi) else np.int64)
        av, bv = a.v, b.v
        big = (isinstance(av, np.ndarray) and av.dtype == object) or (isinstance(bv, np.ndarray) and bv.dtype == object)
        if big or ad.dtype == object or bd.dtype == object:
            av, bv, ad, bd = _obj(av), _obj(bv), _obj(ad), _obj(bd)
        v = np.where(mask, av, bv)
        den = np.where(mask, ad, bd)
        lo, hi = min(a.lo, b.lo), max(a.hi, b.hi)
        dhi = max(a.dhi, b.dhi)
    else:
        if (isinstance(av, np.ndarray) and av.dtype == object) or (isinstance(bv, np.ndarray) and bv.dtype == object):
            av, bv = _obj(av), _obj(bv)
        v = np.where(mask, av, bv)
        lo, hi = min(alo, blo), max(ahi, bhi)
    leeg = _choose_mask(mask, a.leeg, b.leeg)
    return Num(v, den, leeg, lo, hi, dhi)


def _choose_mask(mask, la, lb):
    if la is None and lb is None:
        return None
    if la is lb:
        return la
    if la is None:
        out = ~mask if lb is True else lb & ~mask
    elif lb is None:
        out = mask if la is True else la & mask
    else:
        out = np.where(mask, la, lb)
    return out if out.any() else None


def choose(mask, a, b):
    """Row-wise choice between two column values of the same kind."""
    if mask is True:
        return a
    if mask is False:
        return b
    if isinstance(a, Num) or isinstance(b, Num):
        return _where_num(mask, _num(a), _num(b))
    if isinstance(a, Date) or isinstance(b, Date):
        a, b = lift(a, "date"), lift(b, "date")
        return Date(np.where(mask, a.o, b.o), _choose_mask(mask, a.leeg, b.leeg))
    a, b = lift(a, "text"), lift(b, "text")
    n = len(mask)
    av = a.v if isinstance(a.v, np.ndarray) else _full_obj(n, a.v)
    bv = b.v if isinstance(b.v, np.ndarray) else _full_obj(n, b.v)
    return Cat(np.where(mask, av, bv), _choose_mask(mask, a.leeg, b.leeg))


def bound(ev: Ev, lo, hi, x):
    """`x, met een minimum van lo en een maximum van hi` (values.bounded): a leeg bound is absent;
    a minimum above the maximum is an R602; x leeg → leeg."""
    if not _is_col(x) and not _is_col(lo) and not _is_col(hi):
        try:
            return V.bounded(x, lo, hi)
        except V.EvaluationError:
            ev.fail(True, R602)
            return None
    if lo is not None and hi is not None:
        if _is_col(lo) or _is_col(hi):
            ev.fail(cmp(ev, ">", lo, hi), R602)
        elif lo > hi:
            ev.fail(True, R602)
    x = _num(x)
    out = x
    for b, op in ((lo, "max"), (hi, "min")):
        if b is None:
            continue
        b = _num(b)
        if b.leeg is True:
            continue
        xv, bv, den, (xlo, xhi), (blo, bhi), dhi = _align(out, b)
        if isinstance(den, np.ndarray) or b.leeg is not None:
            take = cmp(ev, "<" if op == "max" else ">", out, b)     # False where either side is leeg
            out = _where_num(take, b, out)
            out = Num(out.v, out.den, x.leeg, out.lo, out.hi, out.dhi)
            continue
        if op == "max":
            v = np.maximum(xv, bv)
            lo_, hi_ = max(xlo, blo), max(xhi, blo)
        else:
            v = np.minimum(xv, bv)
            lo_, hi_ = min(xlo, bhi), min(xhi, bhi)
        out = Num(v, den, out.leeg, lo_, hi_, dhi)
    if out.leeg is not None and out is not x:
        out = Num(_zero(out.v, out.leeg), out.den, out.leeg, min(out.lo, 0), max(out.hi, 0), out.dhi)
    return out


def cmp(ev: Ev, op: str, a, b):
    """Compare with the leeg rules of values.compare: < > <= >= == with a leeg side are False;
    != is True when exactly one side is leeg."""
    if _both_scalar(a, b):
        try:
            return V.compare(op, a, b)
        except V.EvaluationError:
            ev.fail(True, R602)
            return False
    r: np.ndarray | np.generic | bool                  # per row, or the same for all rows
    if isinstance(a, Num) or isinstance(b, Num) or isinstance(a, Fraction) or isinstance(b, Fraction):
        a, b = _num(a), _num(b)
        if a.leeg is True or b.leeg is True:
            r = False
        else:
            av, bv, *_ = _align(a, b)
            if not isinstance(a.den, np.ndarray) and not isinstance(b.den, np.ndarray):
                r = _cmp_raw(op, av, bv)
            else:
                r = _cmp_raw(op, av, bv)
    elif isinstance(a, Date) or isinstance(b, Date) or isinstance(a, date) or isinstance(b, date):
        a, b = lift(a, "date"), lift(b, "date")
        r = False if (a.leeg is True or b.leeg is True) else _cmp_raw(op, a.o, b.o)
    else:
        a, b = lift(a, "text"), lift(b, "text")
        if a.leeg is True or b.leeg is True:
            r = False
        else:
            r = _cmp_raw(op, a.v, b.v)
            if isinstance(r, np.ndarray) and r.dtype == object:
                r = r.astype(bool)
    la, lb = a.leeg, b.leeg
    if isinstance(r, np.generic):
        r = bool(r)
    if la is None and lb is None:
        return r
    either = _lor(la, lb)
    if op != "!=":
        return _and(r, _not(either))
    one = _xor(la, lb)
    return _or(_and(r, _not(either)), one)

"""Arithmetic on exact number columns: plus, min, verminderd met, maal, procent, unit conversion, division,
absolute value and rounding.

In: ``Num`` columns or row-independent ``Fraction``/``int``/``None`` (both row-independent: ``values.py``
computes it).  Out: a ``Num`` with the exact fixed-point or rational result and propagated bounds; an
operation whose bounds could pass ``LIMIT`` runs on object arrays.  Division by zero or leeg is an R602.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from regelspraak.evaluate import values as V

from .columns import Num, _big, _imul, _is_col, _num, _obj
from .errors import R602, Ev
from .masks import _lor, _zero


def _align(a: Num, b: Num):
    """(av, bv, den, dhi) with a = av/den and b = bv/den."""
    if a.scalar_den and b.scalar_den:
        if a.den == b.den:
            return a.v, b.v, a.den, (a.lo, a.hi), (b.lo, b.hi), a.den
        L = a.den * b.den // math.gcd(a.den, b.den)
        fa, fb = L // a.den, L // b.den
        return (_scale(a.v, fa, a.lo, a.hi), _scale(b.v, fb, b.lo, b.hi), L,
                (a.lo * fa, a.hi * fa), (b.lo * fb, b.hi * fb), L)
    alo, ahi = _imul(a.lo, a.hi, 1, b.dhi)
    blo, bhi = _imul(b.lo, b.hi, 1, a.dhi)
    dhi = a.dhi * b.dhi
    big = _big(alo, ahi, blo, bhi, dhi)
    av, bv = (_obj(a.v), _obj(b.v)) if big else (a.v, b.v)
    ad, bd = (_obj(a.den), _obj(b.den)) if big else (a.den, b.den)
    return av * bd, bv * ad, ad * bd, (alo, ahi), (blo, bhi), dhi


def _scale(v, f: int, lo: int, hi: int):
    if f == 1:
        return v
    if _big(lo * f, hi * f):
        v = _obj(v)
    return v * f


def _both_scalar(a, b) -> bool:
    return not _is_col(a) and not _is_col(b)


def add(ev: Ev, a, b):
    """`a plus b`: leeg counts as 0 (values.add)."""
    if _both_scalar(a, b):
        return V.add(a, b)
    a, b = _num(a), _num(b)
    av, bv, den, (alo, ahi), (blo, bhi), dhi = _align(a, b)
    lo, hi = alo + blo, ahi + bhi
    if _big(lo, hi):
        av, bv = _obj(av), _obj(bv)
    return Num(av + bv, den, None, lo, hi, dhi)


def sub(ev: Ev, a, b):
    """`a min b`: leeg counts as 0 (values.sub)."""
    if _both_scalar(a, b):
        return V.sub(a, b)
    a, b = _num(a), _num(b)
    av, bv, den, (alo, ahi), (blo, bhi), dhi = _align(a, b)
    lo, hi = alo - bhi, ahi - blo
    if _big(lo, hi):
        av, bv = _obj(av), _obj(bv)
    return Num(av - bv, den, None, lo, hi, dhi)


def reduced_by(ev: Ev, a, b):
    """`a verminderd met b`: a leeg → leeg; b leeg counts as 0."""
    if _both_scalar(a, b):
        return V.reduced_by(a, b)
    a = _num(a)
    r = sub(ev, a, b)
    return Num(_zero(r.v, a.leeg), r.den, a.leeg, min(r.lo, 0), max(r.hi, 0), r.dhi)


def mul(ev: Ev, a, b):
    """`a maal b`: leeg counts as 0."""
    if _both_scalar(a, b):
        return V.mul(a, b)
    a, b = _num(a), _num(b)
    lo, hi = _imul(a.lo, a.hi, b.lo, b.hi)
    dhi = a.dhi * b.dhi
    av, bv, ad, bd = a.v, b.v, a.den, b.den
    if _big(lo, hi, dhi):
        av, bv, ad, bd = _obj(av), _obj(bv), _obj(ad), _obj(bd)
    return Num(av * bv, ad * bd, None, lo, hi, dhi)


def percent(ev: Ev, p, x):
    """`p% van x` = p·x/100: the denominator gets a factor 100 (2 more decimals); leeg counts as 0."""
    if _both_scalar(p, x):
        return V.percent_of(p, x)
    r = mul(ev, p, x)
    if isinstance(r.den, int):
        return Num(r.v, r.den * 100, None, r.lo, r.hi)
    return Num(r.v, r.den * 100, None, r.lo, r.hi, r.dhi * 100)


def convert(ev: Ev, x, factor: Fraction):
    """Multiply by an exact unit-conversion factor; leeg stays leeg."""
    if not _is_col(x):
        return None if x is None else x * factor
    f = Fraction(factor)
    lo, hi = _imul(x.lo, x.hi, f.numerator, f.numerator)
    v = _scale(x.v, f.numerator, x.lo, x.hi) if f.numerator >= 0 else _scale(x.v, f.numerator, x.lo, x.hi)
    if f.denominator == 1:
        return Num(v, x.den, x.leeg, lo, hi, x.dhi)
    dhi = x.dhi * f.denominator
    den = x.den * f.denominator if isinstance(x.den, int) or not _big(dhi) else _obj(x.den) * f.denominator
    return Num(v, den, x.leeg, lo, hi, dhi)


def div(ev: Ev, a, b, mode: str | None = None):
    """`a gedeeld door b` exactly (values.div): b leeg or 0 is an R602 on the reached rows."""
    if _both_scalar(a, b):
        try:
            q = V.div(a, b)
        except V.EvaluationError:
            ev.fail(True, R602)
            return None
        return V.round_to(q, 5, "richting nul") if mode == "ABS" else q
    a = _num(a)
    if not _is_col(b):
        if b is None or b == 0:
            ev.fail(True, R602)
            return Num(0, 1, True, 0, 0)
        b = Fraction(b)
        s = 1 if b > 0 else -1
        num, dn = abs(b.numerator), b.denominator
        v = _scale(a.v, dn * s, a.lo, a.hi)
        lo, hi = _imul(a.lo, a.hi, dn * s, dn * s)
        dhi = a.dhi * num
        if isinstance(a.den, int):
            r = Num(v, a.den * num, None, lo, hi)
        else:
            r = Num(v, (_obj(a.den) if _big(dhi) else a.den) * num, None, lo, hi, dhi)
    else:
        b = _num(b)
        bad = b.v == 0
        if b.leeg is not None:
            bad = _lor(bad, b.leeg)
        ev.fail(bad, R602)
        # a/den_a ÷ b/den_b = (a·den_b) / (den_a·b); b's sign goes into the numerator
        lo1, hi1 = _imul(a.lo, a.hi, 1, b.dhi)
        lo, hi = _imul(lo1, hi1, -max(abs(b.lo), abs(b.hi)), max(abs(b.lo), abs(b.hi)))
        bmag = max(abs(b.lo), abs(b.hi), 1)
        dhi = a.dhi * bmag
        big = _big(lo, hi, dhi, lo1, hi1)
        av, ad, bv, bd = (_obj(a.v), _obj(a.den), _obj(b.v), _obj(b.den)) if big else (a.v, a.den, b.v, b.den)
        bsafe = np.where(bv == 0, 1, bv) if isinstance(bv, np.ndarray) else (bv or 1)
        sign = np.where(bsafe < 0, -1, 1) if isinstance(bsafe, np.ndarray) else (-1 if bsafe < 0 else 1)
        v = av * bd * sign
        den = ad * bsafe * sign
        if not isinstance(den, np.ndarray):
            den = int(den)
            r = Num(v, den, None, lo, hi)
        else:
            r = Num(v, den, None, lo, hi, dhi)
        if isinstance(bad, np.ndarray) and isinstance(r.v, np.ndarray):
            r = Num(np.where(bad, 0, r.v), r.den, bad, lo, hi, r.dhi) if bad.any() else r
    if mode == "ABS":
        return round_(ev, r, 5, "richting nul")
    return r


def absolute(ev: Ev, x):
    """`de absolute waarde van (x)`; leeg → leeg."""
    if not _is_col(x):
        return V.absolute(x)
    m = max(abs(x.lo), abs(x.hi))
    lo = 0 if x.lo <= 0 <= x.hi else min(abs(x.lo), abs(x.hi))
    return Num(np.abs(x.v) if isinstance(x.v, np.ndarray) else abs(x.v), x.den, x.leeg, lo, m, x.dhi)


def _value_bounds(x: Num) -> tuple[Fraction, Fraction]:
    if x.scalar_den:
        return Fraction(x.lo, x.den), Fraction(x.hi, x.den)
    vlo = Fraction(x.lo, x.dhi) if x.lo >= 0 else Fraction(x.lo)
    vhi = Fraction(x.hi) if x.hi > 0 else Fraction(x.hi, x.dhi)
    return vlo, vhi


def round_(ev: Ev, x, decimals: int, mode: str):
    """Round exactly to `decimals` decimals with a RegelSpraak mode (values.round_to); leeg → leeg."""
    if not _is_col(x):
        return V.round_to(x, decimals, mode)
    m = 10 ** decimals
    vlo, vhi = _value_bounds(x)
    lo, hi = math.floor(vlo * m), math.ceil(vhi * m)
    if x.scalar_den and m % x.den == 0:        # already at most `decimals` decimals: nothing to round
        return Num(_scale(x.v, m // x.den, x.lo, x.hi), m, x.leeg, lo, hi)
    den, v = x.den, x.v
    if x.scalar_den and den % m == 0:          # v/den·10^k = v/(den/10^k): no multiplication needed
        den, m = den // m, 1
    big = _big(x.lo * m * 2 - x.dhi, x.hi * m * 2 + x.dhi, x.dhi * 2)
    if big:
        v, den = _obj(v), _obj(den)
    vm = v * m if m != 1 else v
    r = V.round_quotient(vm, den, mode, 1 if x.lo >= 0 else -1 if x.hi <= 0 else 0)
    if isinstance(r, np.ndarray) and r.dtype == object and not _big(lo, hi):
        r = r.astype(np.int64)
    return Num(r, 10 ** decimals, x.leeg, lo, hi)



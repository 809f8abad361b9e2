"""Date arithmetic on day-number columns: shifting by days/weeks/months/quarters/years, date parts, a date
from numbers, and durations.

In: ``Date`` columns (or ``date``/``None``) and ``Num`` amounts or parts.  Out: ``Date``/``Num`` columns with
bounds, exactly as ``values.add_duration`` (months clamp to the month end), ``values.make_date`` and
``values.duration_between``; a result outside the years 1–9999, a non-whole amount or a date that does not
exist is an R602.
"""
from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import numpy as np

from regelspraak.evaluate import values as V

from .columns import Date, Num, _is_col, _num, lift
from .days import (
    _EPOCH,
    _MAX_ORD,
    _MIN_ORD,
    _clamp_day,
    _dim,
    _month_bounds,
    _split,
    _ym_ordinals,
)
from .errors import R602, Ev
from .masks import _and, _arr, _lor, _not, _or, _zero, some
from .numbers import _value_bounds


def shift(ev: Ev, d, amount, unit: str, sign: int):
    """`d plus/min amount unit` (values.add_duration): whole amounts only (R602), months clamp to the
    month end, a result outside the years 1–9999 is an R602; leeg → leeg."""
    if not _is_col(d) and not _is_col(amount):
        try:
            return V.add_duration(d, None if amount is None else amount * sign, unit)
        except V.EvaluationError:
            ev.fail(True, R602)
            return None
    n = ev.n
    d = lift(d, "date")
    if amount is None or d.leeg is True or (isinstance(amount, Num) and amount.leeg is True):
        return Date(np.full(n, _EPOCH), np.ones(n, bool), None, _EPOCH, _EPOCH)
    months = {"mnd": 1, "kw": 3, "jr": 12}.get(unit, 0)
    per = {"dg": 1, "wk": 7}.get(unit)                  # None: a unit of months
    if per is None and not months:
        raise ValueError(f"onbekende tijdseenheid: '{unit}' (verwacht dg, wk, mnd, kw of jr)")
    if not isinstance(amount, Num):
        a = Fraction(amount)
        if a.denominator != 1:
            ev.fail(_not(d.leeg) if d.leeg is not None else True, R602)
            return Date(np.full(n, _EPOCH), np.ones(n, bool), None, _EPOCH, _EPOCH)
        k = int(a) * sign
        if per is not None:
            lo, hi = d.lo + k * per, d.hi + k * per
            o = d.o + max(-10**8, min(10**8, k * per))         # beyond ±10^8 days every row fails anyway
            leeg = d.leeg
            if lo < _MIN_ORD or hi > _MAX_ORD:
                o, leeg = _range_check(ev, o, leeg, (o < _MIN_ORD) | (o > _MAX_ORD))
            return Date(o, leeg, None, max(lo, _MIN_ORD), min(hi, _MAX_ORD))
        y, m, dd = d.ymd()
        ym = y * 12 + (m - 1 + max(-10**7, min(10**7, k * months)))
        ymlo, ymhi = _month_bounds(d.lo, d.hi, k * months)
        leeg = d.leeg
        if ymlo < 12 or ymhi > 9999 * 12 + 11:
            ym, leeg = _range_check(ev, ym, leeg, (ym < 12) | (ym > 9999 * 12 + 11), 1970 * 12)
        ny = ym // 12
        nm = ym - ny * 12 + 1
        lo, hi = _ym_ordinals(ymlo, ymhi)
        if not isinstance(ny, np.ndarray):
            ny, nm = np.full(n, ny), np.full(n, nm)
        return Date(None, leeg, (ny, nm, _clamp_day(dd, ny, nm)), lo, hi)
    # a per-row amount
    leeg = _lor(d.leeg, amount.leeg)
    if amount.scalar_den and amount.den == 1:
        steps = amount.v
    else:
        whole = (amount.v % amount.den) == 0
        ev.fail(_and(_not(whole), _not(leeg) if leeg is not None else True), R602)
        steps = amount.v // amount.den
    if isinstance(steps, np.ndarray) and steps.dtype == object:
        steps = _clip_obj(steps)
    steps = np.clip(steps, -10_000_000, 10_000_000) * sign
    if per is not None:
        o = d.o + steps * per
        o, leeg = _range_check(ev, o, leeg, (o < _MIN_ORD) | (o > _MAX_ORD))
        return Date(o, leeg)
    y, m, dd = d.ymd()
    ym = y * 12 + (m - 1) + steps * months
    ym, leeg = _range_check(ev, ym, leeg, (ym < 12) | (ym > 9999 * 12 + 11), 1970 * 12)
    ny = ym // 12
    nm = ym - ny * 12 + 1
    return Date(None, leeg, (ny, nm, _clamp_day(dd, ny, nm)))


def _range_check(ev: Ev, x, leeg, bad, safe=_EPOCH):
    """Rows outside the years 1–9999 (and not leeg) are an R602; they become leeg with a safe value."""
    if not isinstance(bad, np.ndarray):
        bad = np.full(ev.n, bool(bad))
    if leeg is not None:
        bad = bad & ~_arr(leeg, ev.n) if leeg is not True else np.zeros(ev.n, bool)
    if not bad.any():
        return x, leeg
    ev.fail(bad, R602)
    return np.where(bad, safe, x), _lor(leeg, bad)


def _clip_obj(n):
    return np.array([max(-10_000_000, min(10_000_000, int(x))) for x in n], dtype=np.int64)


def date_part(ev: Ev, d, part: str):
    """`de dag/maand/jaar uit (d)`; leeg → leeg."""
    if not _is_col(d):
        return V.date_part(d, part)
    y, m, dd = d.ymd()
    v = {"jaar": y, "maand": m, "dag": dd}[part]
    v = v.astype(np.int64) if isinstance(v, np.ndarray) else v
    lo, hi = {"jaar": (date.fromordinal(d.lo).year, date.fromordinal(d.hi).year), "maand": (1, 12),
              "dag": (1, 31)}[part]
    if d.leeg is not None:
        v = _zero(v, d.leeg)
        lo = 0
    return Num(v, 1, d.leeg, lo, hi)


def make_date(ev: Ev, y, m, d):
    """`de datum met jaar, maand en dag(y, m, d)` (values.make_date): any leeg → leeg; a part that is not
    whole or a date that does not exist is an R602.  Bounds skip the checks that cannot fail."""
    if not _is_col(y) and not _is_col(m) and not _is_col(d):
        try:
            return V.make_date(y, m, d)
        except V.EvaluationError:
            ev.fail(True, R602)
            return None
    n = ev.n
    parts = [_num(x) for x in (y, m, d)]
    leeg = None
    for p in parts:
        leeg = _lor(leeg, p.leeg)
    if leeg is True:
        return Date(np.full(n, _EPOCH), np.ones(n, bool), None, _EPOCH, _EPOCH)
    ints = []
    bad: np.ndarray | bool = False                      # rows whose date does not exist
    for p in parts:
        if p.scalar_den and p.den == 1:
            iv = p.v
        else:
            bad = _or(bad, (p.v % p.den) != 0)
            iv = p.v // p.den
        if isinstance(iv, np.ndarray) and iv.dtype == object:
            iv = _clip_obj(iv)
        ints.append(iv)
    yy, mm, dd = ints
    (ylo, yhi), (mlo, mhi), (dlo, dhi) = [_int_bounds(p) for p in parts]
    if not (1 <= ylo and yhi <= 9999):
        bad = _or(bad, (yy < 1) | (yy > 9999))
    if not (1 <= mlo and mhi <= 12):
        bad = _or(bad, (mm < 1) | (mm > 12))
    if not (1 <= dlo and dhi <= 28):
        y_ok = np.clip(np.broadcast_to(yy, (n,)), 1, 9999)
        m_ok = np.clip(np.broadcast_to(mm, (n,)), 1, 12)
        bad = _or(bad, (dd < 1) | (dd > _dim(y_ok, m_ok)))
    if bad is not False and some(bad):
        ev.fail(_and(bad, _not(leeg) if leeg is not None else True), R602)
        bad = np.broadcast_to(bad, (n,))
        leeg = _lor(leeg, bad)
    if leeg is not None:
        yy, mm, dd = np.where(leeg, 1970, yy), np.where(leeg, 1, mm), np.where(leeg, 1, dd)
    yy, mm, dd = (np.broadcast_to(x, (n,)) if not isinstance(x, np.ndarray) or x.shape != (n,) else x
                  for x in (yy, mm, dd))
    lo, hi = _ym_ordinals(max(ylo, 1) * 12, min(yhi, 9999) * 12 + 11)
    return Date(None, leeg, (yy, mm, dd), lo, hi)


def _int_bounds(p: Num) -> tuple[int, int]:
    """Bounds of the whole part of a number column (floor of the value bounds)."""
    vlo, vhi = _value_bounds(p)
    return math.floor(vlo), math.ceil(vhi)


def duration(ev: Ev, a, b, unit: str):
    """`de tijdsduur van a tot b in hele <unit>` (values.duration_between); leeg → leeg."""
    if not _is_col(a) and not _is_col(b):
        return V.duration_between(a, b, unit)
    a, b = lift(a, "date"), lift(b, "date")
    leeg = _lor(a.leeg, b.leeg)
    n = ev.n
    ao = np.broadcast_to(np.asarray(a.o, dtype=np.int64), (n,))
    bo = np.broadcast_to(np.asarray(b.o, dtype=np.int64), (n,))
    neg = bo < ao
    start, end = np.where(neg, bo, ao), np.where(neg, ao, bo)
    symbol = V._DURATION_UNITS[unit]
    if symbol in ("dg", "wk"):
        k = 1 if symbol == "dg" else 7
        r = (end - start) // k
    else:
        sy, sm, sd = _split(start)
        ey, em, ed = _split(end)
        months = (ey - sy) * 12 + em - sm
        over = np.minimum(sd, _dim(ey, em)) > ed        # start + months (clamped) lies after end
        months = months - over
        r = months // {"mnd": 1, "kw": 3, "jr": 12}[symbol]
    r = np.where(neg, -r, r)
    if leeg is not None:
        r = _zero(r, leeg)
    lo, hi = (int(r.min()), int(r.max())) if n else (0, 0)
    return Num(r, 1, leeg, min(lo, 0), max(hi, 0))

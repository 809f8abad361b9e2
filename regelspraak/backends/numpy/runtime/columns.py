"""Column values of the vectorized runtime: exact numbers (``Num``), dates (``Date``), categorical values (``Cat``).

In: numpy arrays (integers over a denominator, day numbers, Python objects) with an optional leeg mask, or a
row-independent value (``Fraction``, ``date``, text, ``None``) through ``lift`` / ``Num.scalar``.
Out: column objects that carry the bounds of their integers (``lo``/``hi``, ``dhi`` for the denominator);
``LIMIT``, ``_big`` and ``_obj`` decide when an operation switches to object arrays of Python ints.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np

from .days import _EPOCH, _MAX_ORD, _MIN_ORD, _ordinal, _split
from .masks import _is_leeg

LIMIT = 1 << 62
"""Largest magnitude kept in int64 arrays; beyond it a column becomes a numpy object array of Python ints."""


def _bounds(v) -> tuple[int, int]:
    if isinstance(v, np.ndarray):
        if v.size == 0:
            return 0, 0
        return int(v.min()), int(v.max())
    return int(v), int(v)


def _big(*xs: int) -> bool:
    return any(x > LIMIT or x < -LIMIT for x in xs)


def _obj(v):
    """v as exact Python ints (numpy object array); scalars stay Python ints."""
    if isinstance(v, np.ndarray) and v.dtype != object:
        return v.astype(object)
    return v


def _imul(alo, ahi, blo, bhi):
    p = (alo * blo, alo * bhi, ahi * blo, ahi * bhi)
    return min(p), max(p)


class Num:
    """Exact numbers of a column: v / den with den > 0; bounds lo <= v <= hi and 1 <= den <= dhi."""
    __slots__ = ("v", "den", "leeg", "lo", "hi", "dhi")

    def __init__(self, v, den, leeg, lo: int, hi: int, dhi: int | None = None):
        self.v, self.den, self.leeg, self.lo, self.hi = v, den, leeg, lo, hi
        if isinstance(den, int):
            self.dhi = den
        elif dhi is None:
            raise ValueError("een noemer per rij heeft een bovengrens (dhi) nodig")
        else:
            self.dhi = dhi

    @staticmethod
    def of(v, den=1, leeg=None) -> "Num":
        """An input column: integers v (scaled by den) with their bounds taken from the data."""
        v = np.asarray(v)
        if v.dtype.kind not in "iuO":
            raise TypeError("een getallenkolom bestaat uit gehele getallen (geschaald met den)")
        if v.dtype.kind == "u" or (v.dtype.kind == "i" and v.dtype != np.int64):
            v = v.astype(np.int64)
        if leeg is not None:
            leeg = np.asarray(leeg, dtype=bool)
            if not leeg.any():
                leeg = None
            else:
                v = np.where(leeg, 0, v)
        lo, hi = _bounds(v)
        if isinstance(den, np.ndarray):
            return Num(v, den, leeg, lo, hi, int(den.max()) if den.size else 1)
        if v.dtype != object and _big(lo, hi):
            v = _obj(v)
        return Num(v, int(den), leeg, lo, hi)

    @staticmethod
    def fixed(v, decimals: int, leeg=None) -> "Num":
        """An input column with `decimals` decimals (v holds value·10^decimals, e.g. cents)."""
        return Num.of(v, 10 ** decimals, leeg)

    @staticmethod
    def scalar(x: Fraction | int | None) -> "Num":
        if x is None:
            return Num(0, 1, True, 0, 0)
        x = Fraction(x)
        return Num(x.numerator, x.denominator, None, x.numerator, x.numerator)

    @property
    def scalar_den(self) -> bool:
        return isinstance(self.den, int)

    def value(self, i: int):
        """The exact value of row i (Fraction) or None for leeg."""
        if _is_leeg(self.leeg, i):
            return None
        v = self.v[i] if isinstance(self.v, np.ndarray) else self.v
        d = self.den[i] if isinstance(self.den, np.ndarray) else self.den
        return Fraction(int(v), int(d))

    def take(self, idx) -> "Num":
        v = self.v[idx] if isinstance(self.v, np.ndarray) else self.v
        den = self.den[idx] if isinstance(self.den, np.ndarray) else self.den
        leeg = self.leeg[idx] if isinstance(self.leeg, np.ndarray) else self.leeg
        return Num(v, den, leeg, self.lo, self.hi, self.dhi)


class Date:
    """Dates of a column: day numbers (proleptic ordinal) and/or (year, month, day) arrays, computed lazily;
    lo/hi bound the day numbers of the rows that are not leeg (they let range checks be skipped)."""
    __slots__ = ("_o", "_ymd", "leeg", "lo", "hi")

    def __init__(self, o=None, leeg=None, ymd=None, lo: int = _MIN_ORD, hi: int = _MAX_ORD):
        self._o, self._ymd, self.leeg, self.lo, self.hi = o, ymd, leeg, lo, hi

    @staticmethod
    def of(ordinals, leeg=None) -> "Date":
        """An input column of day numbers (``date.toordinal()``), all within the years 1–9999."""
        o = np.asarray(ordinals)
        if o.dtype.kind not in "iu":
            raise TypeError("een datumkolom bestaat uit dagnummers (date.toordinal())")
        if leeg is not None:
            leeg = np.asarray(leeg, dtype=bool)
            if not leeg.any():
                leeg = None
            else:
                o = np.where(leeg, _EPOCH, o)
        lo, hi = _bounds(o) if o.size else (_EPOCH, _EPOCH)
        if lo < _MIN_ORD or hi > _MAX_ORD:
            raise ValueError("een datum valt buiten de jaren 1 tot en met 9999")
        return Date(o, leeg, None, lo, hi)

    @staticmethod
    def scalar(d: date | None) -> "Date":
        if d is None:
            return Date(_EPOCH, True, None, _EPOCH, _EPOCH)
        o = d.toordinal()
        return Date(o, None, (d.year, d.month, d.day), o, o)

    @property
    def o(self):
        if self._o is None:
            y, m, d = self._ymd
            self._o = _ordinal(y, m, d)
        return self._o

    def ymd(self):
        if self._ymd is None:
            self._ymd = _split(self._o)
        return self._ymd

    def value(self, i: int):
        if _is_leeg(self.leeg, i):
            return None
        o = self.o
        return date.fromordinal(int(o[i] if isinstance(o, np.ndarray) else o))

    def take(self, idx) -> "Date":
        o = self.o
        leeg = self.leeg[idx] if isinstance(self.leeg, np.ndarray) else self.leeg
        return Date(o[idx] if isinstance(o, np.ndarray) else o, leeg, None, self.lo, self.hi)


class Cat:
    """Text, enumeration and waar/onwaar values of a column (numpy object array) with a leeg mask."""
    __slots__ = ("v", "leeg")

    def __init__(self, v, leeg=None):
        self.v, self.leeg = v, leeg

    @staticmethod
    def of(values, leeg=None) -> "Cat":
        v = np.asarray(values, dtype=object)
        if leeg is None:
            leeg = np.array([x is None for x in v], dtype=bool) if v.size else np.zeros(0, bool)
        leeg = np.asarray(leeg, dtype=bool)
        return Cat(v, leeg if leeg.any() else None)

    @staticmethod
    def scalar(x) -> "Cat":
        return Cat(x, True if x is None else None)

    def value(self, i: int):
        if _is_leeg(self.leeg, i):
            return None
        v = self.v[i] if isinstance(self.v, np.ndarray) else self.v
        return v.item() if isinstance(v, np.generic) else v

    def take(self, idx) -> "Cat":
        leeg = self.leeg[idx] if isinstance(self.leeg, np.ndarray) else self.leeg
        return Cat(self.v[idx] if isinstance(self.v, np.ndarray) else self.v, leeg)


_VALUE = (Num, Date, Cat)


def _is_col(x) -> bool:
    return isinstance(x, _VALUE)


def lift(x, kind: str = "number"):
    """A row-independent value (Fraction, date, text, None) as a column value of the given kind."""
    if _is_col(x):
        return x
    if isinstance(x, bool) or kind in ("text", "enum", "boolean"):
        return Cat.scalar(x)
    if isinstance(x, date) or kind == "date":
        return Date.scalar(x)
    if isinstance(x, str):
        return Cat.scalar(x)
    return Num.scalar(x)


def _num(x) -> Num:
    return x if isinstance(x, Num) else Num.scalar(x)


def _full_obj(n, x):
    out = np.empty(n, dtype=object)
    out[:] = [x] * n if isinstance(x, (tuple, list)) else x
    return out


def _all_leeg(column, n):
    if isinstance(column, Num):
        return Num(np.zeros(n, np.int64), 1, np.ones(n, bool), 0, 0)
    if isinstance(column, Date):
        return Date(np.full(n, _EPOCH, np.int64), np.ones(n, bool))
    return Cat(np.full(n, None, dtype=object), np.ones(n, bool))

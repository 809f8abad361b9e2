"""Run-time helpers of generated case functions (backends/fast.py): exact numbers as scaled integers.

A number with d decimals is the Python int n = value · 10**d ("fixed point"); `k` below is always such a power
of ten. Every helper keeps leeg (None) exactly as values.py does, and raises `Fallback` where the interpreter
would report a finding (R602 division by zero, a duration that is not whole, an impossible date, R604, R606)
or where an input is not what the case function expects; the Run then computes the case with the traceable
functions. Rounding is integer floor division, so a value on a rounding boundary rounds exactly like
`values.round_to`. Re-exported by `regelspraak.runtime`, the only module generated code imports.
"""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Callable

from regelspraak.evaluate.values import ROUNDING, duration_between, round_quotient


class Fallback(Exception):
    """The case function stops here: the traceable functions compute this case (and report its findings)."""


# ------------------------------------------------------------------ in and out

def number(v: Any, k: int) -> int | None:
    """A given number as an int scaled by k; leeg stays leeg. Fallback when it has more decimals or is no number."""
    if v is None:
        return None
    t = type(v)
    if t is int:
        return v * k
    if t is not Fraction:
        raise Fallback
    den = v.denominator                  # in lowest terms: it divides k exactly when v has the decimals
    if k % den:
        raise Fallback
    return v.numerator * (k // den)


def rational(v: Any) -> Fraction | int | None:
    """A given number kept exact (an attribute without declared decimals); Fallback for anything else."""
    if v is None or type(v) is Fraction or type(v) is int:
        return v
    raise Fallback


def given_date(v: Any) -> date | None:
    """A given date (leeg stays leeg); Fallback for anything else."""
    if v is None or type(v) is date:
        return v
    raise Fallback


_ZERO = Fraction(0)
_new = Fraction.__new__


def fraction(x: int | None, k: int) -> Fraction | None:
    """A scaled int as the interpreter's value (a Fraction; leeg stays leeg), for the memo: zero is one shared
    object and a whole number skips the gcd (both common in amounts)."""
    if x is None:
        return None
    if not x:
        return _ZERO
    if k == 1:
        return _new(Fraction, x)
    return _new(Fraction, x, k) if x % k else _new(Fraction, x // k)


def fr(x: int | None, k: int) -> Fraction | None:
    """Scaled int → the exact Fraction (for the rare operations done on Fractions)."""
    return None if x is None else Fraction(x, k)


def scaled(x: int | None, k: int) -> int | None:
    """x · k, leeg stays leeg (more decimals, or an integral unit conversion)."""
    return None if x is None else x * k


def fit(x: int | None, k: int) -> int | None:
    """x with log10(k) fewer decimals, exactly; Fallback (R604: more decimals than declared) when it does not fit."""
    if x is None:
        return None
    n, rest = divmod(x, k)
    if rest:
        raise Fallback
    return n


def fit_fraction(q: Fraction | int | None, k: int) -> int | None:
    """An exact rational as an int scaled by k; Fallback (R604) when it has more decimals."""
    return None if q is None else number(q, k)


def whole(x: int | None, k: int) -> int | None:
    """A scaled number that must be whole (a year, a month, a duration); Fallback (R602) otherwise."""
    return fit(x, k)


def reduced(a: int | None, b: int | None) -> int | None:
    """`a verminderd met b` on aligned ints: leeg a gives leeg, leeg b counts as 0."""
    return None if a is None else a - (b or 0)


# ------------------------------------------------------------------ rounding (k = 10**(decimals dropped))

def _scaled(mode: str) -> Callable[[int | None, int], int | None]:
    """values.ROUNDING for one mode on a scaled int (leeg stays leeg), as generated code calls it."""
    positive, negative = ROUNDING[mode]

    def rounded(x: int | None, k: int) -> int | None:
        if x is None:
            return None
        return positive(x, k) if x >= 0 else -negative(-x, k)
    rounded.__name__ = rounded.__qualname__ = f"round_{mode.replace(' ', '_')}"
    return rounded


round_down = _scaled("naar beneden")
round_up = _scaled("naar boven")
round_toward_zero = _scaled("richting nul")
round_away = _scaled("weg van nul")
round_half = _scaled("rekenkundig")
round_ratio = round_quotient


def round_fraction(q: Fraction | int | None, k: int, mode: str) -> int | None:
    """An exact rational rounded to log10(k) decimals, as an int scaled by k."""
    if q is None:
        return None
    q = Fraction(q)
    return round_ratio(q.numerator * k, q.denominator, mode)


def divide(a: int | None, b: int | None, ka: int, kb: int, mode: str) -> int:
    """(a · ka) / (b · kb) rounded with mode, straight from the scaled ints; leeg a is 0, leeg or zero b is R602."""
    if not b:
        raise Fallback
    p, q = (a or 0) * ka, b * kb
    if q < 0:
        p, q = -p, -q
    return round_ratio(p, q, mode)


def quotient(a: int | None, b: int | None, ka: int, kb: int) -> Fraction:
    """(a · ka) / (b · kb) as an exact Fraction; leeg a is 0, leeg or zero b is R602."""
    if not b:
        raise Fallback
    return Fraction((a or 0) * ka, b * kb)


# ------------------------------------------------------------------ sign (R604)

def not_negative(x: Any) -> Any:
    if x is not None and x < 0:
        raise Fallback
    return x


def positive(x: Any) -> Any:
    if x is not None and x <= 0:
        raise Fallback
    return x


def negative(x: Any) -> Any:
    if x is not None and x >= 0:
        raise Fallback
    return x


# ------------------------------------------------------------------ aggregations over scaled ints

def total(values: list, zero: bool) -> int | None:
    """`de som van …`: leeg items skipped; leeg when none is left (0 with `of 0 als die er niet zijn`)."""
    filled = [v for v in values if v is not None]
    return sum(filled) if filled else (0 if zero else None)


def count_items(v: Any) -> int:
    """`het aantal …` of an object or a list: leeg is 0 items."""
    return 0 if v is None else len(v) if isinstance(v, (list, tuple)) else 1


def listed(v: Any) -> list:
    """The values an aggregation runs over: leeg → none, one value → a list of one."""
    return [] if v is None else list(v) if isinstance(v, (list, tuple)) else [v]


# ------------------------------------------------------------------ relations

def one(found: list | None) -> str | None:
    """The one instance a role gives; Fallback (R606) when the facts give more than one."""
    if not found:
        return None
    if len(found) > 1:
        raise Fallback
    return found[0]


def navigate(roles: dict, base: Any, fact_type: str, role: str, many: bool) -> Any:
    """From an instance, a list of instances or leeg to the instances in `role` (as interpreter._navigate)."""
    if base is None:
        return [] if many else None
    found: list = []
    for b in base if isinstance(base, (list, tuple)) else (base,):
        found.extend(roles.get((b, fact_type, role), ()))
    return found if many else one(found)


def lacks(column: dict, base: str | None) -> bool:
    """`<base> is niet <kenmerk>`: false when base is leeg."""
    return base is not None and not column[base]


def plays(roles: dict, base: str | None, fact_type: str, role: str, negated: bool) -> bool:
    """`<base> is (g)een <rol>` (role as '#name'): false when base is leeg."""
    return base is not None and ((base, fact_type, role) in roles) != negated


# ------------------------------------------------------------------ dates

_MONTHS = {"mnd": 1, "kw": 3, "jr": 12}
_DAYS = {"dg": 1, "wk": 7}
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def shift(d: date | None, n: int | None, k: int, unit: str) -> date | None:
    """d plus n/k units (dg wk mnd kw jr; a negative n or k goes back); months clamp to the month's last day."""
    if d is None or n is None:
        return None
    if k != 1:
        n, rest = divmod(n, k)
        if rest:
            raise Fallback
    months = _MONTHS.get(unit)
    if months is not None:
        year, month0 = divmod(d.year * 12 + d.month - 1 + n * months, 12)
        if not 1 <= year <= 9999:
            raise Fallback
        day = d.day
        if day > 28:
            day = min(day, _month_days(year, month0 + 1))
        return date(year, month0 + 1, day)
    try:
        return d + timedelta(days=n * _DAYS[unit])
    except OverflowError:
        raise Fallback from None


def make_day(y: int | None, m: int | None, d: int | None) -> date | None:
    """`de datum met jaar, maand en dag` from whole numbers; leeg gives leeg, an impossible date Fallback (R602)."""
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except (ValueError, OverflowError):
        raise Fallback from None


def whole_units(d1: date | None, d2: date | None, unit: str) -> int | None:
    """`de tijdsduur van d1 tot d2 in hele …` as a whole number (values.duration_between)."""
    v = duration_between(d1, d2, unit)
    return None if v is None else v.numerator

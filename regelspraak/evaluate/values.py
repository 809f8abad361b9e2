"""Exact runtime value helpers shared by the interpreter and generated code.

Runtime values are plain Python values: ``Fraction`` for every number (amounts,
percentages, durations), ``bool``, ``str`` (text and enumeration values),
``datetime.date`` and ``None`` meaning *leeg* (empty). Units are not carried at
runtime; the type checker handles them statically. Every function is pure.
"""

from __future__ import annotations

import calendar
import math
import operator
import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable

import numpy as np

from ..codes import Code
from ..errors import RunError

LEEG = None
"""The runtime representation of *leeg* (an empty value)."""

_ZERO = Fraction(0)
_HUNDRED = Fraction(100)


class EvaluationError(RunError):
    """A computation that fails (division by zero, an impossible date, …): R602; ``message`` is Dutch text for
    the rule author."""

    def __init__(self, message: str) -> None:
        super().__init__(Code.R602, message)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message,)


# --------------------------------------------------------------------------- rounding

ROUNDING_MODES = ("naar beneden", "naar boven", "rekenkundig", "richting nul", "weg van nul")


def _truncated(size: Any, q: Any) -> Any:
    return size // q


def _raised(size: Any, q: Any) -> Any:
    return -(-size // q)


def _halved(size: Any, q: Any) -> Any:
    return (2 * size + q) // (2 * q)


ROUNDING: dict[str, tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]] = {
    # mode: how the magnitude |p| / q rounds when p >= 0, and when p < 0
    "naar beneden": (_truncated, _raised),
    "naar boven": (_raised, _truncated),
    "richting nul": (_truncated, _truncated),
    "weg van nul": (_raised, _raised),
    "rekenkundig": (_halved, _halved),           # half away from zero
}


def round_quotient(p: Any, q: Any, mode: str, sign: int = 0) -> Any:
    """p / q (q > 0) rounded to a whole number with a rounding mode: the one rounding primitive (the table
    ROUNDING above), which every evaluator lifts: to Fractions here, to scaled integers in fixed_point.py, to
    columns in the numpy runtime.

    p and q are Python ints, or numpy integer arrays (elementwise); `sign` (+1: every p >= 0, -1: every p <= 0)
    spares arrays the choice per element."""
    found = ROUNDING.get(mode)
    if found is None:
        raise ValueError(f"onbekende afrondingswijze: '{mode}'")
    positive, negative = found
    if type(p) is int:
        return positive(p, q) if p >= 0 else -negative(-p, q)
    if sign > 0:
        return positive(p, q)
    if sign < 0:
        return -negative(-p, q)
    if positive is _truncated and negative is _raised:          # floor: one operation for every sign
        return p // q
    return np.where(p < 0, -negative(-p, q), positive(p, q))


def _round(x: Fraction, decimals: int, mode: str) -> Fraction:
    """``x`` rounded to ``decimals`` decimals; arguments already validated."""
    scale = 10**decimals
    y = Fraction(x) * scale
    return Fraction(round_quotient(y.numerator, y.denominator, mode), scale)


def round_to(x: Fraction | None, decimals: int, mode: str) -> Fraction | None:
    """Round ``x`` exactly to ``decimals`` (>= 0) decimals with ``mode``; leeg → leeg.

    Modes: naar beneden (floor), naar boven (ceiling), rekenkundig (half away
    from zero), richting nul (truncate), weg van nul (away from zero).
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"aantal decimalen moet een geheel getal van 0 of meer zijn, niet {decimals!r}")
    if mode not in ROUNDING_MODES:
        raise ValueError(f"onbekende afrondingswijze: '{mode}'")
    return None if x is None else _round(x, decimals, mode)


# --------------------------------------------------------------------------- arithmetic

def _z(v: Fraction | None) -> Fraction:
    """Leeg counts as 0 in plus, min, maal and percentages."""
    return _ZERO if v is None else v


def add(a: Fraction | None, b: Fraction | None) -> Fraction:
    """``a plus b``; leeg counts as 0 (leeg plus leeg = 0)."""
    return _z(a) + _z(b)


def sub(a: Fraction | None, b: Fraction | None) -> Fraction:
    """``a min b``; leeg counts as 0."""
    return _z(a) - _z(b)


def reduced_by(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    """``a verminderd met b``: a leeg → leeg; b leeg counts as 0."""
    if a is None:
        return None
    return a - _z(b)


def mul(a: Fraction | None, b: Fraction | None) -> Fraction:
    """``a maal b``; leeg counts as 0."""
    return _z(a) * _z(b)


def div(a: Fraction | None, b: Fraction | None) -> Fraction:
    """``a gedeeld door b`` exactly: leeg/x = 0; x/leeg and x/0 raise EvaluationError."""
    if b is None:
        raise EvaluationError("deling door een lege waarde")
    if b == 0:
        raise EvaluationError("deling door nul")
    return Fraction(_z(a)) / b


def div_abs(a: Fraction | None, b: Fraction | None) -> Fraction:
    """``a gedeeld door (ABS) b``: like :func:`div`, truncated toward zero at 5 decimals."""
    return _round(div(a, b), 5, "richting nul")


def percent_of(p: Fraction | None, x: Fraction | None) -> Fraction:
    """``p% van x`` = p * x / 100; leeg counts as 0."""
    return Fraction(_z(p) * _z(x)) / _HUNDRED


def absolute(x: Fraction | None) -> Fraction | None:
    """``de absolute waarde van (x)``; leeg → leeg."""
    return None if x is None else abs(x)


def bounded(
    x: Fraction | None, minimum: Fraction | None = None, maximum: Fraction | None = None
) -> Fraction | None:
    """``x, met een minimum van .. en een maximum van ..``; None bound = absent; x leeg → leeg.

    A minimum above the maximum raises EvaluationError (no silent choice).
    """
    if minimum is not None and maximum is not None and minimum > maximum:
        raise EvaluationError("het minimum is groter dan het maximum")
    if x is None:
        return None
    if minimum is not None and x < minimum:
        x = minimum
    if maximum is not None and x > maximum:
        x = maximum
    return x


# --------------------------------------------------------------------------- comparisons

_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, ">": operator.gt, "<=": operator.le,
    ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}


def compare(op: str, a: Any, b: Any) -> bool:
    """Compare two values (Fraction, date, str or bool) with ``op``; returns a bool.

    Leeg rules: ``< > <= >=`` with a leeg side → False. ``==`` with any leeg
    side → False; our documented decision is that *leeg gelijk aan leeg* is
    onwaar, for every type, never an error. ``!=`` with exactly one side leeg →
    True; with both sides leeg → False (two empty values are not known to differ).
    """
    compare_fn = _COMPARATORS.get(op)
    if compare_fn is None:
        raise ValueError(f"onbekende vergelijking: '{op}'")
    if a is None or b is None:
        return op == "!=" and (a is None) != (b is None)
    try:
        return bool(compare_fn(a, b))
    except TypeError:
        raise EvaluationError(f"kan {a!r} en {b!r} niet met elkaar vergelijken") from None


# --------------------------------------------------------------------------- aggregations

def _filled(values: Iterable[Any]) -> list[Any]:
    """The non-leeg items of ``values``, in order."""
    return [v for v in values if v is not None]


def agg_sum(values: Iterable[Fraction | None], zero_if_none: bool = False) -> Fraction | None:
    """``de som van ..``: skips leeg; leeg when nothing is left, or 0 with ``zero_if_none``."""
    filled = _filled(values)
    if not filled:
        return _ZERO if zero_if_none else None
    return sum(filled, _ZERO)


def agg_count(values: Iterable[Any]) -> Fraction:
    """``het aantal ..``: the number of items, leeg items included (we count instances)."""
    return Fraction(sum(1 for _ in values))


def agg_max(values: Iterable[Any]) -> Any:
    """``de maximale waarde van ..``: skips leeg; leeg when nothing is left."""
    filled = _filled(values)
    return max(filled) if filled else None


def agg_min(values: Iterable[Any]) -> Any:
    """``de minimale waarde van ..``: skips leeg; leeg when nothing is left."""
    filled = _filled(values)
    return min(filled) if filled else None


def agg_first(values: Iterable[Any]) -> Any:
    """The first non-leeg item in order; leeg when there is none."""
    return next((v for v in values if v is not None), None)


def agg_last(values: Iterable[Any]) -> Any:
    """The last non-leeg item in order; leeg when there is none."""
    filled = _filled(values)
    return filled[-1] if filled else None


# --------------------------------------------------------------------------- dates

_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTHS_PER_UNIT = {"mnd": 1, "kw": 3, "jr": 12}
_DAYS_PER_UNIT = {"dg": 1, "wk": 7}


def parse_date(text: str) -> date:
    """Parse ``DD-MM-JJJJ`` or ISO ``YYYY-MM-DD`` into a date; ValueError on bad input."""
    if not isinstance(text, str):
        raise ValueError(f"ongeldige datum: {text!r} (verwacht DD-MM-JJJJ)")
    if match := _DUTCH_DATE.fullmatch(text.strip()):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.fullmatch(text.strip()):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"ongeldige datum: '{text}' (verwacht DD-MM-JJJJ, bijvoorbeeld 01-07-2024)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"ongeldige datum: '{text}' (deze dag bestaat niet)") from None


def _whole(value: Fraction, what: str) -> int:
    """``value`` as an int; EvaluationError when it is not a whole number."""
    if Fraction(value).denominator != 1:
        raise EvaluationError(f"{what} moet een geheel getal zijn, niet {format_number(Fraction(value))}")
    return int(value)


def _add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the last day of the month."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise EvaluationError("de datum valt buiten het bereik van jaar 1 tot en met 9999")
    day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def add_duration(d: date | None, amount: Fraction | None, unit: str) -> date | None:
    """``d plus amount unit`` for unit dg, wk, mnd, kw or jr; leeg → leeg.

    ``amount`` must be whole (negative subtracts). Months, quarters and years
    clamp to the end of the month: 31-01-2024 plus 1 mnd = 29-02-2024.
    """
    if unit not in _MONTHS_PER_UNIT and unit not in _DAYS_PER_UNIT:
        raise ValueError(f"onbekende tijdseenheid: '{unit}' (verwacht dg, wk, mnd, kw of jr)")
    if d is None or amount is None:
        return None
    n = _whole(amount, "de tijdsduur")
    if unit in _MONTHS_PER_UNIT:
        return _add_months(d, n * _MONTHS_PER_UNIT[unit])
    try:
        return d + timedelta(days=n * _DAYS_PER_UNIT[unit])
    except OverflowError:
        raise EvaluationError("de datum valt buiten het bereik van jaar 1 tot en met 9999") from None


_DURATION_UNITS = {
    "dagen": "dg", "dg": "dg", "weken": "wk", "wk": "wk", "maanden": "mnd", "mnd": "mnd",
    "kwartalen": "kw", "kw": "kw", "jaren": "jr", "jr": "jr",
}


def _whole_months(start: date, end: date) -> int:
    """Largest n >= 0 with ``_add_months(start, n) <= end``; requires start <= end."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    return months


def duration_between(d1: date | None, d2: date | None, unit: str) -> Fraction | None:
    """``de tijdsduur van d1 tot d2 in hele <unit>`` as a Fraction; leeg → leeg.

    ``unit``: jaren, maanden or dagen (also kwartalen, weken, or the symbols).
    Counts whole completed units: for d1 <= d2 the result is the largest n with
    ``add_duration(d1, n, unit) <= d2``, so someone born 29-02 completes a year
    on 28-02 in a non-leap year. For d2 < d1 the result is the negative of the
    duration from d2 to d1 (antisymmetric, rounding toward zero).
    """
    symbol = _DURATION_UNITS.get(unit)
    if symbol is None:
        raise ValueError(f"onbekende tijdseenheid: '{unit}' (verwacht jaren, maanden of dagen)")
    if d1 is None or d2 is None:
        return None
    return -_nonnegative_duration(d2, d1, symbol) if d2 < d1 else _nonnegative_duration(d1, d2, symbol)


def _nonnegative_duration(start: date, end: date, symbol: str) -> Fraction:
    """Whole units from ``start`` to ``end`` (start <= end)."""
    if symbol in _DAYS_PER_UNIT:
        return Fraction((end - start).days // _DAYS_PER_UNIT[symbol])
    return Fraction(_whole_months(start, end) // _MONTHS_PER_UNIT[symbol])


def date_part(d: date | None, part: str) -> Fraction | None:
    """``de dag/maand/jaar uit (d)`` as a Fraction; leeg → leeg."""
    if part not in ("dag", "maand", "jaar"):
        raise ValueError(f"onbekend deel van een datum: '{part}' (verwacht dag, maand of jaar)")
    if d is None:
        return None
    return Fraction({"dag": d.day, "maand": d.month, "jaar": d.year}[part])


def make_date(y: Fraction | None, m: Fraction | None, d: Fraction | None) -> date | None:
    """``de datum met jaar, maand en dag(y, m, d)``; any leeg → leeg; invalid → EvaluationError."""
    if y is None or m is None or d is None:
        return None
    year, month, day = _whole(y, "het jaar"), _whole(m, "de maand"), _whole(d, "de dag")
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise EvaluationError(f"ongeldige datum: jaar {year}, maand {month}, dag {day}") from None


# --------------------------------------------------------------------------- number text

_SIGNS = {"": 1, "+": 1, "-": -1, "\u2212": -1}
_RATIO = re.compile(r"([-+\u2212]?)(?:(\d+)_)?(\d+)/(\d+)")
_DECIMAL = re.compile(r"([-+\u2212]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")


def parse_number(text: str) -> Fraction:
    """Parse Dutch number text into an exact Fraction; ValueError on anything else.

    Accepted: ``12``, ``12,5``, ``-3,25``, ``2.112,00`` (dot = thousands, comma =
    decimal), ``1/3`` and ``4_1/3`` (= 4 + 1/3). Ambiguity, resolved strictly:
    without a comma, dots are thousands separators and every group after a dot
    must have exactly 3 digits, so ``2.112`` is 2112 (not 2,112) and ``12.5``
    is rejected rather than read as 12,5.
    """
    if not isinstance(text, str):
        raise ValueError(f"ongeldig getal: {text!r}")
    stripped = text.strip()
    if match := _RATIO.fullmatch(stripped):
        sign, whole, num, den = match.groups()
        if int(den) == 0:
            raise ValueError(f"ongeldig getal: '{text}' (noemer is nul)")
        return _SIGNS[sign] * (int(whole or 0) + Fraction(int(num), int(den)))
    if match := _DECIMAL.fullmatch(stripped):
        sign, whole, frac = match.groups()
        digits = whole.replace(".", "") + (frac or "")
        return _SIGNS[sign] * Fraction(int(digits), 10 ** len(frac or ""))
    raise ValueError(
        f"ongeldig getal: '{text}' (gebruik een komma als decimaalteken, bijvoorbeeld 12,5 of 2.112,00)"
    )


def to_fraction(value: Any) -> Fraction | None:
    """Convert int, float, Decimal, Fraction or number text to a Fraction; None → None.

    A float goes through its shortest decimal repr (0.1 → 1/10). Bools, NaN and
    infinities raise ValueError.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"geen getal: {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"geen eindig getal: {value!r}")
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"geen eindig getal: {value!r}")
        return Fraction(value)
    if isinstance(value, str):
        return parse_number(value)
    raise ValueError(f"geen getal: {value!r}")


# --------------------------------------------------------------------------- formatting

def decimals_of(x: Fraction | None) -> int | None:
    """Decimals in the finite decimal expansion of ``x``; None if infinite; leeg → 0."""
    if x is None:
        return 0
    den = Fraction(x).denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    return max(twos, fives) if den == 1 else None


def _digits(y: Fraction, decimals: int, thousands: bool, decimal_mark: str) -> str:
    """Digits of |y| (which has at most ``decimals`` decimals), without sign."""
    scaled = abs(y) * 10**decimals
    assert scaled.denominator == 1
    whole, frac = divmod(scaled.numerator, 10**decimals)
    whole_text = f"{whole:,}".replace(",", ".") if thousands else str(whole)
    if decimals == 0:
        return whole_text
    return f"{whole_text}{decimal_mark}{frac:0{decimals}d}"


def format_number(x: Fraction | None, decimals: int | None = None, thousands: bool = False) -> str:
    """Dutch text for ``x``: comma decimal mark, dots between thousands if asked.

    With ``decimals`` the value is rounded rekenkundig (half away from zero) and
    padded (``503,90``). Without, the exact value is shown when its decimal
    expansion is finite; otherwise 10 truncated decimals followed by ``…``.
    Leeg → ``"leeg"``.
    """
    if x is None:
        return "leeg"
    x, suffix = Fraction(x), ""
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"aantal decimalen moet 0 of meer zijn, niet {decimals}")
        y = _round(x, decimals, "rekenkundig")
    elif (exact := decimals_of(x)) is not None:
        decimals, y = exact, x
    else:
        decimals, suffix, y = 10, "…", _round(x, 10, "richting nul")
    negative = y < 0 or (suffix != "" and x < 0)
    return ("-" if negative else "") + _digits(y, decimals, thousands, ",") + suffix


def to_json_number(x: Fraction | None) -> int | Decimal | float | None:
    """A JSON-ready number: int if integral, exact Decimal if the expansion is finite,
    else a float approximation; leeg → None."""
    if x is None:
        return None
    x = Fraction(x)
    if x.denominator == 1:
        return x.numerator
    decimals = decimals_of(x)
    if decimals is None:
        return float(x)
    return Decimal(("-" if x < 0 else "") + _digits(x, decimals, False, "."))

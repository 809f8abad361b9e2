"""Day numbers and the civil calendar in integers (no datetime64 casts), exact for the years 1–9999.

In: day numbers (``date.toordinal()``; a scalar or an int array) or (year, month, day).  Out: the other form
(``_split`` civil-from-days, ``_ordinal`` days-from-civil), month lengths (``_dim``, ``calendar_days``), the
clamp to the month end (``_clamp_day``) and day-number bounds of shifted months (``_month_bounds``,
``_ym_ordinals``).
"""
from __future__ import annotations

from datetime import date

import numpy as np

_EPOCH = 719163                                   # date(1970, 1, 1).toordinal()
_MIN_ORD, _MAX_ORD = 1, date(9999, 12, 31).toordinal()
_DIM = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _split(o):
    """(year, month, day) of day numbers: integer civil-from-days (H. Hinnant), int32, no datetime64 casts."""
    if not isinstance(o, np.ndarray):
        d = date.fromordinal(int(o))
        return d.year, d.month, d.day
    z = (o + 305).astype(np.int32)                   # days since 0000-03-01 (proleptic Gregorian)
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    late = mp >= 10
    m = mp + 3 - 12 * late
    y = yoe + era * 400 + late
    return y, m, d


def _ordinal(y, m, d):
    """Day numbers of (year, month, day): integer days-from-civil; exact for the years 1–9999."""
    if not isinstance(y, np.ndarray) and not isinstance(m, np.ndarray) and not isinstance(d, np.ndarray):
        return date(int(y), int(m), int(d)).toordinal()
    early = m <= 2
    y = y - early
    mp = m - 3 + 12 * early
    era = y // 400
    yoe = y - era * 400
    doy = (153 * mp + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 305


def _dim(y, m):
    """Days in month m of year y (arrays)."""
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    return _DIM[m] + ((m == 2) & leap)


def _clamp_day(d, y, m):
    """min(d, days in month): only rows with a day above 28 need the month length."""
    if not isinstance(d, np.ndarray):
        if d <= 28:
            return d
        d = np.full(len(y), d)
    over = d > 28
    if not over.any():
        return d
    idx = np.flatnonzero(over)
    out = d.copy()
    out[idx] = np.minimum(d[idx], _dim(y[idx], m[idx]))
    return out


def _month_bounds(lo: int, hi: int, months: int):
    """Bounds of year·12+month−1 after shifting dates within [lo, hi] by `months`."""
    a, b = date.fromordinal(lo), date.fromordinal(hi)
    return a.year * 12 + a.month - 1 + months, b.year * 12 + b.month - 1 + months


def _ym_ordinals(ymlo: int, ymhi: int) -> tuple[int, int]:
    """Day-number bounds of the months ymlo..ymhi (clipped to the valid range)."""
    ymlo, ymhi = max(ymlo, 12), min(ymhi, 9999 * 12 + 11)
    if ymlo > ymhi:
        return _EPOCH, _EPOCH
    first = date(ymlo // 12, ymlo % 12 + 1, 1).toordinal()
    y, m = ymhi // 12, ymhi % 12 + 1
    last = date(y, m, calendar_days(y, m)).toordinal()
    return first, last


def calendar_days(y: int, m: int) -> int:
    import calendar
    return calendar.monthrange(y, m)[1]

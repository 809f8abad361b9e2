"""Numbers, amounts and dates from the summary as Dutch text.

In: counts, exact amounts as text ('1234.5'), scenario values, result descriptions and ISO dates from the
summary.  Out: Dutch strings (``12.345``, ``€ 1.234,50``, ``33,3%``, ``01-01-2026``), or a result's unit and
decimals.
"""
from __future__ import annotations

from fractions import Fraction

from ..evaluate.values import format_number


def n(x: int) -> str:
    """A count: 12.345."""
    return format_number(Fraction(x), 0, thousands=True)


def amount(text: str | None, decimals: int) -> str:
    """An exact amount from the summary ('1234.5') with `decimals` decimals: 1.234,50; None → '–'."""
    return "–" if text is None else format_number(Fraction(text), decimals, thousands=True)


def number(x) -> str:
    """A value from the scenario (number, or text) as Dutch text: 0.5 → 0,5; text unchanged."""
    if isinstance(x, bool):
        return "waar" if x else "onwaar"
    try:
        return format_number(Fraction(str(x)), None, thousands=True)
    except (ValueError, ZeroDivisionError):
        return str(x)


def pct(x, whole=1) -> str:
    """x as a percentage of whole: 0.25 → 25%; 1 of 3 → 33,3%."""
    if not whole:
        return "–"
    f = Fraction(str(x)) / Fraction(str(whole)) * 100
    return format_number(f, None if (f * 10).denominator == 1 else 1, thousands=True) + "%"


def money(text: str | None, decimals: int, unit: str) -> str:
    """An amount with its unit: € 1.234,56, 12 jr."""
    if unit.startswith("€"):
        return f"€ {amount(text, decimals)}{unit[1:]}"
    return f"{amount(text, decimals)} {unit}".rstrip()


def yearly_unit(r: dict) -> str:
    """The unit of a yearly amount: '€/mnd' × 12 → '€'."""
    unit = r["eenheid"]
    return unit.split("/")[0] if r["factor_per_jaar"] != 1 and "/" in unit else unit


def decimals(r: dict) -> int:
    """The decimals the summary uses for a result's amounts."""
    return r["decimalen"] if r["decimalen"] is not None else 2



def dmy(iso: str) -> str:
    """'2026-01-01' → '01-01-2026'."""
    y, m, d = iso.split("-")
    return f"{d}-{m}-{y}"

"""Tests for regelspraak.units: compound units, registries and conversion factors."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regelspraak.model.units import (
    BUILTIN_REGISTRY,
    DIMENSIONLESS,
    Unit,
    UnitRegistry,
    UnitSystem,
    conversion_factor,
    convertible,
    normalize_symbol,
)

EURO = "€"
symbols = st.sampled_from(["€", "dg", "wk", "mnd", "kw", "jr", "km", "u"])
units = st.lists(st.tuples(symbols, st.integers(-3, 3)), max_size=4).map(lambda fs: Unit(tuple(fs)))


# ------------------------------------------------------------------ Unit

@pytest.mark.parametrize("text", ["€/mnd", "€", "", "€/jr", "mnd", "1/mnd", "€·mnd", "€/dg/mnd", "km^2/u"])
def test_parse_str_round_trip(text):
    assert str(Unit.parse(text)) == text


def test_parse_structure():
    assert Unit.parse("€/mnd").factors == (("mnd", -1), (EURO, 1))
    assert Unit.parse("") == DIMENSIONLESS
    assert Unit.parse("  ").is_dimensionless
    assert Unit.parse("1") == DIMENSIONLESS
    assert Unit.parse("mnd/mnd") == DIMENSIONLESS
    assert Unit.parse("€ / mnd") == Unit.parse("€/mnd")
    assert Unit.parse("€*mnd") == Unit.parse("mnd·€")
    assert Unit.parse("€/mnd·dg") == Unit.parse("€·dg/mnd")
    assert Unit.parse("km^-1") == Unit.parse("1/km")


@pytest.mark.parametrize("alias", ["EUR", "eur", "euro", "Euro", "€"])
def test_euro_aliases(alias):
    assert Unit.parse(alias) == Unit.of(EURO)
    assert Unit.parse(f"{alias}/mnd") == Unit.parse("€/mnd")


def test_time_aliases_in_units():
    assert Unit.parse("EUR/maand") == Unit.parse("€/mnd")
    assert Unit.of("jaren") == Unit.of("jr")


@pytest.mark.parametrize("bad", ["/mnd", "€/", "€//mnd", "2mnd", "€^x", "€ mnd"])
def test_parse_rejects(bad):
    with pytest.raises(ValueError, match="ongeldige eenheid"):
        Unit.parse(bad)


def test_arithmetic():
    euro, mnd = Unit.of(EURO), Unit.of("mnd")
    assert euro / mnd == Unit.parse("€/mnd")
    assert (euro / mnd) * mnd == euro
    assert str(euro * mnd) == "€·mnd"
    assert mnd**2 == Unit.parse("mnd^2")
    assert (euro / mnd) ** -1 == Unit.parse("mnd/€")
    assert str(euro / euro) == ""


def test_unit_is_frozen_and_hashable():
    u = Unit.parse("€/mnd")
    with pytest.raises(AttributeError):
        u.factors = ()  # type: ignore[misc]
    assert {u: 1}[Unit.parse("EUR/maand")] == 1
    assert Unit((("mnd", -1), (EURO, 1), ("dg", 0))) == u


@given(units)
def test_parse_of_str_is_identity(u):
    assert Unit.parse(str(u)) == u


@given(units, units, units)
def test_unit_group_laws(a, b, c):
    assert (a * b) * c == a * (b * c)
    assert a * b == b * a
    assert (a / b) * b == a
    assert a * DIMENSIONLESS == a
    assert a / a == DIMENSIONLESS


# ------------------------------------------------------------------ conversion

@pytest.mark.parametrize(
    "source, target, factor",
    [
        ("€/jr", "€/mnd", F(1, 12)),
        ("€/mnd", "€/jr", F(12)),
        ("jr", "mnd", F(12)),
        ("kw", "mnd", F(3)),
        ("jr", "kw", F(4)),
        ("wk", "dg", F(7)),
        ("dg", "wk", F(1, 7)),
        ("€", "€", F(1)),
        ("", "", F(1)),
        ("EUR/jaar", "euro/maand", F(1, 12)),
        ("€/wk", "€/dg", F(1, 7)),
        ("mnd/jr", "", F(1, 12)),
        ("km", "km", F(1)),
    ],
)
def test_conversion_factor(source, target, factor):
    assert conversion_factor(source, target) == factor
    assert conversion_factor(Unit.parse(source), Unit.parse(target), BUILTIN_REGISTRY) == factor


@pytest.mark.parametrize(
    "source, target",
    [("dg", "mnd"), ("mnd", "dg"), ("€", "mnd"), ("wk", "jr"), ("€", ""), ("€/dg", "€/mnd"), ("km", "€")],
)
def test_not_convertible(source, target):
    assert conversion_factor(source, target) is None
    assert not convertible(source, target)


def test_example_assignment_conversion():
    # €120/jr assigned to an attribute in €/mnd becomes €10/mnd.
    assert 120 * conversion_factor("€/jr", "€/mnd") == 10


@given(st.sampled_from(["dg", "wk", "mnd", "kw", "jr", "€/mnd", "€/jr", "€/kw"]),
       st.sampled_from(["dg", "wk", "mnd", "kw", "jr", "€/mnd", "€/jr", "€/kw"]))
def test_conversion_inverse(a, b):
    there, back = conversion_factor(a, b), conversion_factor(b, a)
    assert (there is None) == (back is None)
    if there is not None:
        assert there * back == 1


# ------------------------------------------------------------------ registry

def test_builtin_registry_contents():
    assert BUILTIN_REGISTRY.systems == ("Tijd", "Valuta")
    jr = BUILTIN_REGISTRY.lookup("jaren")
    assert jr is not None and (jr.symbol, jr.base, jr.factor) == ("jr", "mnd", F(12))
    assert BUILTIN_REGISTRY.lookup("wk").factor == 7
    assert BUILTIN_REGISTRY.lookup("onbekend") is None
    assert UnitSystem is UnitRegistry


@pytest.mark.parametrize(
    "text, symbol",
    [
        ("dag", "dg"), ("dagen", "dg"), ("week", "wk"), ("weken", "wk"), ("maand", "mnd"),
        ("maanden", "mnd"), ("kwartaal", "kw"), ("kwartalen", "kw"), ("jaar", "jr"), ("jaren", "jr"),
        ("jr", "jr"), ("EUR", EURO), ("euro", EURO), ("€", EURO), (" mnd ", "mnd"),
    ],
)
def test_normalize_symbol(text, symbol):
    assert normalize_symbol(text) == symbol


def test_normalize_symbol_unknown():
    assert normalize_symbol("meter") is None
    assert normalize_symbol("") is None


def length_registry() -> UnitRegistry:
    return BUILTIN_REGISTRY.with_system(
        "Lengte", [("m", "meters", None), ("km", "kilometers", 1000), ("cm", "centimeters", F(1, 100)),
                   ("mm", "millimeters", (F(1, 10), "cm"))]
    )


def test_with_system_adds_convertible_units():
    registry = length_registry()
    assert conversion_factor("km", "m", registry) == 1000
    assert conversion_factor("m", "cm", registry) == 100
    assert conversion_factor("km", "mm", registry) == 1_000_000
    assert conversion_factor("€/km", "€/m", registry) == F(1, 1000)
    assert conversion_factor("km", "mnd", registry) is None
    assert normalize_symbol("kilometers", registry) == "km"
    assert normalize_symbol("maanden", registry) == "mnd"
    assert registry.lookup("mm").base == "m"
    # immutability: the built-in registry is unchanged
    assert BUILTIN_REGISTRY.lookup("km") is None
    assert normalize_symbol("kilometers") is None
    assert conversion_factor("km", "m") is None


def test_with_system_unconvertible_member():
    registry = BUILTIN_REGISTRY.with_system("Gewicht", [("kg", "kilogrammen", None), ("pnd", "ponden", None)])
    assert conversion_factor("kg", "pnd", registry) is None
    assert conversion_factor("pnd", "pnd", registry) == 1


@pytest.mark.parametrize(
    "name, entries",
    [
        ("Tijd", [("u", "uren", None)]),
        ("Leeg", []),
        ("Dubbel", [("dg", "dagen2", None)]),
        ("Dubbel", [("x", "xen", None), ("x", "xen2", 2)]),
        ("Dubbel", [("x", "xen", None), ("y", "xen", 2)]),
        ("Nul", [("x", "xen", None), ("y", "yen", 0)]),
        ("Negatief", [("x", "xen", None), ("y", "yen", -2)]),
        ("Verwijzing", [("x", "xen", None), ("y", "yen", (2, "z"))]),
        ("Eerste", [("x", "xen", 5)]),
        ("Spatie", [("a b", "abs", None)]),
        ("Cijfer", [("2x", "xen", None)]),
        ("Alias", [("dag", "dagen", None)]),
        ("Alias", [("x", "EUR", None)]),
    ],
)
def test_with_system_rejects(name, entries):
    with pytest.raises(ValueError):
        BUILTIN_REGISTRY.with_system(name, entries)


def test_registry_equality_and_hash():
    assert length_registry() == length_registry()
    assert hash(length_registry()) == hash(length_registry())
    assert length_registry() != BUILTIN_REGISTRY

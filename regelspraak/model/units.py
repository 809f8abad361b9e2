"""Static units: compound units, unit systems and exact conversion factors.

Units exist only for the type checker; runtime values carry no unit. A
:class:`Unit` is a product of symbol powers (``€/mnd`` = € · mnd^-1). A
:class:`UnitRegistry` knows which symbols can be converted into each other:
the built-in time units have two separate dimensions (days: dg, wk; months:
mnd, kw, jr) and ``€`` is its own dimension. Users add unit systems
(``Eenheidsysteem``) with :meth:`UnitRegistry.with_system`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Sequence, Union

EURO = "€"

_BUILTIN_ALIASES = {
    "€": EURO, "eur": EURO, "euro": EURO, "euros": EURO,
    "dg": "dg", "dag": "dg", "dagen": "dg",
    "wk": "wk", "week": "wk", "weken": "wk",
    "mnd": "mnd", "maand": "mnd", "maanden": "mnd",
    "kw": "kw", "kwartaal": "kw", "kwartalen": "kw",
    "jr": "jr", "jaar": "jr", "jaren": "jr",
}


def _builtin_alias(text: str) -> str | None:
    """Canonical symbol for a built-in unit or one of its aliases (case-insensitive)."""
    return _BUILTIN_ALIASES.get(text.strip().lower())


def _term_key(item: tuple[str, int]) -> tuple[int, str]:
    """Display order: € first, then symbols alphabetically."""
    return (0 if item[0] == EURO else 1, item[0])


@dataclass(frozen=True)
class Unit:
    """A product of symbol powers, stored as a sorted tuple of (symbol, exponent).

    ``Unit(())`` is dimensionless. Construct with :meth:`parse` or :meth:`of`;
    combine with ``*``, ``/`` and ``**``. ``str`` gives ``€/mnd``, ``€`` or ``""``.
    """

    factors: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        totals: dict[str, int] = {}
        for symbol, exponent in self.factors:
            totals[symbol] = totals.get(symbol, 0) + exponent
        normal = tuple(sorted((s, e) for s, e in totals.items() if e != 0))
        object.__setattr__(self, "factors", normal)

    @staticmethod
    def of(symbol: str) -> Unit:
        """The unit of one symbol (aliases like EUR or maand normalised)."""
        return Unit(((_builtin_alias(symbol) or symbol.strip(), 1),))

    @staticmethod
    def parse(text: str) -> Unit:
        """Parse ``€/mnd``, ``EUR``, ``€·dg/jr^2``, ``1/mnd`` or ``""`` into a Unit.

        ``/`` divides by the next term, ``*`` or ``·`` multiplies, ``^n`` raises
        to a whole power, ``1`` is dimensionless; ValueError on bad text.
        """
        stripped = text.strip()
        if not stripped:
            return DIMENSIONLESS
        pieces = re.split(r"\s*([/*·])\s*", stripped)
        result = DIMENSIONLESS
        operators = ["*"] + pieces[1::2]
        for op, term in zip(operators, pieces[0::2]):
            unit = _parse_term(term, text)
            result = result / unit if op == "/" else result * unit
        return result

    @property
    def is_dimensionless(self) -> bool:
        """True for the empty unit."""
        return not self.factors

    def __mul__(self, other: Unit) -> Unit:
        if not isinstance(other, Unit):
            return NotImplemented
        return Unit(self.factors + other.factors)

    def __truediv__(self, other: Unit) -> Unit:
        if not isinstance(other, Unit):
            return NotImplemented
        return Unit(self.factors + tuple((s, -e) for s, e in other.factors))

    def __pow__(self, power: int) -> Unit:
        if isinstance(power, bool) or not isinstance(power, int):
            return NotImplemented
        return Unit(tuple((s, e * power) for s, e in self.factors))

    def __str__(self) -> str:
        ordered = sorted(self.factors, key=_term_key)
        upper = [_show(s, e) for s, e in ordered if e > 0]
        lower = [_show(s, -e) for s, e in ordered if e < 0]
        if not upper and not lower:
            return ""
        return ("·".join(upper) if upper else "1") + "".join("/" + t for t in lower)


def _show(symbol: str, exponent: int) -> str:
    """``symbol`` or ``symbol^exponent``."""
    return symbol if exponent == 1 else f"{symbol}^{exponent}"


_TERM = re.compile(r"([^\s/*·^0-9][^\s/*·^]*|1)(?:\s*\^\s*(-?\d+))?")


def _parse_term(term: str, text: str) -> Unit:
    """One ``symbol[^n]`` term of a unit expression."""
    match = _TERM.fullmatch(term)
    if not match:
        raise ValueError(f"ongeldige eenheid: '{text}'")
    symbol, power = match.group(1), int(match.group(2) or 1)
    if symbol == "1":
        return DIMENSIONLESS
    return Unit.of(symbol) ** power


DIMENSIONLESS = Unit(())


@dataclass(frozen=True)
class UnitDef:
    """One known unit: it equals ``factor`` times the ``base`` unit of its dimension."""

    symbol: str
    plural: str
    system: str
    base: str
    factor: Fraction


# An entry of with_system: (symbol, plural name, factor). The factor is relative
# to the system's first unit, or (factor, other_symbol) relative to an earlier
# unit of the same system, or None: the unit is its own, unconvertible dimension.
FactorSpec = Union[int, Fraction, tuple[Union[int, Fraction], str], None]


@dataclass(frozen=True)
class UnitRegistry:
    """An immutable set of unit systems; look units up and convert between them."""

    systems: tuple[str, ...] = ()
    units: tuple[UnitDef, ...] = ()
    _index: dict[str, UnitDef] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            self._index[unit.symbol] = unit
            self._names[unit.symbol] = unit.symbol
            self._names[unit.plural] = unit.symbol

    def lookup(self, symbol: str) -> UnitDef | None:
        """The definition of a canonical or alias symbol, or None when unknown."""
        canonical = self.normalize(symbol)
        return None if canonical is None else self._index.get(canonical)

    def normalize(self, text: str) -> str | None:
        """Canonical symbol for a symbol, plural name or built-in alias; None if unknown."""
        stripped = text.strip()
        if stripped in self._names:
            return self._names[stripped]
        builtin = _builtin_alias(stripped)
        return builtin if builtin in self._index else None

    def with_system(self, name: str, entries: Sequence[tuple[str, str, FactorSpec]]) -> UnitRegistry:
        """A new registry with the unit system ``name`` added; ValueError on conflicts.

        ``entries`` are (symbol, plural name, factor) triples; see ``FactorSpec``.
        The first unit is the base of the system's dimension.
        """
        if name in self.systems:
            raise ValueError(f"eenheidsysteem '{name}' bestaat al")
        if not entries:
            raise ValueError(f"eenheidsysteem '{name}' heeft geen eenheden")
        added: dict[str, UnitDef] = {}
        first = entries[0][0].strip()
        in_use = set(self._names)
        for symbol, plural, spec in entries:
            symbol, plural = symbol.strip(), plural.strip()
            if not plural or not re.fullmatch(r"[^\s/*·^0-9][^\s/*·^]*", symbol):
                raise ValueError(f"ongeldige eenheid '{symbol}' in eenheidsysteem '{name}'")
            if {symbol, plural} & in_use or {_builtin_alias(symbol), _builtin_alias(plural)} - {None, symbol}:
                raise ValueError(f"eenheid '{symbol}' ({plural}) in eenheidsysteem '{name}' is al gedefinieerd")
            added[symbol] = _define(name, symbol, plural, spec, first, added)
            in_use |= {symbol, plural}
        return UnitRegistry(self.systems + (name,), self.units + tuple(added.values()))

    def base_form(self, unit: Unit) -> tuple[Unit, Fraction]:
        """``unit`` written in base units: (base unit, factor), unit = factor × base unit.

        Unknown symbols are their own base with factor 1.
        """
        factor = Fraction(1)
        base: list[tuple[str, int]] = []
        for symbol, exponent in unit.factors:
            known = self.lookup(symbol)
            if known is None:
                base.append((symbol, exponent))
            else:
                base.append((known.base, exponent))
                factor *= known.factor**exponent
        return Unit(tuple(base)), factor


def _define(system: str, symbol: str, plural: str, spec: FactorSpec, first: str, added: dict[str, UnitDef]) -> UnitDef:
    """The UnitDef for one with_system entry."""
    if spec is None or symbol == first:
        if symbol == first and spec not in (None, 1):
            raise ValueError(f"de eerste eenheid '{symbol}' van eenheidsysteem '{system}' moet factor 1 hebben")
        return UnitDef(symbol, plural, system, symbol, Fraction(1))
    if isinstance(spec, tuple):
        amount, other = Fraction(spec[0]), spec[1].strip()
    else:
        amount, other = Fraction(spec), first
    reference = added.get(other)
    if reference is None:
        raise ValueError(f"eenheid '{other}' is niet eerder gedefinieerd in eenheidsysteem '{system}'")
    if amount <= 0:
        raise ValueError(f"de factor van eenheid '{symbol}' moet groter dan nul zijn")
    return UnitDef(symbol, plural, system, reference.base, amount * reference.factor)


BUILTIN_REGISTRY = UnitRegistry().with_system(
    "Tijd",
    [("dg", "dagen", None), ("wk", "weken", (7, "dg")), ("mnd", "maanden", None),
     ("kw", "kwartalen", (3, "mnd")), ("jr", "jaren", (12, "mnd"))],
).with_system("Valuta", [(EURO, "euro", None)])

# The brief for this module calls the registry a "UnitSystem"; both names work.
UnitSystem = UnitRegistry


def _as_unit(unit: Unit | str) -> Unit:
    """Accept a Unit or unit text."""
    return unit if isinstance(unit, Unit) else Unit.parse(unit)


def conversion_factor(
    from_unit: Unit | str, to_unit: Unit | str, registry: UnitRegistry = BUILTIN_REGISTRY
) -> Fraction | None:
    """The exact factor turning a value in ``from_unit`` into ``to_unit``; None if not convertible.

    €/jr → €/mnd gives 1/12, jr → mnd 12, wk → dg 7; dg ↔ mnd and € ↔ mnd give None.
    """
    from_base, from_factor = registry.base_form(_as_unit(from_unit))
    to_base, to_factor = registry.base_form(_as_unit(to_unit))
    if from_base != to_base:
        return None
    return from_factor / to_factor


def convertible(a: Unit | str, b: Unit | str, registry: UnitRegistry = BUILTIN_REGISTRY) -> bool:
    """True when values in ``a`` can be converted to ``b``."""
    return conversion_factor(a, b, registry) is not None


def normalize_symbol(text: str, registry: UnitRegistry | None = None) -> str | None:
    """Canonical symbol for unit text as written in rule files, or None if unknown.

    ``dag/dagen → dg``, ``week/weken → wk``, ``maand/maanden → mnd``,
    ``kwartaal/kwartalen → kw``, ``jaar/jaren → jr``, ``EUR/euro → €``; with a
    registry also its own symbols and plural names.
    """
    return (registry or BUILTIN_REGISTRY).normalize(text)


def all_symbols(registry: UnitRegistry = BUILTIN_REGISTRY) -> Iterable[str]:
    """Every canonical symbol the registry knows, in definition order."""
    return tuple(unit.symbol for unit in registry.units)

"""Typed expressions and conditions: what the type checker makes of a rule's expressions, in lowered form.

Operators, comparisons, rounding modes, aggregations, quantifiers, functions and time units are enums whose
values are the words of the rule language (so a value prints as the author wrote it); names that are looked up
at run time carry their lower-case key. Every node carries its model type and span. Made once by
model/typecheck.py; the plan (plan/nodes.py) holds them as they are, and every evaluator, generator and analysis
reads them there. Frozen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any, Union

from ..source import NO_SPAN, Span
from .types import DATE, NUMBER, Type

__all__ = [
    "Aggregate", "AggregateKind", "Arith", "ArithOp", "Attr", "Bound", "Call", "Compare", "CompareOp",
    "Condition", "Const", "Convert", "DateShift", "Elfproef", "Expr", "Filter", "Function", "HasKenmerk",
    "HasRole", "IsEmpty", "Param", "PercentOf", "Quantified", "Quantifier", "Rekendatum", "Rekenjaar",
    "RoleNav", "Round", "RoundingMode", "Subject", "TimeUnit", "Var",
]


def _span() -> Any:
    return field(default=NO_SPAN, compare=False, repr=False)


# ------------------------------------------------------------------ enums (values: the words of the language)

class ArithOp(StrEnum):
    PLUS = "plus"
    MINUS = "min"
    REDUCED_BY = "verminderd met"          # a - b, but never below 0
    TIMES = "maal"
    DIVIDE = "gedeeld door"
    DIVIDE_ABS = "gedeeld door (ABS)"      # division that gives leeg instead of an error for 0


class CompareOp(StrEnum):
    LT = "<"
    GT = ">"
    LE = "<="
    GE = ">="
    EQ = "=="
    NE = "!="


class RoundingMode(StrEnum):
    DOWN = "naar beneden"
    UP = "naar boven"
    HALF_AWAY = "rekenkundig"
    TOWARD_ZERO = "richting nul"
    AWAY_FROM_ZERO = "weg van nul"


class AggregateKind(StrEnum):
    SUM = "som"
    COUNT = "aantal"
    MAX = "maximale waarde"
    MIN = "minimale waarde"
    FIRST = "eerste"
    LAST = "laatste"


class Quantifier(StrEnum):
    ALL = "alle"
    NONE = "geen"
    AT_LEAST = "ten minste"
    AT_MOST = "ten hoogste"
    EXACTLY = "precies"


class Function(StrEnum):
    DURATION = "duration"                  # de tijdsduur van A tot B in hele <eenheid>
    DATE_PART = "date_part"                # de dag/maand/jaar uit A
    MAKE_DATE = "make_date"                # de datum met jaar, maand en dag
    ABSOLUTE = "absolute"                  # de absolute waarde van A


class TimeUnit(StrEnum):
    DAY = "dg"
    WEEK = "wk"
    MONTH = "mnd"
    QUARTER = "kw"
    YEAR = "jr"


# ------------------------------------------------------------------ expressions

@dataclass(frozen=True, slots=True)
class Const:
    value: Any                             # Fraction, bool, str, date or None (leeg)
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter reference: its value comes from the parameter sets in force on the rekendatum."""
    name: str
    type: Type
    span: Span = _span()
    key: str = field(init=False, repr=False, compare=False)   # the key in a parameter set's values

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.name.lower())


@dataclass(frozen=True, slots=True)
class Var:
    """A `Daarbij geldt` variable of the version: evaluated on first use, then reused."""
    name: str
    type: Type
    span: Span = _span()
    key: str = field(init=False, repr=False, compare=False)   # lower-case name

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.name.lower())


@dataclass(frozen=True, slots=True)
class Subject:
    """The instance the rule is about (or, inside a Filter, the candidate)."""
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Attr:
    """The attribute `key` of the instance(s) `base` evaluates to; over a collection a list."""
    base: Expr
    object_type: str
    name: str
    type: Type
    span: Span = _span()
    key: str = field(init=False, repr=False, compare=False)   # lower-case name

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.name.lower())


@dataclass(frozen=True, slots=True)
class RoleNav:
    """From instance(s) `base`, the instances playing `role` in facts of `fact_type` with them."""
    base: Expr
    fact_type: str
    role: str
    type: Type
    span: Span = _span()
    many: bool = field(init=False, repr=False, compare=False)   # a collection (`meerdere`, or over a collection)

    def __post_init__(self) -> None:
        object.__setattr__(self, "many", self.type.kind == "collection")


@dataclass(frozen=True, slots=True)
class Filter:
    """`die …`: the instances of `base` for which `test` holds (the candidate is the Subject of `test`)."""
    base: Expr
    test: Condition
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOp
    left: Expr
    right: Expr
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Convert:
    """Multiply by an exact unit-conversion factor (put in by the type checker)."""
    operand: Expr
    factor: Fraction
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DateShift:
    """`operand plus/min amount unit`."""
    operand: Expr
    amount: Expr
    unit: TimeUnit
    sign: int                              # +1 plus, -1 min
    type: Type = DATE
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PercentOf:
    percent: Expr
    operand: Expr
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Round:
    operand: Expr
    mode: RoundingMode
    decimals: int
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Bound:
    """`met een minimum van … en/of een maximum van …`."""
    operand: Expr
    minimum: Expr | None
    maximum: Expr | None
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Aggregate:
    kind: AggregateKind
    items: tuple[Expr, ...]                # one collection-valued expression (`over`), or several scalars
    zero_default: bool                     # `som … of 0 als die er niet zijn`
    type: Type
    span: Span = _span()
    over: bool = field(init=False, repr=False, compare=False)   # items[0] is a list, collection or object

    def __post_init__(self) -> None:
        object.__setattr__(self, "over", len(self.items) == 1 and self.items[0].type.kind in ("list", "collection", "object"))


@dataclass(frozen=True, slots=True)
class Call:
    function: Function
    args: tuple[Expr, ...]
    option: str | None                     # the unit of a duration, the part of a date
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rekendatum:
    type: Type = DATE
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rekenjaar:
    type: Type = NUMBER
    span: Span = _span()


Expr = Union[Const, Param, Var, Subject, Attr, RoleNav, Filter, Arith, Convert, DateShift, PercentOf, Round,
             Bound, Aggregate, Call, Rekendatum, Rekenjaar]


# ------------------------------------------------------------------ conditions

@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IsEmpty:
    """`… is leeg` (filled False) or `… is gevuld` (filled True)."""
    operand: Expr
    filled: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class HasKenmerk:
    base: Expr
    object_type: str
    name: str
    negated: bool
    span: Span = _span()
    key: str = field(init=False, repr=False, compare=False)   # lower-case name

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.name.lower())


@dataclass(frozen=True, slots=True)
class HasRole:
    base: Expr
    fact_type: str
    role: str
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Elfproef:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Quantified:
    quantifier: Quantifier
    count: int | None                      # n of ten minste / ten hoogste / precies
    items: tuple[Condition, ...]
    span: Span = _span()


Condition = Union[Compare, IsEmpty, HasKenmerk, HasRole, Elfproef, Quantified]

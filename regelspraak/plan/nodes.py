"""The plan: the lowered rules, the one input of every evaluator, generator and analysis.

Per attribute and kenmerk (`Member`) the ordered rule versions that set it (`Version`: validity, condition,
value, articles, overgangsrecht mark, span), the initialisation versions apart; the consistency and
uniqueness checks; the declarations a run needs. Operators, comparisons, rounding modes, aggregations,
quantifiers, functions, time units and rule kinds are enums. Their values are the words of the rule language,
so a value prints as the author wrote it. Expression and condition nodes carry their model type and span.

Made by `plan.lower.lower(model)`; frozen, computed once per model.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any, Union

from ..model.nodes import (
    BOOLEAN,
    DATE,
    NUMBER,
    ArticleRef,
    AttributeInfo,
    FactTypeInfo,
    KenmerkInfo,
    LawInfo,
    ObjectTypeInfo,
    ParameterInfo,
    ParameterSetInfo,
    RoleInfo,
    Target,
    Type,
    sign_violation,
)
from ..source import NO_SPAN, Span

__all__ = [
    "BOOLEAN", "DATE", "NUMBER", "Aggregate", "AggregateKind", "Arith", "ArithOp", "ArticleRef", "Attr",
    "AttributeInfo", "Binding", "Bound", "Call", "Compare", "CompareOp", "Condition", "Const", "Convert",
    "DateShift", "Elfproef", "Expr", "FactTypeInfo", "Filter", "Function", "HasKenmerk", "HasRole", "IsEmpty",
    "KenmerkInfo", "LawInfo", "Member", "ObjectTypeInfo", "Param", "ParameterInfo", "ParameterSetInfo",
    "PercentOf", "Plan", "Quantified", "Quantifier", "Rekendatum", "Rekenjaar", "RoleInfo", "RoleNav", "Round",
    "RoundingMode", "RuleKind", "Subject", "Target", "TimeUnit", "Type", "Var", "Version", "sign_violation",
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


class RuleKind(StrEnum):
    COMPUTED = "berekend"                  # Het X van een T moet berekend worden als …
    SET = "gesteld"                        # Het X van een T moet gesteld worden op …
    INITIAL = "geïnitialiseerd"            # … moet geïnitialiseerd worden op … (only when nothing else gives one)
    KENMERK = "kenmerk"                    # Een T is een X / heeft X
    CONSISTENCY = "consistentie"           # consistentieregel: a check, no value
    UNIQUE = "uniek"                       # De X van alle T moeten uniek zijn


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
    key: str                               # lower-case name, the key in a parameter set's values
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Var:
    """A `Daarbij geldt` variable of the version: evaluated on first use, then reused."""
    name: str
    key: str
    type: Type
    span: Span = _span()


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
    key: str
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RoleNav:
    """From instance(s) `base`, the instances playing `role` in facts of `fact_type` with them."""
    base: Expr
    fact_type: str
    role: str
    many: bool                             # a collection (role with `meerdere`, or over a collection)
    type: Type
    span: Span = _span()


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
    over: bool                             # True: items[0] is a list, a collection or an object
    zero_default: bool                     # `som … of 0 als die er niet zijn`
    type: Type
    span: Span = _span()


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
    key: str
    negated: bool
    span: Span = _span()


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


# ------------------------------------------------------------------ rules

@dataclass(frozen=True, slots=True)
class Binding:
    """One `Daarbij geldt` variable of a version."""
    name: str
    key: str
    expr: Expr


@dataclass(frozen=True, slots=True, eq=False)
class Version:
    """One rule version (or decision-table row and column), lowered. Compared by identity (it is a key in
    the tables of generated code)."""
    rule: str
    index: int
    kind: RuleKind
    start: date | None
    end: date | None
    articles: tuple[ArticleRef, ...]
    closed_from: date | None               # overgangsrecht: closed to new cases from this date
    subject_type: str
    subject_role: tuple[str, str] | None   # (fact type, role) when the rule is about a role
    target: Target
    condition: Condition | None
    expr: Expr | None                      # the value (berekend, gesteld, geïnitialiseerd)
    check: Condition | None                # consistentieregel: what must hold when the condition holds
    unique: str | None                     # uniek: the attribute whose values must differ
    variables: tuple[Binding, ...]
    law: str | None
    group: str | None
    parameters: frozenset[str]             # lower-case names of the parameters it reads
    key: str                               # lower-case rule name (the `fired` key)
    span: Span = _span()

    def holds(self, on: date) -> bool:
        """Valid on the date (start and end inclusive)."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def label(self) -> str:
        return self.rule if self.index == 0 else f"{self.rule} (versie {self.index + 1})"


@dataclass(frozen=True, slots=True)
class Member:
    """An attribute or kenmerk of an object type, with the versions that can give it a value.

    Value rule: for a kenmerk, true when any version fires or it is given true. For an attribute, the one
    version that fires (two is a conflict, R601); none: the given value; no given value: the first
    initialisation version whose condition holds."""
    object_type: str
    name: str
    key: str
    type: Type
    kenmerk: bool
    versions: tuple[Version, ...]          # berekend / gesteld / kenmerk, in model order
    initial: tuple[Version, ...]           # geïnitialiseerd, in model order


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything an evaluator needs: declarations, members with their versions, checks, order."""
    laws: tuple[LawInfo, ...]
    object_types: Mapping[str, ObjectTypeInfo]       # lower-case name → info
    fact_types: Mapping[str, FactTypeInfo]
    parameters: Mapping[str, ParameterInfo]
    parameter_sets: tuple[ParameterSetInfo, ...]
    enums: Mapping[str, tuple[str, ...]]
    members: Mapping[tuple[str, str], Member]        # (object type key, member key) → member
    versions: tuple[Version, ...]                    # every version, in model order
    checks: tuple[Version, ...]                      # consistentie and uniek, in model order
    order: tuple[tuple[str, str], ...]               # (object type, member) in dependency order

    def object_type(self, name: str) -> ObjectTypeInfo | None:
        return self.object_types.get(name.lower())

    def member(self, object_type: str, name: str) -> Member | None:
        return self.members.get((object_type.lower(), name.lower()))

"""Frozen syntax nodes: exactly what was written. Spans never take part in equality (round trips compare equal)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Union

from ..source import NO_SPAN, Span


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# ------------------------------------------------------------------ shared


@dataclass(frozen=True, slots=True)
class Source:
    """A `// Bron:` line: the citation text as written."""
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Validity:
    """`geldig …`: start and end inclusive; None = open. `years` marks the `vanaf 2024 t/m 2025` form."""
    start: date | None
    end: date | None
    years: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Transitional:
    """Overgangsrecht: the version is closed to new cases from `closed_from`."""
    closed_from: date
    span: Span = _span()

# ------------------------------------------------------------------ data types


@dataclass(frozen=True, slots=True)
class NumericType:
    decimals: int | None          # None = any number of decimals ("getal")
    integer: bool
    sign: str | None              # 'negatief' | 'niet-negatief' | 'positief'
    unit: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PercentageType:
    decimals: int | None
    integer: bool
    sign: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TextType:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BooleanType:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DateType:
    with_time: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NamedType:
    name: str
    span: Span = _span()


DataType = Union[NumericType, PercentageType, TextType, BooleanType, DateType, NamedType]

# ------------------------------------------------------------------ declarations


@dataclass(frozen=True, slots=True)
class LawHeader:
    """`Wetgeving NAAM (AFKORTING, BWBR…)`."""
    title: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RuleGroup:
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Domain:
    name: str
    datatype: DataType | None
    values: tuple[str, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Attribute:
    article: str
    name: str
    plural: str | None
    datatype: DataType
    provenance: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Kenmerk:
    name: str
    kind: str                     # 'bijvoeglijk' | 'bezittelijk' | 'zelfstandig'
    article: str | None
    provenance: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ObjectType:
    article: str
    name: str
    plural: str | None
    animate: bool
    members: tuple[Attribute | Kenmerk, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ParameterDecl:
    article: str
    name: str
    datatype: DataType
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Role:
    article: str
    name: str
    plural: str | None
    object_type: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class FactType:
    name: str
    reciprocal: bool
    roles: tuple[Role, ...]
    cardinality: tuple[str, str, str, str]   # ('één', role, 'meerdere', role)
    span: Span = _span()

# ------------------------------------------------------------------ expressions


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number literal, possibly with units: `12,5`, `100 €`, `67 jr 3 mnd` (parts)."""
    parts: tuple[tuple[Fraction, str | None], ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PercentLiteral:
    value: Fraction
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DateLiteral:
    value: date
    prefixed: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TextLiteral:
    value: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EnumLiteral:
    value: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BoolLiteral:
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EmptyLiteral:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NavStep:
    determiner: str | None        # de, het, een, alle, zijn, haar, None
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Selection:
    """`die (niet|een|geen)? NAAM zijn|is|hebben|heeft` after a collection."""
    negated: bool
    form: str                     # 'is' | 'heeft' | 'is een'
    name: str
    verb: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Nav:
    """A navigation `de A van de B van een C`: steps outermost first."""
    steps: tuple[NavStep, ...]
    selection: Selection | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Pronoun:
    word: str                     # 'hij' | 'hem'
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str                       # plus, min, verminderd met, maal, gedeeld door, gedeeld door (ABS)
    left: "Expr"
    right: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PercentOf:
    """`21% van X`, or `het percentage van (X)` with a percentage-typed name."""
    percent: "PercentLiteral | Nav"
    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Round:
    operand: "Expr"
    mode: str
    decimals: int
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Bound:
    operand: "Expr"
    minimum: "Expr | None"
    maximum: "Expr | None"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Aggregate:
    kind: str                     # som, aantal, maximale waarde, minimale waarde, eerste, laatste
    collection: "Nav | tuple[Expr, ...]"
    zero_default: Quantity | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Duration:
    start: "Expr"
    end: "Expr"
    unit: str                     # jaren | maanden | dagen
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DatePart:
    part: str                     # dag | maand | jaar
    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MakeDate:
    year: "Expr"
    month: "Expr"
    day: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Absolute:
    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rekendatum:
    article: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rekenjaar:
    article: str | None = None
    span: Span = _span()


Expr = Union[Quantity, PercentLiteral, DateLiteral, TextLiteral, EnumLiteral, BoolLiteral, EmptyLiteral,
             Nav, Pronoun, Binary, PercentOf, Round, Bound, Aggregate, Duration, DatePart, MakeDate,
             Absolute, Rekendatum, Rekenjaar]

# ------------------------------------------------------------------ conditions


@dataclass(frozen=True, slots=True)
class Comparison:
    op: str                       # gelijk, ongelijk, groter, groter of gelijk, kleiner, …, eerder, later …
    left: Expr
    right: Expr
    statement_form: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EmptyCheck:
    operand: Expr
    filled: bool                  # True for `gevuld`
    statement_form: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class KenmerkCheck:
    subject: Expr
    form: str                     # 'is' | 'heeft' | 'is een'
    name: str
    negated: bool
    statement_form: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Elfproef:
    operand: Expr
    statement_form: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Compound:
    subject: Expr
    quantifier: str               # alle | geen | ten minste | ten hoogste | precies
    count: int | None
    items: tuple["Condition", ...]
    statement_form: bool = False
    span: Span = _span()


Condition = Union[Comparison, EmptyCheck, KenmerkCheck, Elfproef, Compound]

# ------------------------------------------------------------------ rules


@dataclass(frozen=True, slots=True)
class Assignment:
    """Gelijkstelling or initialisatie: kind is 'berekend' | 'gesteld' | 'geïnitialiseerd'."""
    target: Nav
    kind: str
    expr: Expr
    condition: Condition | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class KenmerkAssignment:
    subject: Nav
    form: str                     # 'is' | 'heeft' | 'is een'
    name: str
    condition: Condition | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Consistency:
    """`De X van een Y moet groter zijn dan Z`; op 'gevuld'/'leeg' has expr None."""
    target: Nav
    op: str
    expr: Expr | None
    condition: Condition | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Uniqueness:
    target: Nav
    span: Span = _span()


Statement = Union[Assignment, KenmerkAssignment, Consistency, Uniqueness]


@dataclass(frozen=True, slots=True)
class VariableDef:
    article: str | None
    name: str
    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RuleVersion:
    validity: Validity
    sources: tuple[Source, ...]
    transitional: Transitional | None
    statement: Statement
    variables: tuple[VariableDef, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    sources: tuple[Source, ...]
    versions: tuple[RuleVersion, ...]
    group: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TableColumn:
    """A decision-table header: kind 'conclusie' (target, verb), 'vergelijking' (subject, op) or 'kenmerk'."""
    kind: str
    nav: Expr
    op: str                       # 'gesteld' | 'berekend' | comparison op | kenmerk form
    name: str | None = None       # kenmerk name for kenmerk columns
    negated: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TableRow:
    number: int
    cells: tuple[Expr | None, ...]   # None = n.v.t.
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TableVersion:
    validity: Validity
    sources: tuple[Source, ...]
    transitional: Transitional | None
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DecisionTable:
    name: str
    sources: tuple[Source, ...]
    versions: tuple[TableVersion, ...]
    group: str | None = None
    span: Span = _span()

# ------------------------------------------------------------------ parameter sets


@dataclass(frozen=True, slots=True)
class ParameterValue:
    name: str
    value: Expr
    sources: tuple[Source, ...]
    article: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ParameterSet:
    name: str
    validity: Validity
    values: tuple[ParameterValue, ...]
    sources: tuple[Source, ...]
    span: Span = _span()

# ------------------------------------------------------------------ testspraak


@dataclass(frozen=True, slots=True)
class GivenLine:
    """In a given/expected block: `naam waarde`, or a kenmerk line (`is verzekerd`, `heeft geen …`)."""
    name: str
    value: Expr | None            # None for kenmerk lines
    form: str | None = None       # kenmerk form: 'is' | 'heeft' | 'is een'
    negated: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RuleExpectation:
    """`regel "NAAM" is (niet) gevuurd | inconsistent`."""
    rule: str
    outcome: str                  # 'gevuurd' | 'niet gevuurd' | 'inconsistent'
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class GivenObject:
    object_type: str
    label: str
    lines: tuple[GivenLine, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class GivenFact:
    subject: str
    other: str
    role: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class GivenInit:
    name: str
    span: Span = _span()


Given = Union[GivenObject, GivenFact, GivenInit]


@dataclass(frozen=True, slots=True)
class Expectation:
    label: str
    lines: tuple[GivenLine | RuleExpectation, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TestSettings:
    rekendatum: date | None
    parameterset: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TestInit:
    name: str
    givens: tuple[Given, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TestCase:
    name: str
    settings: TestSettings
    givens: tuple[Given, ...]
    expectations: tuple[Expectation, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TestSet:
    name: str
    settings: TestSettings
    inits: tuple[TestInit, ...]
    cases: tuple[TestCase, ...]
    span: Span = _span()

# ------------------------------------------------------------------ eigenschappen


@dataclass(frozen=True, slots=True)
class Monotone:
    """`de X van een P daalt niet wanneer zijn Y daalt`."""
    result: Nav
    result_direction: str
    cause: Nav
    cause_direction: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Invariant:
    """`de X van een P is altijd groter of gelijk aan E`."""
    subject: Nav
    op: str
    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Property:
    name: str
    statement: Monotone | Invariant
    sources: tuple[Source, ...] = ()
    span: Span = _span()


Item = Union[LawHeader, RuleGroup, Domain, ObjectType, ParameterDecl, FactType, Rule, DecisionTable,
             ParameterSet, TestSet, Property]


@dataclass(frozen=True, slots=True)
class Module:
    """One parsed file: its items in file order."""
    path: str
    items: tuple[Item, ...]
    span: Span = _span()

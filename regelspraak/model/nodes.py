"""The model: names resolved to declarations, every expression typed, rule versions with validity and articles.

Produced by resolve.py from syntax modules; read by validity.py, order.py, the interpreter and backends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..source import NO_SPAN, Span
from ..syntax import nodes as S
from .expressions import (  # the typed expressions, re-exported for the model's own passes
    Aggregate, AggregateKind, Arith, ArithOp, Attr, Bound, Call, Compare, CompareOp, Condition, Const, Convert,
    DateShift, Elfproef, Expr, Filter, Function, HasKenmerk, HasRole, IsEmpty, Param, PercentOf, Quantified,
    Quantifier, Rekendatum, Rekenjaar, RoleNav, Round, RoundingMode, Subject, TimeUnit, Var,
)
from .types import BOOLEAN, DATE, EMPTY, NUMBER, TEXT, Type
from .units import DIMENSIONLESS, Unit


__all__ = [
    "Aggregate", "AggregateKind", "Arith", "ArithOp", "ArticleRef", "Attr", "AttributeInfo", "BOOLEAN", "Bound",
    "Call", "Compare", "CompareOp", "Condition", "Const", "Convert", "DATE", "DIMENSIONLESS", "DateShift", "EMPTY",
    "Elfproef", "Expr", "FactTypeInfo", "Filter", "Function", "HasKenmerk", "HasRole", "IsEmpty", "KenmerkInfo",
    "LawInfo", "Model", "NUMBER", "ObjectTypeInfo", "Param", "ParameterInfo", "ParameterSetInfo", "PercentOf",
    "Quantified", "Quantifier", "Rekendatum", "Rekenjaar", "RoleInfo", "RoleNav", "Round", "RoundingMode",
    "RuleVersion", "Subject", "TEXT", "Target", "TimeUnit", "Type", "Unit", "Var", "sign_violation",
]


def sign_violation(value: Any, sign: str | None) -> bool:
    """True when a number breaks a declared sign (negatief / niet-negatief / positief)."""
    if sign is None or value is None:
        return False
    broken: dict[str, bool] = {"negatief": value >= 0, "niet-negatief": value < 0, "positief": value <= 0}
    return broken.get(sign, False)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A cited provision: BWB id, article, lid, onderdeel; renders as JCI and wetten.overheid.nl link."""
    bwb_id: str | None
    article: str | None
    lid: str | None = None
    onderdeel: str | None = None
    label: str = ""
    text: str = ""                        # the citation as written (free text for publications)
    span: Span = _span()

    def jci(self) -> str | None:
        if not (self.bwb_id and self.article):
            return None
        out = f"jci1.3:c:{self.bwb_id}&artikel={self.article}"
        if self.lid:
            out += f"&lid={self.lid}"
        if self.onderdeel:
            out += f"&onderdeel={self.onderdeel}"
        return out

    def url(self, on: date | None = None) -> str | None:
        if not (self.bwb_id and self.article):
            return None
        when = f"/{on.isoformat()}" if on else ""
        return f"https://wetten.overheid.nl/{self.bwb_id}{when}#Artikel{self.article}"

    def show(self) -> str:
        """Dutch text: 'Wzt art. 2 lid 1' or the text as written."""
        return self.label or self.text


# ------------------------------------------------------------------ declarations


@dataclass(frozen=True, slots=True)
class AttributeInfo:
    object_type: str
    name: str
    type: Type
    provenance: str | None
    plural: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class KenmerkInfo:
    object_type: str
    name: str
    kind: str                              # bijvoeglijk | bezittelijk | zelfstandig
    provenance: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ObjectTypeInfo:
    name: str
    plural: str | None
    animate: bool
    attributes: dict[str, AttributeInfo]   # keyed by lower-case name
    kenmerken: dict[str, KenmerkInfo]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RoleInfo:
    fact_type: str
    name: str
    plural: str | None
    object_type: str
    multiple: bool                         # `meerdere` on this role's side
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class FactTypeInfo:
    name: str
    reciprocal: bool
    roles: tuple[RoleInfo, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ParameterInfo:
    name: str
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ParameterSetInfo:
    name: str
    start: date | None
    end: date | None
    values: dict[str, Any]                 # lower-case parameter name → runtime value
    sources: tuple[ArticleRef, ...]
    law: str | None = None
    span: Span = _span()

    def holds(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class LawInfo:
    name: str
    abbreviation: str
    bwb_id: str
    folder: str
    span: Span = _span()

# ------------------------------------------------------------------ rules


@dataclass(frozen=True, slots=True)
class Target:
    """What a rule version sets: kind attribute | kenmerk | check (consistency/uniqueness)."""
    kind: str
    object_type: str
    name: str
    type: Type = BOOLEAN


@dataclass(frozen=True, slots=True)
class RuleVersion:
    rule: str
    index: int
    start: date | None
    end: date | None
    articles: tuple[ArticleRef, ...]
    closed_from: date | None               # overgangsrecht: closed to new cases from this date
    subject_type: str
    subject_role: tuple[str, str] | None   # (fact type, role) when the binder was a role
    target: Target
    kind: str                              # berekend gesteld geïnitialiseerd kenmerk consistentie uniek
    expr: Expr | None
    condition: Condition | None
    variables: tuple[tuple[str, Expr], ...]
    check: "Condition | None" = None       # consistentieregel: what must hold when the condition holds
    law: str | None = None
    group: str | None = None               # Regelgroep the rule belongs to
    parameters: frozenset[str] = frozenset()   # lower-case names of the parameters it reads (set by resolve)
    span: Span = _span()

    def holds(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def label(self) -> str:
        return self.rule if self.index == 0 else f"{self.rule} (versie {self.index + 1})"


@dataclass(frozen=True, slots=True)
class Model:
    """Everything a run needs, resolved and typed."""
    laws: tuple[LawInfo, ...]
    object_types: dict[str, ObjectTypeInfo]          # lower-case name → info
    fact_types: dict[str, FactTypeInfo]
    parameters: dict[str, ParameterInfo]
    parameter_sets: tuple[ParameterSetInfo, ...]
    rules: tuple[RuleVersion, ...]
    enums: dict[str, tuple[str, ...]]
    testsets: tuple[tuple[str, S.TestSet], ...]      # (path, testset)
    properties: tuple[tuple[str, S.Property], ...]   # (path, eigenschap)
    order: tuple[tuple[str, str], ...] = ()          # (object type, attribute/kenmerk) in dependency order

    def object_type(self, name: str) -> ObjectTypeInfo | None:
        return self.object_types.get(name.lower())

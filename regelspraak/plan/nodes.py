"""The plan: the lowered rules, the one input of every evaluator, generator and analysis.

Per attribute and kenmerk (`Member`) the ordered rule versions that set it (`Version`: validity, condition,
value, articles, overgangsrecht mark, span), the initialisation versions apart; the consistency and
uniqueness checks; the declarations a run needs. Operators, comparisons, rounding modes, aggregations,
quantifiers, functions, time units and rule kinds are enums. Their values are the words of the rule language,
so a value prints as the author wrote it. The expressions and conditions are the type checker's own
(model/expressions.py, already in lowered form); lowering organises the versions per member around them.

Made by `plan.lower.lower(model)`; frozen, computed once per model.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ..model.expressions import (  # the plan holds the typed expressions as the type checker made them
    Aggregate, AggregateKind, Arith, ArithOp, Attr, Bound, Call, Compare, CompareOp, Condition, Const, Convert,
    DateShift, Elfproef, Expr, Filter, Function, HasKenmerk, HasRole, IsEmpty, Param, PercentOf, Quantified,
    Quantifier, Rekendatum, Rekenjaar, RoleNav, Round, RoundingMode, Subject, TimeUnit, Var,
)
from ..model.nodes import (
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
    sign_violation,
)
from ..model.types import BOOLEAN, DATE, NUMBER, Type
from ..source import NO_SPAN, Span

__all__ = [
    "Aggregate", "AggregateKind", "Arith", "ArithOp", "ArticleRef", "Attr", "AttributeInfo", "BOOLEAN", "Binding",
    "Bound", "Call", "Compare", "CompareOp", "Condition", "Const", "Convert", "DATE", "DateShift", "Elfproef",
    "Expr", "FactTypeInfo", "Filter", "Function", "HasKenmerk", "HasRole", "IsEmpty", "KenmerkInfo", "LawInfo",
    "Member", "NUMBER", "ObjectTypeInfo", "Param", "ParameterInfo", "ParameterSetInfo", "PercentOf", "Plan",
    "Quantified", "Quantifier", "Rekendatum", "Rekenjaar", "RoleInfo", "RoleNav", "Round", "RoundingMode",
    "RuleKind", "Subject", "Target", "TimeUnit", "Type", "Var", "Version", "declared_version", "sign_violation",
]


def _span() -> Any:
    return field(default=NO_SPAN, compare=False, repr=False)


# ------------------------------------------------------------------ rules

class RuleKind(StrEnum):
    COMPUTED = "berekend"                  # Het X van een T moet berekend worden als …
    SET = "gesteld"                        # Het X van een T moet gesteld worden op …
    INITIAL = "geïnitialiseerd"            # … moet geïnitialiseerd worden op … (only when nothing else gives one)
    KENMERK = "kenmerk"                    # Een T is een X / heeft X
    CONSISTENCY = "consistentie"           # consistentieregel: a check, no value
    UNIQUE = "uniek"                       # De X van alle T moeten uniek zijn


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


_TARGET_KINDS = {"kenmerk": "kenmerk", "consistentie": "check", "uniek": "check"}


def declared_version(rule: str, index: int, *, law: str | None, kind: str, subject: str, target: tuple[str, str],
                     role: tuple[str, str] | None = None, attribute: str | None = None, start: date | None = None,
                     end: date | None = None, closed_from: date | None = None,
                     articles: tuple[ArticleRef, ...] = (), group: str | None = None,
                     source: tuple[str, int] = ("", 0), params: tuple[str, ...] = ()) -> Version:
    """One rule version as a generated module declares it: a Version without expressions (the module has
    code for its condition and value instead)."""
    return Version(
        rule=rule, index=index, kind=RuleKind(kind), start=start, end=end, articles=articles,
        closed_from=closed_from, subject_type=subject, subject_role=role,
        target=Target(_TARGET_KINDS.get(kind, "attribute"), *target), condition=None, expr=None, check=None,
        unique=attribute, variables=(), law=law, group=group, parameters=frozenset(params), key=rule.lower(),
        span=Span(source[0], source[1], 1, source[1], 1))


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

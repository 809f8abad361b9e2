"""Lowering: the checked Model → the Plan (see plan/nodes.py).

In: a Model that passed resolve, validity and order without errors. Out: a frozen Plan. The lowering is a
pure function; `plan_of` remembers the plan of the last models it lowered, so an evaluator that is handed a
Model lowers it once.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..identity_cache import per_object
from ..model import nodes as M
from . import nodes as P

_MEMBER_KINDS = (P.RuleKind.COMPUTED, P.RuleKind.SET, P.RuleKind.KENMERK)


def lower(model: M.Model) -> P.Plan:
    """The plan of a checked model."""
    return assemble(model.laws, model.object_types, model.fact_types, model.parameters, model.parameter_sets,
                    model.enums, tuple(_version(r) for r in model.rules), model.order)


def assemble(laws: tuple[M.LawInfo, ...], object_types: Mapping[str, M.ObjectTypeInfo],
             fact_types: Mapping[str, M.FactTypeInfo], parameters: Mapping[str, M.ParameterInfo],
             parameter_sets: tuple[M.ParameterSetInfo, ...], enums: Mapping[str, tuple[str, ...]],
             versions: tuple[P.Version, ...], order: tuple[tuple[str, str], ...]) -> P.Plan:
    """A plan from declarations and lowered versions: every declared attribute and kenmerk becomes a member
    holding the versions that target it (also used by compiled modules, whose versions carry no expressions)."""
    by_target: dict[tuple[str, str], list[P.Version]] = {}
    for v in versions:
        if v.target.kind != "check":
            by_target.setdefault((v.target.object_type.lower(), v.target.name.lower()), []).append(v)
    members: dict[tuple[str, str], P.Member] = {}
    for tkey, t in object_types.items():
        declared: list[tuple[str, M.Type, bool]] = [(k.name, P.BOOLEAN, True) for k in t.kenmerken.values()]
        declared += [(a.name, a.type, False) for a in t.attributes.values()]
        for name, type_, kenmerk in declared:
            key = (tkey.lower(), name.lower())
            if key in members:                       # a kenmerk and an attribute of one name: the kenmerk
                continue
            vs = by_target.get(key, [])
            members[key] = P.Member(t.name, name, name.lower(), type_, kenmerk,
                                    tuple(v for v in vs if v.kind in _MEMBER_KINDS),
                                    tuple(v for v in vs if v.kind is P.RuleKind.INITIAL))
    return P.Plan(
        laws=laws, object_types=object_types, fact_types=fact_types, parameters=parameters,
        parameter_sets=parameter_sets, enums=enums, members=members, versions=versions,
        checks=tuple(v for v in versions if v.kind in (P.RuleKind.CONSISTENCY, P.RuleKind.UNIQUE)), order=order)


_PLANS: dict[int, tuple[object, object]] = {}


def plan_of(model: M.Model | P.Plan) -> P.Plan:
    """The plan of a model, lowered once per model object (up to 64 are kept); a plan is returned as is."""
    if isinstance(model, P.Plan):
        return model
    return per_object(_PLANS, model, lower, 64)


# ------------------------------------------------------------------ rule versions

def _version(r: M.RuleVersion) -> P.Version:
    kind = P.RuleKind(r.kind)
    unique = r.expr.name if kind is P.RuleKind.UNIQUE and isinstance(r.expr, M.Attr) else None
    return P.Version(
        rule=r.rule, index=r.index, kind=kind, start=r.start, end=r.end, articles=r.articles,
        closed_from=r.closed_from, subject_type=r.subject_type, subject_role=r.subject_role, target=r.target,
        condition=None if r.condition is None else condition(r.condition),
        expr=None if r.expr is None or unique is not None else expr(r.expr),
        check=None if r.check is None else condition(r.check), unique=unique,
        variables=tuple(P.Binding(n, n.lower(), expr(x)) for n, x in r.variables),
        law=r.law, group=r.group, parameters=r.parameters, key=r.rule.lower(), span=r.span)


# ------------------------------------------------------------------ expressions

def expr(e: M.Expr) -> P.Expr:
    """The plan form of a model expression."""
    if isinstance(e, M.Const):
        return P.Const(e.value, e.type, e.span)
    if isinstance(e, M.Param):
        return P.Param(e.name, e.name.lower(), e.type, e.span)
    if isinstance(e, M.Var):
        return P.Var(e.name, e.name.lower(), e.type, e.span)
    if isinstance(e, M.Subject):
        return P.Subject(e.type, e.span)
    if isinstance(e, M.Attr):
        return P.Attr(expr(e.base), e.object_type, e.name, e.name.lower(), e.type, e.span)
    if isinstance(e, M.RoleNav):
        return P.RoleNav(expr(e.base), e.fact_type, e.role, e.type.kind == "collection", e.type, e.span)
    if isinstance(e, M.Filter):
        return P.Filter(expr(e.base), condition(e.test), e.type, e.span)
    if isinstance(e, M.Arith):
        return P.Arith(P.ArithOp(e.op), expr(e.left), expr(e.right), e.type, e.span)
    if isinstance(e, M.Convert):
        return P.Convert(expr(e.operand), e.factor, e.type, e.span)
    if isinstance(e, M.DateShift):
        return P.DateShift(expr(e.operand), expr(e.amount), P.TimeUnit(e.unit), e.sign, e.type, e.span)
    if isinstance(e, M.PercentOf):
        return P.PercentOf(expr(e.percent), expr(e.operand), e.type, e.span)
    if isinstance(e, M.Round):
        return P.Round(expr(e.operand), P.RoundingMode(e.mode), e.decimals, e.type, e.span)
    if isinstance(e, M.Bound):
        return P.Bound(expr(e.operand), None if e.minimum is None else expr(e.minimum),
                       None if e.maximum is None else expr(e.maximum), e.type, e.span)
    if isinstance(e, M.Aggregate):
        over = len(e.items) == 1 and e.items[0].type.kind in ("list", "collection", "object")
        return P.Aggregate(P.AggregateKind(e.kind), tuple(expr(i) for i in e.items), over, e.zero_default,
                           e.type, e.span)
    if isinstance(e, M.Call):
        return P.Call(P.Function(e.function), tuple(expr(a) for a in e.args), e.option, e.type, e.span)
    if isinstance(e, M.Rekendatum):
        return P.Rekendatum(e.type, e.span)
    if isinstance(e, M.Rekenjaar):
        return P.Rekenjaar(e.type, e.span)
    raise TypeError(f"no plan form for {type(e).__name__}")


def condition(c: M.Condition) -> P.Condition:
    """The plan form of a model condition."""
    if isinstance(c, M.Compare):
        return P.Compare(P.CompareOp(c.op), expr(c.left), expr(c.right), c.span)
    if isinstance(c, M.IsEmpty):
        return P.IsEmpty(expr(c.operand), c.filled, c.span)
    if isinstance(c, M.HasKenmerk):
        return P.HasKenmerk(expr(c.base), c.object_type, c.name, c.name.lower(), c.negated, c.span)
    if isinstance(c, M.HasRole):
        return P.HasRole(expr(c.base), c.fact_type, c.role, c.negated, c.span)
    if isinstance(c, M.Elfproef):
        return P.Elfproef(expr(c.operand), c.span)
    if isinstance(c, M.Quantified):
        return P.Quantified(P.Quantifier(c.quantifier), c.count, tuple(condition(i) for i in c.items), c.span)
    raise TypeError(f"no plan form for {type(c).__name__}")

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
        condition=r.condition, expr=None if unique is not None else r.expr, check=r.check, unique=unique,
        variables=tuple(P.Binding(n, n.lower(), x) for n, x in r.variables),
        law=r.law, group=r.group, parameters=r.parameters, key=r.rule.lower(), span=r.span)

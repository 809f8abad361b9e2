"""The plan of every law: each rule version lowered once, grouped per member, operators as enums."""
import dataclasses
from enum import Enum
from pathlib import Path

import pytest

from regelspraak.api import load
from regelspraak.model import expressions as E
from regelspraak.plan import nodes as P
from regelspraak.plan.lower import lower, plan_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def laws():
    model = load([ROOT / "laws"])
    return model, lower(model)


def _nodes(x):
    """Every expression and condition node below x (the plan holds the type checker's nodes)."""
    if isinstance(x, (list, tuple)):
        for i in x:
            yield from _nodes(i)
    elif dataclasses.is_dataclass(x) and type(x).__module__ == E.__name__:
        yield x
        for f in dataclasses.fields(x):
            if f.name not in ("type", "span"):
                yield from _nodes(getattr(x, f.name))


def test_every_version_lowered_once_in_model_order(laws):
    model, plan = laws
    assert [(v.rule, v.index) for v in plan.versions] == [(r.rule, r.index) for r in model.rules]
    placed = [v for m in plan.members.values() for v in (*m.versions, *m.initial)] + list(plan.checks)
    assert sorted(map(id, placed)) == sorted(map(id, plan.versions))


def test_members_hold_their_versions_in_order(laws):
    model, plan = laws
    for m in plan.members.values():
        assert all(v.target.object_type.lower() == m.object_type.lower() for v in (*m.versions, *m.initial))
        assert all(v.kind is P.RuleKind.INITIAL for v in m.initial)
        assert all(v.kind is not P.RuleKind.INITIAL for v in m.versions)
        order = [plan.versions.index(v) for v in m.versions]
        assert order == sorted(order)
    t = model.object_type("Persoon")
    assert t is not None
    for name in t.kenmerken:
        assert plan.member("Persoon", name).kenmerk


def test_operators_are_enums_and_plan_is_frozen(laws):
    _, plan = laws
    seen = set()
    for v in plan.versions:
        for node in _nodes([v.condition, v.expr, v.check, [b.expr for b in v.variables]]):
            for f in ("op", "mode", "kind", "quantifier", "function", "unit"):
                if hasattr(node, f):
                    assert isinstance(getattr(node, f), Enum), (node, f)
                    seen.add(type(node).__name__)
    assert {"Arith", "Compare", "Round", "Aggregate"} <= seen
    v = plan.versions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.rule = "x"  # type: ignore[misc]


def test_plan_of_lowers_a_model_once(laws):
    model, _ = laws
    assert plan_of(model) is plan_of(model)
    plan = plan_of(model)
    assert plan_of(plan) is plan

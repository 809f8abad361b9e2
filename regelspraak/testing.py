"""Run Testspraak testsets against a model: expected vs computed, with the explanation of each failure."""
from __future__ import annotations

from dataclasses import dataclass

from .codes import Code
from .api import evaluate_all
from .diagnostics import Diagnostics
from .evaluate.findings import FAILED
from .evaluate.interpreter import Evaluation, Fact, Instance, Population, RuleError
from .evaluate.trace import Explainer, show_value
from .model import nodes as M
from .model.typecheck import literal_value
from .source import SourceFile
from .syntax import nodes as S


@dataclass(frozen=True)
class Failure:
    testset: str
    case: str
    message: str
    explanation: str = ""
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class TestReport:
    cases: int
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> int:
        return self.cases - len({(f.testset, f.case) for f in self.failures})


def run_testsets(model: M.Model, sources: dict[str, SourceFile]) -> TestReport:
    """Run every testset in the model; a broken case is a failure, never an exception."""
    failures: list[Failure] = []
    count = 0
    for path, ts in model.testsets:
        inits = {i.name.lower(): i for i in ts.inits}
        for case in ts.cases:
            count += 1
            failures.extend(_run_case(model, sources, path, ts, case, inits))
    return TestReport(count, tuple(failures))


def _run_case(model: M.Model, sources: dict[str, SourceFile], path: str, ts: S.TestSet, case: S.TestCase,
              inits) -> list[Failure]:
    def fail(msg, expl="", line=case.span.line):
        return Failure(ts.name, case.name, msg, expl, path, line)

    rekendatum = case.settings.rekendatum or ts.settings.rekendatum
    if rekendatum is None:
        return [fail("geen Rekendatum in testset of testgeval")]
    pset = case.settings.parameterset or ts.settings.parameterset
    problems: list[str] = []
    givens = _expand(case.givens, inits, problems)
    population = _population(model, givens, problems)
    if problems:
        return [fail(p) for p in problems]
    try:
        ev = Evaluation(model, population, rekendatum, pset)
    except RuleError as e:
        return [fail(e.message)]
    evaluate_all(ev)
    explainer = Explainer(ev, sources)
    out = [fail(f"fout[{f.code}] bij {f.instance}: {f.message}") for f in ev.findings if f.code != Code.R603]
    for exp in case.expectations:
        inst = ev.instances.get(exp.label)
        if inst is None:
            out.append(fail(f"'Verwacht {exp.label}': er is geen object {exp.label} gegeven", line=exp.span.line))
            continue
        t = model.object_type(inst.type)
        if t is None:                           # (_population gives only objects of declared types)
            out.append(fail(f"onbekend objecttype '{inst.type}' bij {exp.label}", line=exp.span.line))
            continue
        for line in exp.lines:
            msg = _check_line(ev, model, t, inst, line)
            if msg:
                name = line.name if isinstance(line, S.GivenLine) else None
                expl = explainer.explain(inst.id, name) if name and name.lower() in _names(t) else ""
                out.append(fail(msg, expl, line.span.line))
    return out


def _names(t: M.ObjectTypeInfo) -> set[str]:
    return set(t.attributes) | set(t.kenmerken)


def _check_line(ev: Evaluation, model: M.Model, t: M.ObjectTypeInfo, inst: Instance, line) -> str | None:
    if isinstance(line, S.RuleExpectation):
        fired = ev.fired.get((inst.id, line.rule.lower()), False)
        known = {r.rule.lower() for r in model.rules}
        if line.rule.lower() not in known:
            return f"onbekende regel '{line.rule}'"
        if line.outcome == "niet gevuurd" and fired:
            return f"regel '{line.rule}' is voor {inst.id} wel gevuurd; verwacht: niet gevuurd"
        if line.outcome == "gevuurd" and not fired:
            return f"regel '{line.rule}' is voor {inst.id} niet gevuurd; verwacht: gevuurd"
        if line.outcome == "inconsistent" and not any(
                f.code == Code.R603 and f.instance == inst.id and any(r.rule.lower() == line.rule.lower() for r in f.rules)
                for f in ev.findings):
            return f"regel '{line.rule}' is voor {inst.id} niet inconsistent; verwacht: inconsistent"
        return None
    key = line.name.lower()
    actual = ev.memo.get((inst.id, key))
    if actual is FAILED:
        cause = ev.failures[(inst.id, key)]
        return f"{line.name} van {inst.id}: niet te berekenen ({cause.cause()})"
    if line.value is None:
        if key not in t.kenmerken:
            return f"'{line.name}' is geen kenmerk van {t.name}"
        want = not line.negated
        if bool(actual) != want:
            return f"{line.name} van {inst.id}: verwacht {'waar' if want else 'onwaar'}, berekend {show_value(bool(actual))}"
        return None
    if key not in t.attributes:
        return f"'{line.name}' is geen attribuut van {t.name}"
    typ = t.attributes[key].type
    d = Diagnostics()
    expected = literal_value(line.value, typ, d, f"verwachting '{line.name}'")
    if d.items:
        return d.items[0].message
    if expected != actual:
        return (f"{line.name} van {inst.id}: verwacht {show_value(expected, typ)}, berekend {show_value(actual, typ)}")
    return None


def _expand(givens, inits, problems, depth=0) -> list:
    out = []
    for g in givens:
        if isinstance(g, S.GivenInit):
            init = inits.get(g.name.lower())
            if init is None or depth > 5:
                problems.append(f"onbekende testinitialisatie '{g.name}'")
                continue
            out.extend(_expand(init.givens, inits, problems, depth + 1))
        else:
            out.append(g)
    return out


def _population(model: M.Model, givens, problems) -> Population:
    instances: dict[str, Instance] = {}
    facts: list[Fact] = []
    for g in givens:
        if isinstance(g, S.GivenObject):
            t = model.object_type(g.object_type)
            if t is None:
                problems.append(f"onbekend objecttype '{g.object_type}' bij {g.label}")
                continue
            values, kenm = {}, {}
            for line in g.lines:
                key = line.name.lower()
                if line.value is None:
                    if key not in t.kenmerken:
                        problems.append(f"{g.label}: '{line.name}' is geen kenmerk van {t.name}")
                    kenm[key] = not line.negated
                elif key not in t.attributes:
                    problems.append(f"{g.label}: '{line.name}' is geen attribuut van {t.name}")
                else:
                    d = Diagnostics()
                    values[key] = literal_value(line.value, t.attributes[key].type, d, f"{g.label}: '{line.name}'")
                    problems.extend(x.message for x in d.items)
            if g.label in instances:
                earlier = instances[g.label]
                values = {**earlier.values, **values}
                kenm = {**earlier.kenmerken, **kenm}
            instances[g.label] = Instance(g.label, t.name, values, kenm)
    for g in givens:
        if isinstance(g, S.GivenFact):
            fact = _fact(model, g, instances, problems)
            if fact:
                facts.append(fact)
    return Population(tuple(instances.values()), tuple(facts))


def _fact(model, g: S.GivenFact, instances, problems) -> Fact | None:
    """`Gegeven A heeft B als ROL`: B plays ROL, A plays the other role of that fact type."""
    for f in model.fact_types.values():
        for r in f.roles:
            if r.name.lower() != g.role.lower():
                continue
            for label in (g.subject, g.other):
                if label not in instances:
                    problems.append(f"feit: object '{label}' is niet gegeven")
                    return None
            other = next((o for o in f.roles if o is not r), r)
            return Fact(f.name, ((other.name, g.subject), (r.name, g.other)))
    problems.append(f"feit: '{g.role}' is geen rol in een feittype")
    return None

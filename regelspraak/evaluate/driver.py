"""The evaluation driver: the meaning of a rule of the language, written once for every scalar evaluator.

In: a Plan, a Population (instances and facts), a rekendatum (and optionally a parameter set). Out: values on
demand (`value`), `findings`, `fired` and, when tracing, a `Step` per value.

The driver decides everything that does not depend on how one expression is computed: which parameter sets
hold, which laws are not in force, which versions apply on the rekendatum and to the subject (its role),
memo and cycle detection (R502), version choice and conflicts (R601), initialisation, kenmerk OR, the
declared sign and decimals of a result (R604), consistency and uniqueness checks (R603), and turning a
RuleError into a finding. A subclass supplies the condition and the value of one version for one subject:
the interpreter walks the plan's expression trees, the compiled runtime calls generated functions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from ..plan import nodes as P
from . import findings as F
from .findings import FAILED, FailedInput, Finding, RuleError
from .trace import Step, Why
from .values import decimals_of


@dataclass(frozen=True, slots=True)
class Instance:
    """One object: id (label), object type, given attribute values and kenmerken (lower-case keys)."""
    id: str
    type: str
    values: dict[str, Any]
    kenmerken: dict[str, bool]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: its fact type and (role, instance id) pairs."""
    fact_type: str
    roles: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Population:
    instances: tuple[Instance, ...]
    facts: tuple[Fact, ...] = ()


class Driver:
    """Evaluates one population at one rekendatum; every value is computed at most once."""

    tracing = True                          # record a Step per value (the interpreter); compiled runs do not

    def __init__(self, plan: P.Plan, population: Population, rekendatum: date, parameterset: str | None = None,
                 setup: Setup | None = None):
        """`setup`: what holds on this rekendatum, when the caller keeps it for more runs on the same date."""
        self.plan, self.rekendatum, self.parameterset = plan, rekendatum, parameterset
        self.instances = {i.id: i for i in population.instances}
        self.facts = population.facts
        if setup is None:
            setup = Setup.on(plan, rekendatum, parameterset)
        self.params, self.laws_not_in_force, self._members = dict(setup.params), setup.not_in_force, setup.members
        self.memo: dict[tuple[str, str], Any] = {}          # a failed value is FAILED
        self.failures: dict[tuple[str, str], Finding] = {}   # per failed value, the finding that caused it
        self.steps: dict[tuple[str, str], Step] = {}
        self.findings: list[Finding] = []
        self.fired: dict[tuple[str, str], bool] = {}
        self.rule: P.Version | None = None      # the version being evaluated (reported by errors raised outside it)
        self.prepare: Callable[[], None] | None = None   # run once before the first value is computed
        self._busy: set[tuple[str, str]] = set()
        self._consistency: list[Finding] | None = None
        self._types = {i.id: i.type.lower() for i in population.instances}
        self._roles = index_facts(population.facts)

    # ---------------------------------------------------------- what a subclass supplies
    def start(self, version: P.Version, subject: str) -> Any:
        """The context in which one version is evaluated for one subject."""
        raise NotImplementedError

    def holds(self, version: P.Version, ctx: Any) -> bool:
        """Whether the version's condition holds."""
        raise NotImplementedError

    def failed(self, version: P.Version, ctx: Any) -> Any:
        """After `holds` said no: the part of the condition that failed (for the trace)."""
        return version.condition

    def compute(self, version: P.Version, ctx: Any) -> Any:
        """The version's value expression."""
        raise NotImplementedError

    def violates(self, version: P.Version, ctx: Any) -> bool:
        """A consistentieregel: its condition holds and its check does not."""
        raise NotImplementedError

    def reads(self, ctx: Any) -> tuple[tuple[str, str, Any], ...]:
        """The values a version read (for the trace): (instance or '' for a parameter, name, value)."""
        return ()

    # ---------------------------------------------------------- which versions apply
    def applies(self, r: P.Version) -> bool:
        return applies(r, self.rekendatum, self.laws_not_in_force)

    def _member(self, key: tuple[str, str]) -> Applicable | None:
        """The member (object type key, member key) with its versions that apply on the rekendatum."""
        found = self._members.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            m = self.plan.members.get(key)
            found = self._members[key] = None if m is None else (
                m, tuple(v for v in m.versions if self.applies(v)), tuple(v for v in m.initial if self.applies(v)))
        return found  # type: ignore[return-value]

    def missing_parameter(self, name: str) -> RuleError:
        """R605 for a parameter without a value on the rekendatum, naming the parameter sets in force then."""
        chosen = self.parameterset.lower() if self.parameterset else None
        held = tuple(s.name for s in self.plan.parameter_sets if s.holds(self.rekendatum)
                     and (chosen is None or s.name.lower() == chosen or s.law not in {
                         t.law for t in self.plan.parameter_sets if t.name.lower() == chosen}))
        return F.missing_parameter(name, self.rekendatum, held)

    def play(self, inst: str, fact_type: str, role: str) -> bool:
        return bool(self._roles.get((inst, fact_type.lower(), "#" + role.lower())))

    # ---------------------------------------------------------- values
    def value(self, inst: str, name: str) -> Any:
        """The value of an attribute or kenmerk of an instance, computing it (and its inputs) when needed.
        Raises FailedInput when it failed (its own finding, or an input that failed): a reader fails too."""
        key = (inst, name.lower())
        memo = self.memo
        if key in memo:
            found = memo[key]
            if found is FAILED:
                raise FailedInput(self.failures[key])
            return found
        if self.prepare is not None:
            self.ready()
            if key in memo:
                return self.value(inst, name)
        if key in self._busy:
            raise F.cycle(name, inst)
        self._busy.add(key)
        outer = self.rule
        try:
            result = self._compute(inst, key[1], name)
        except FailedInput as e:
            self._failed(key, name, e.cause, e.message)
            raise
        except RuleError as e:
            finding = Finding(e.code, inst, name, e.message, e.rules)
            self.findings.append(finding)
            self._failed(key, name, finding, e.message)
            raise FailedInput(finding) from None
        finally:
            self._busy.discard(key)
            self.rule = outer
        memo[key] = result
        return result

    def result(self, inst: str, name: str) -> Any:
        """As `value`, but a failed value is returned as FAILED (for outputs; `failures` says why)."""
        try:
            return self.value(inst, name)
        except FailedInput:
            return FAILED

    def _failed(self, key: tuple[str, str], name: str, cause: Finding, message: str) -> None:
        self.memo[key] = FAILED
        self.failures[key] = cause
        if self.tracing:
            self.steps[key] = Step(key[0], name, FAILED, None, (), (), error=message)

    def ready(self) -> None:
        """Run `prepare` (once), if there is one."""
        prepare, self.prepare = self.prepare, None
        if prepare is not None:
            prepare()

    def _compute(self, inst_id: str, key: str, name: str) -> Any:
        inst = self.instances[inst_id]
        found = self._member((self._types[inst_id], key))
        if found is None:                           # not declared: only what was given
            given = inst.values.get(key)
            if self.tracing:
                self.steps[(inst_id, key)] = Step(inst_id, name, given, None, (), (), given=given is not None)
            return given
        member, versions, initial = found
        given = inst.kenmerken.get(key) if member.kenmerk else inst.values.get(key)
        tracing = self.tracing
        value: Any
        if not versions and not initial:            # an input: no version applies on this date
            value = bool(given) if member.kenmerk else given
            if tracing:
                self.steps[(inst_id, key)] = Step(inst_id, name, value, None, (), (), given=given is not None)
            return value
        fired: list[tuple[P.Version, Any, Any]] = []
        why_not: list[Why] = []
        for r in versions:
            if r.subject_role is not None and not self.play(inst_id, *r.subject_role):
                continue
            ctx = self.start(r, inst_id)
            if not self.holds(r, ctx):
                if tracing:
                    why_not.append(Why(r, self.failed(r, ctx), self.reads(ctx)))
                continue
            result = True if r.kind is P.RuleKind.KENMERK else self._checked(r, member.type, self.compute(r, ctx))
            self.fired[(inst_id, r.key)] = True
            fired.append((r, result, ctx))
        if member.kenmerk:
            value = bool(fired) or bool(given)
        elif len(fired) > 1:
            raise F.conflict(fired[0][0], fired[1][0], name, inst_id)
        elif fired:
            value = fired[0][1]
        else:
            value = given
            if value is None:
                for r in initial:
                    if r.subject_role is not None and not self.play(inst_id, *r.subject_role):
                        continue
                    ctx = self.start(r, inst_id)
                    if self.holds(r, ctx):
                        value = self._checked(r, member.type, self.compute(r, ctx))
                        fired.append((r, value, ctx))
                        break
                    if tracing:
                        why_not.append(Why(r, self.failed(r, ctx), self.reads(ctx)))
        if tracing:
            source = fired[0] if fired else None
            self.steps[(inst_id, key)] = Step(
                inst_id, name, value, source[0] if source else None, self.reads(source[2]) if source else (),
                tuple(why_not), given=(given is not None and not fired), other_rules=tuple(f[0] for f in fired[1:]))
        return value

    def _checked(self, r: P.Version, t: P.Type, v: Any) -> Any:
        """A version's result against the declared sign and decimals of its target (R604)."""
        if t.sign is not None and P.sign_violation(v, t.sign):
            raise F.sign_violated(r, r.target.name, v, t.sign)
        if t.decimals is not None and type(v) is Fraction and v.denominator != 1 and t.kind in NUMERIC:
            exact = decimals_of(v)
            if exact is None or exact > t.decimals:
                raise F.too_many_decimals(r, r.target.name, v, t.decimals)
        return v

    # ---------------------------------------------------------- checks
    def check_consistency(self) -> list[Finding]:
        """Every consistentie- and uniciteitsregel for every instance it applies to, in model order; the
        inconsistencies become findings (R603). A second call adds nothing."""
        if self._consistency is not None:
            return self._consistency
        out: list[Finding] = []
        for r in self.plan.checks:
            if not self.applies(r):
                continue
            if r.kind is P.RuleKind.UNIQUE:
                out.extend(self._uniqueness(r))
                continue
            for inst in self._subjects(r):
                try:
                    if self.violates(r, self.start(r, inst.id)):
                        out.append(F.inconsistent(r, inst.id))
                        self.fired[(inst.id, r.key)] = True
                except FailedInput:
                    continue                    # an input failed: its finding says so, the check cannot say more
                except RuleError as e:
                    out.append(Finding(e.code, inst.id, None, e.message, (r,)))
        self.findings.extend(out)
        self._consistency = out
        return out

    def _uniqueness(self, r: P.Version) -> list[Finding]:
        """Every instance that shares a filled value with another is inconsistent."""
        attribute = r.unique or ""
        seen: dict[Any, list[str]] = {}
        for inst in self._subjects(r):
            v = self.result(inst.id, attribute)
            if v is not None and v is not FAILED:
                seen.setdefault(v, []).append(inst.id)
        out = []
        for ids in seen.values():
            if len(ids) > 1:
                for i in ids:
                    out.append(F.not_unique(r, attribute, i, ids))
                    self.fired[(i, r.key)] = True
        return out

    def _subjects(self, r: P.Version) -> Iterator[Instance]:
        for inst in self.instances.values():
            if inst.type.lower() == r.subject_type.lower() and (
                    r.subject_role is None or self.play(inst.id, *r.subject_role)):
                yield inst


# ------------------------------------------------------------------ setup shared by every evaluator

Applicable = tuple[P.Member, tuple[P.Version, ...], tuple[P.Version, ...]]
_UNKNOWN: Any = object()


@dataclass(frozen=True, slots=True)
class Setup:
    """What holds on one rekendatum (and parameter set): the parameters, the laws not in force, and per member
    the versions that apply (filled on first demand; shared by the runs that share the setup)."""
    params: dict[str, Any]
    not_in_force: frozenset[str]
    members: dict[tuple[str, str], Applicable | None]

    @staticmethod
    def on(plan: P.Plan, rekendatum: date, parameterset: str | None = None) -> Setup:
        return Setup(select_parameters(plan.parameter_sets, rekendatum, parameterset),
                     laws_not_in_force(plan.parameter_sets, rekendatum), {})


NUMERIC = ("number", "percentage")


def applies(r: P.Version, on: date, not_in_force: frozenset[str]) -> bool:
    """A version counts on the date: valid then, and not a version that reads parameters of a law without a
    parameter set on that date (those are not applied, instead of failing on every instance)."""
    return r.holds(on) and not (r.law in not_in_force and bool(r.parameters))


def select_parameters(parameter_sets: Iterable[P.ParameterSetInfo], rekendatum: date,
                      name: str | None = None) -> dict[str, Any]:
    """Parameter values on the rekendatum: every set that holds (or the named one, which must hold, plus the
    sets of the other laws); lower-case names. Raises RuleError R605 for an unknown or non-holding name."""
    all_sets = tuple(parameter_sets)
    sets = [s for s in all_sets if s.holds(rekendatum)]
    if name is not None:
        chosen = [s for s in all_sets if s.name.lower() == name.lower()]
        if not chosen:
            raise F.unknown_parameter_set(name)
        if not chosen[0].holds(rekendatum):
            raise F.parameter_set_not_in_force(name, rekendatum)
        sets = chosen + [s for s in sets if s.law != chosen[0].law]
    values: dict[str, Any] = {}
    for s in sets:
        for k, v in s.values.items():
            values.setdefault(k, v)
    return values


def laws_not_in_force(parameter_sets: Iterable[P.ParameterSetInfo], rekendatum: date) -> frozenset[str]:
    """Laws that have parameter sets but none for the rekendatum: their rules that use parameters are not
    applied (instead of failing on every instance for a missing parameter); the others still are."""
    sets = tuple(parameter_sets)
    with_sets = {s.law for s in sets if s.law}
    in_force = {s.law for s in sets if s.law and s.holds(rekendatum)}
    return frozenset(with_sets - in_force)


def index_facts(facts: Iterable[Fact]) -> dict[tuple[str, str, str], list[str]]:
    """(instance, fact type, target role) → instances reachable; role membership under '#role'."""
    idx: dict[tuple[str, str, str], list[str]] = {}
    for f in facts:
        ft = f.fact_type.lower()
        for i, (role, who) in enumerate(f.roles):
            idx.setdefault((who, ft, "#" + role.lower()), []).append(who)
            for j, (other_role, other) in enumerate(f.roles):
                if i != j:
                    idx.setdefault((who, ft, other_role.lower()), []).append(other)
    return idx

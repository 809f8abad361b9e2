"""The exact interpreter: the reference semantics. Demand-driven, memoised, lazy, with a trace per value.

In: a Model, a Population (instances and facts), a rekendatum. Out: values, traces and findings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from ..model import nodes as M
from . import values as V
from .trace import Step, Why


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


class RuleError(Exception):
    """A rule could not be applied to one instance (conflict, division by zero, missing parameter…)."""

    def __init__(self, code: str, message: str, rules: tuple[M.RuleVersion, ...] = ()):
        super().__init__(message)
        self.code, self.message, self.rules = code, message, rules


@dataclass
class Finding:
    """A problem for one instance: the run goes on for the others."""
    code: str
    instance: str
    attribute: str | None
    message: str
    rules: tuple[M.RuleVersion, ...] = ()


class _Ctx:
    __slots__ = ("run", "subject", "version", "vars", "reads")

    def __init__(self, run: "Evaluation", subject: str, version: M.RuleVersion | None):
        self.run, self.subject, self.version = run, subject, version
        self.vars: dict[str, Any] = {}
        self.reads: list[tuple[str, str, Any]] = []


class Evaluation:
    """Evaluates one population at one rekendatum; every value is computed at most once."""

    def __init__(self, model: M.Model, population: Population, rekendatum: date, parameterset: str | None = None):
        self.model, self.rekendatum = model, rekendatum
        self.instances = {i.id: i for i in population.instances}
        self.facts = population.facts
        self.params = select_parameters(self.model.parameter_sets, rekendatum, parameterset)
        self.laws_not_in_force = laws_not_in_force(self.model.parameter_sets, rekendatum)
        self.memo: dict[tuple[str, str], Any] = {}
        self.steps: dict[tuple[str, str], Step] = {}
        self.findings: list[Finding] = []
        self.fired: dict[tuple[str, str], bool] = {}
        self._busy: set[tuple[str, str]] = set()
        self._consistency: list[Finding] | None = None
        self._by_target: dict[tuple[str, str], list[M.RuleVersion]] = {}
        for r in model.rules:
            if r.holds(rekendatum) and not self.skipped(r):
                self._by_target.setdefault((r.target.object_type.lower(), r.target.name.lower()), []).append(r)
        self._roles = index_facts(population.facts)

    # ---------------------------------------------------------- setup
    def skipped(self, r: M.RuleVersion) -> bool:
        """A rule version that needs a parameter of a law without parameter set on the rekendatum."""
        return r.law in self.laws_not_in_force and bool(r.parameters)

    # ---------------------------------------------------------- public
    def value(self, inst: str, name: str) -> Any:
        """The value of an attribute or kenmerk of an instance, computing it (and its inputs) when needed."""
        key = (inst, name.lower())
        if key in self.memo:
            return self.memo[key]
        if key in self._busy:
            raise RuleError("R502", f"kringverwijzing: '{name}' van {inst} hangt van zichzelf af")
        self._busy.add(key)
        try:
            result = self._compute(inst, name)
        except RuleError as e:
            self.findings.append(Finding(e.code, inst, name, e.message, e.rules))
            result = False if self._is_kenmerk(inst, name) else None
            self.steps[key] = Step(inst, name, None, None, (), (), error=e.message)
        finally:
            self._busy.discard(key)
        self.memo[key] = result
        return result

    def _is_kenmerk(self, inst: str, name: str) -> bool:
        t = self.model.object_type(self.instances[inst].type)
        return t is not None and name.lower() in t.kenmerken

    def play(self, inst: str, fact_type: str, role: str) -> bool:
        return bool(self._roles.get((inst, fact_type.lower(), "#" + role.lower())))

    def check_consistency(self) -> list[Finding]:
        """Evaluate every consistentieregel for every instance it applies to; inconsistencies as findings."""
        if self._consistency is not None:          # idempotent: a second call adds no findings
            return self._consistency
        out = []
        for r in self.model.rules:
            if self.skipped(r):
                continue
            if r.kind == "uniek" and r.holds(self.rekendatum):
                out.extend(self._uniqueness(r))
            if r.kind != "consistentie" or not r.holds(self.rekendatum):
                continue
            for inst in self._subjects(r):
                ctx = _Ctx(self, inst.id, r)
                try:
                    if (r.condition is None or self.cond(r.condition, ctx)) and not self.cond(r.check, ctx):
                        out.append(Finding("R603", inst.id, None, f"regel '{r.label()}' is inconsistent voor {inst.id}",
                                           (r,)))
                        self.fired[(inst.id, r.rule.lower())] = True
                except RuleError as e:
                    out.append(Finding(e.code, inst.id, None, e.message, (r,)))
        self.findings.extend(out)
        self._consistency = out
        return out

    def _uniqueness(self, r: M.RuleVersion) -> list[Finding]:
        """`De X van alle T moeten uniek zijn`: every instance sharing a filled value with another is inconsistent."""
        seen: dict[Any, list[str]] = {}
        for inst in self._subjects(r):
            v = self.value(inst.id, r.expr.name)
            if v is not None:
                seen.setdefault(v, []).append(inst.id)
        out = []
        for v, ids in seen.items():
            if len(ids) > 1:
                for i in ids:
                    out.append(Finding("R603", i, r.expr.name, f"regel '{r.label()}' is inconsistent: '{r.expr.name}' "
                                                               f"van {', '.join(ids)} is gelijk", (r,)))
                    self.fired[(i, r.rule.lower())] = True
        return out

    def _subjects(self, r: M.RuleVersion):
        for inst in self.instances.values():
            if inst.type.lower() == r.subject_type.lower() and (
                    r.subject_role is None or self.play(inst.id, *r.subject_role)):
                yield inst

    # ---------------------------------------------------------- computing one value
    def _compute(self, inst_id: str, name: str) -> Any:
        inst = self.instances[inst_id]
        key = name.lower()
        otype = self.model.object_type(inst.type)
        is_kenmerk = otype is not None and key in otype.kenmerken
        versions = [r for r in self._by_target.get((inst.type.lower(), key), ())
                    if r.subject_role is None or self.play(inst_id, *r.subject_role)]
        given = inst.kenmerken.get(key) if is_kenmerk else inst.values.get(key)
        fired: list[tuple[M.RuleVersion, Any, _Ctx]] = []
        why_not: list[Why] = []
        for r in versions:
            if r.kind == "geïnitialiseerd":
                continue
            ctx = _Ctx(self, inst_id, r)
            ok, failed = self._condition_holds(r, ctx)
            if not ok:
                why_not.append(Why(r, failed, tuple(ctx.reads)))
                continue
            result = True if r.kind == "kenmerk" else self._eval_value(r, ctx)
            self.fired[(inst_id, r.rule.lower())] = True
            fired.append((r, result, ctx))
        if is_kenmerk:
            value = bool(fired) or bool(given)
        elif len(fired) > 1:
            a, b = fired[0][0], fired[1][0]
            raise RuleError("R601", f"conflict: regels '{a.label()}' ({_arts(a)}) en '{b.label()}' ({_arts(b)}) "
                                    f"stellen allebei '{name}' van {inst_id} vast", (a, b))
        elif fired:
            value = fired[0][1]
        else:
            value = given
            if value is None:
                for r in versions:
                    if r.kind != "geïnitialiseerd":
                        continue
                    ctx = _Ctx(self, inst_id, r)
                    ok, failed = self._condition_holds(r, ctx)
                    if ok:
                        value = self._eval_value(r, ctx)
                        fired.append((r, value, ctx))
                        break
                    why_not.append(Why(r, failed, tuple(ctx.reads)))
        source = fired[0] if fired else None
        self.steps[(inst_id, key)] = Step(
            inst_id, name, value, source[0] if source else None,
            tuple(source[2].reads) if source else (), tuple(why_not),
            given=(given is not None and not fired), other_rules=tuple(f[0] for f in fired[1:]))
        return value

    def _condition_holds(self, r: M.RuleVersion, ctx: _Ctx):
        if r.condition is None:
            return True, None
        failed: list = []
        ok = self.cond(r.condition, ctx, failed)
        return ok, (failed[0] if failed else r.condition)

    def _eval_value(self, r: M.RuleVersion, ctx: _Ctx) -> Any:
        v = self.expr(r.expr, ctx)
        t = r.target.type
        if M.sign_violation(v, t.sign):
            raise RuleError("R604", f"'{r.target.name}' krijgt {V.format_number(v)}, maar is gedeclareerd als "
                                    f"{t.sign}", (r,))
        if isinstance(v, Fraction) and t.kind in ("number", "percentage") and t.decimals is not None:
            if V.decimals_of(v) is None or V.decimals_of(v) > t.decimals:
                raise RuleError("R604", f"'{r.target.name}' krijgt {V.format_number(v)}, meer decimalen dan de "
                                        f"{t.decimals} die gedeclareerd zijn", (r,))
        return v

    # ---------------------------------------------------------- expressions
    def expr(self, e: M.Expr, ctx: _Ctx) -> Any:
        k = type(e)
        if k is M.Const:
            return e.value
        if k is M.Attr:
            base = self.expr(e.base, ctx)
            if base is None:
                return None
            if isinstance(base, list):
                return [self._read(b, e.name, ctx) for b in base]
            return self._read(base, e.name, ctx)
        if k is M.Param:
            if e.name.lower() not in self.params:
                raise RuleError("R605", f"parameter '{e.name}' heeft geen waarde op "
                                        f"{self.rekendatum.strftime('%d-%m-%Y')}: geen parameterset geldt dan")
            v = self.params[e.name.lower()]
            ctx.reads.append(("", e.name, v))
            return v
        if k is M.Var:
            key = e.name.lower()
            if key not in ctx.vars:
                expr = next(x for n, x in ctx.version.variables if n.lower() == key)
                ctx.vars[key] = self.expr(expr, ctx)
            return ctx.vars[key]
        if k is M.Subject:
            return ctx.subject
        if k is M.Arith:
            a, b = self.expr(e.left, ctx), self.expr(e.right, ctx)
            try:
                return _ARITH[e.op](a, b)
            except V.EvaluationError as err:
                raise RuleError("R602", f"{err.message} in regel '{ctx.version.label()}'", (ctx.version,)) from None
        if k is M.Convert:
            v = self.expr(e.operand, ctx)
            return None if v is None else v * e.factor
        if k is M.DateShift:
            d, n = self.expr(e.operand, ctx), self.expr(e.amount, ctx)
            return self._guard(V.add_duration, ctx, d, None if n is None else n * e.sign, e.unit)
        if k is M.PercentOf:
            return V.percent_of(self.expr(e.percent, ctx), self.expr(e.operand, ctx))
        if k is M.Round:
            return V.round_to(self.expr(e.operand, ctx), e.decimals, e.mode)
        if k is M.Bound:
            lo = self.expr(e.minimum, ctx) if e.minimum is not None else None
            hi = self.expr(e.maximum, ctx) if e.maximum is not None else None
            return self._guard(V.bounded, ctx, self.expr(e.operand, ctx), lo, hi)
        if k is M.RoleNav:
            return self._navigate(self.expr(e.base, ctx), e, ctx)
        if k is M.Filter:
            base = self.expr(e.base, ctx) or []
            return [i for i in base if self.cond(e.test, _Ctx(self, i, ctx.version))]
        if k is M.Aggregate:
            return self._aggregate(e, ctx)
        if k is M.Call:
            args = [self.expr(a, ctx) for a in e.args]
            if e.function == "duration":
                return V.duration_between(args[0], args[1], e.option)
            if e.function == "date_part":
                return V.date_part(args[0], e.option)
            if e.function == "make_date":
                return self._guard(V.make_date, ctx, *args)
            return V.absolute(args[0])
        if k is M.Rekendatum:
            return self.rekendatum
        if k is M.Rekenjaar:
            return Fraction(self.rekendatum.year)
        raise RuleError("R602", f"onbekende uitdrukking {k.__name__}")

    def _guard(self, fn, ctx, *args):
        try:
            return fn(*args)
        except V.EvaluationError as err:
            raise RuleError("R602", f"{err.message} in regel '{ctx.version.label()}'", (ctx.version,)) from None

    def _read(self, inst: str, name: str, ctx: _Ctx) -> Any:
        v = self.value(inst, name)
        ctx.reads.append((inst, name, v))
        return v

    def _navigate(self, base, e: M.RoleNav, ctx: _Ctx):
        if base is None:
            return [] if e.type.kind == "collection" else None
        bases = base if isinstance(base, list) else [base]
        found: list[str] = []
        for b in bases:
            found.extend(self._roles.get((b, e.fact_type.lower(), e.role.lower()), ()))
        if e.type.kind == "collection":
            return found
        if len(found) > 1:
            raise RuleError("R606", f"{base} heeft meer dan één {e.role} ({', '.join(found)}), terwijl het feittype "
                                    f"'{e.fact_type}' er één toestaat", (ctx.version,))
        return found[0] if found else None

    def _aggregate(self, e: M.Aggregate, ctx: _Ctx):
        if len(e.items) == 1 and e.items[0].type.kind in ("list", "collection", "object"):
            vals = self.expr(e.items[0], ctx)
            vals = [] if vals is None else vals if isinstance(vals, list) else [vals]
        else:
            vals = [self.expr(i, ctx) for i in e.items]
        if e.kind == "aantal":
            return Fraction(len([v for v in vals]))
        if e.kind == "som":
            return V.agg_sum(vals, e.zero_default)
        fn = {"maximale waarde": V.agg_max, "minimale waarde": V.agg_min, "eerste": V.agg_first,
              "laatste": V.agg_last}[e.kind]
        return fn(vals)

    # ---------------------------------------------------------- conditions
    def cond(self, c: M.Condition, ctx: _Ctx, failed: list | None = None) -> bool:
        """Evaluate a condition; when it fails, append the innermost failing part to `failed`."""
        k = type(c)
        if k is M.Quantified:
            return self._quantified(c, ctx, failed)
        if k is M.Compare:
            result = self._guard(V.compare, ctx, c.op, self.expr(c.left, ctx), self.expr(c.right, ctx))
        elif k is M.IsEmpty:
            v = self.expr(c.operand, ctx)
            empty = v is None or v == []
            result = (not empty) if c.filled else empty
        elif k is M.HasKenmerk:
            base = self.expr(c.base, ctx)
            result = False if base is None else (self._read(base, c.name, ctx) is True) != c.negated
        elif k is M.HasRole:
            base = self.expr(c.base, ctx)
            result = False if base is None else self.play(base, c.fact_type, c.role) != c.negated
        elif k is M.Elfproef:
            result = _elfproef(self.expr(c.operand, ctx))
        else:
            result = False
        if not result and failed is not None:
            failed.append(c)
        return result

    def _quantified(self, c: M.Quantified, ctx: _Ctx, failed: list | None) -> bool:
        inner: list = []
        true = 0
        for item in c.items:
            ok = self.cond(item, ctx, inner)
            true += ok
            if c.quantifier == "alle" and not ok:
                if failed is not None:
                    failed.append(inner[-1] if inner else item)
                return False
            if c.quantifier == "geen" and ok:
                if failed is not None:
                    failed.append(c)
                return False
            if c.quantifier == "ten minste" and true >= (c.count or 0):
                return True
            if c.quantifier == "ten hoogste" and true > (c.count or 0):
                break
        result = {"alle": True, "geen": True, "ten minste": true >= (c.count or 0),
                  "ten hoogste": true <= (c.count or 0), "precies": true == c.count}[c.quantifier]
        if not result and failed is not None:
            failed.append(c)
        return result


def select_parameters(parameter_sets, rekendatum: date, name: str | None = None) -> dict[str, Any]:
    """Parameter values on the rekendatum: every set that holds (or the named one, which must hold, plus the
    sets of the other laws); lower-case names. Raises RuleError R605 for an unknown or non-holding name."""
    sets = [s for s in parameter_sets if s.holds(rekendatum)]
    if name is not None:
        chosen = [s for s in parameter_sets if s.name.lower() == name.lower()]
        if not chosen:
            raise RuleError("R605", f"parameterset '{name}' bestaat niet")
        if not chosen[0].holds(rekendatum):
            raise RuleError("R605", f"parameterset '{name}' geldt niet op de rekendatum "
                                    f"{rekendatum.strftime('%d-%m-%Y')}")
        sets = chosen + [s for s in sets if s.law != chosen[0].law]
    values: dict[str, Any] = {}
    for s in sets:
        for k, v in s.values.items():
            values.setdefault(k, v)
    return values


def laws_not_in_force(parameter_sets, rekendatum: date) -> frozenset[str]:
    """Laws that have parameter sets but none for the rekendatum: their rules that use parameters are not
    applied (instead of failing on every instance for a missing parameter); the others still are."""
    with_sets = {s.law for s in parameter_sets if s.law}
    in_force = {s.law for s in parameter_sets if s.law and s.holds(rekendatum)}
    return frozenset(with_sets - in_force)


def index_facts(facts) -> dict[tuple[str, str, str], list[str]]:
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


def _arts(r: M.RuleVersion) -> str:
    return ", ".join(a.show() for a in r.articles if a.article) or "geen artikel"


def _elfproef(v) -> bool:
    if v is None:
        return False
    digits = [int(ch) for ch in str(v if not isinstance(v, Fraction) else v.numerator) if ch.isdigit()]
    if len(digits) not in (8, 9):
        return False
    digits = [0] * (9 - len(digits)) + digits
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1))) - digits[-1]
    return total % 11 == 0


_ARITH = {
    "plus": V.add, "min": V.sub, "verminderd met": V.reduced_by, "maal": V.mul, "gedeeld door": V.div,
    "gedeeld door (ABS)": V.div_abs,
}

"""The runtime of Python modules compiled from RegelSpraak (see regelspraak.backends.python).

Generated code calls into this module only: `Program` holds what a compiled module knows about its model
(laws, object and fact types, parameter sets, rule versions, one function per attribute or kenmerk), and
`Run` evaluates one population at one rekendatum with exactly the semantics of `interpreter.Evaluation`:
on demand, memoised, the same findings (`Finding`, codes R502/R601/R602/R603/R604/R605/R606 with the same
Dutch messages), the same `fired` dict, parameters and laws not in force chosen the same way. A `Run` has
the surface of an `Evaluation` (`.model`, `.memo`, `.value()`, `.findings`, `.fired`, `.instances`,
`.check_consistency()`), so `api.result_json`, `api.evaluate_all` and the testset runner accept it.
It records no traces (`.steps` stays empty): explanations come from the interpreter.

A compiled module may also have a *case function* (backends/fast.py): every value of a whole population
straight through in dependency order, numbers as scaled integers. A Run tries it on first use; it raises
`Fallback` wherever the interpreter would report a finding (or the input is not what it expects), and the
Run then forgets what it wrote and computes the case with the functions above, so results never differ.

Value functions (`add`, `compare`, `round_to`, …) are re-exported from `values.py` unchanged; the integer
helpers of case functions (`round_half`, `shift`, `number`, …) from `backends/fixed.py`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

from regelspraak.evaluate.interpreter import (
    Fact,
    Finding,
    Instance,
    Population,
    RuleError,
    index_facts,
    laws_not_in_force,
    select_parameters,
)
from regelspraak.evaluate.interpreter import elfproef
from regelspraak.evaluate.values import (
    EvaluationError,
    absolute,
    add,
    add_duration,
    agg_first,
    agg_last,
    agg_max,
    agg_min,
    agg_sum,
    bounded,
    compare,
    date_part,
    decimals_of,
    div,
    div_abs,
    duration_between,
    format_number,
    make_date,
    mul,
    percent_of,
    reduced_by,
    round_to,
    sub,
)
from regelspraak.model import nodes as M
from regelspraak.model.units import Unit
from regelspraak.source import Span

from .fixed_point import (
    Fallback,
    count_items,
    divide,
    fit,
    fit_fraction,
    fr,
    fraction,
    given_date,
    lacks,
    listed,
    make_day,
    navigate,
    negative,
    not_negative,
    number,
    one,
    plays,
    positive,
    quotient,
    rational,
    reduced,
    round_away,
    round_down,
    round_fraction,
    round_half,
    round_toward_zero,
    round_up,
    scaled,
    shift,
    total,
    whole,
    whole_units,
)

__all__ = [  # noqa: RUF022  (grouped: the interpreter's surface, then the case-function helpers)
    "Article", "Fact", "Finding", "Instance", "Population", "Program", "Rule", "RuleError", "Run", "absolute",
    "add", "agg_first", "agg_last", "agg_max", "agg_min", "agg_sum", "at_least", "at_most", "attribute", "bounded",
    "compare", "count", "date_minus", "date_part", "date_plus", "div", "div_abs", "duration_between", "elfproef",
    "exactly", "fact_type", "is_empty", "is_filled", "items", "law", "make_date", "mul", "object_type", "once",
    "parameter_set", "percent_of", "reduced_by", "round_to", "scale", "sub",
    # case functions (backends/fast.py), helpers from backends/fixed.py
    "Fallback", "count_items", "divide", "fit", "fit_fraction", "fr", "fraction", "given_date", "lacks", "listed",
    "make_day", "navigate", "negative", "not_negative", "number", "one", "plays", "positive", "quotient",
    "rational", "reduced", "round_away", "round_down", "round_fraction", "round_half", "round_toward_zero",
    "round_up", "scaled", "shift", "total", "whole", "whole_units",
]

Article = M.ArticleRef


# ------------------------------------------------------------------ small value helpers (used by generated code)

def once(fn: Callable[[], Any]) -> Callable[[], Any]:
    """A `Daarbij geldt` variable: evaluated on first use, then remembered (like the interpreter's ctx.vars)."""
    cell: list = []

    def get():
        if not cell:
            cell.append(fn())
        return cell[0]
    return get


def is_empty(v: Any) -> bool:
    return v is None or v == []


def is_filled(v: Any) -> bool:
    return not is_empty(v)


def scale(v: Fraction | None, factor: Fraction) -> Fraction | None:
    """A unit conversion put in by the type checker; leeg stays leeg."""
    return None if v is None else v * factor


def date_plus(d: date | None, amount: Fraction | None, unit: str) -> date | None:
    """`d plus amount unit` (dg, wk, mnd, kw, jr)."""
    return add_duration(d, amount, unit)


def date_minus(d: date | None, amount: Fraction | None, unit: str) -> date | None:
    """`d min amount unit`."""
    return add_duration(d, None if amount is None else -amount, unit)


def items(v: Any) -> list:
    """The values an aggregation runs over: leeg → none, one value → a list of one."""
    return [] if v is None else v if isinstance(v, list) else [v]


def count(values: list) -> Fraction:
    return Fraction(len(values))


def at_least(n: int | None, *conditions: Callable[[], bool]) -> bool:
    """`ten minste n van de volgende voorwaarden`: stops as soon as n hold."""
    true = 0
    for c in conditions:
        true += c()
        if true >= (n or 0):
            return True
    return true >= (n or 0)


def at_most(n: int | None, *conditions: Callable[[], bool]) -> bool:
    """`ten hoogste n`: stops as soon as more than n hold."""
    true = 0
    for c in conditions:
        true += c()
        if true > (n or 0):
            return False
    return True


def exactly(n: int | None, *results: bool) -> bool:
    """`precies n`: every condition is evaluated."""
    return sum(results) == n


# ------------------------------------------------------------------ what a compiled module declares

class Rule:
    """One rule version as compiled code sees it: its label, validity, articles and target (for findings)."""
    __slots__ = (
        "articles",
        "attribute",
        "closed_from",
        "end",
        "group",
        "index",
        "key",
        "kind",
        "law",
        "params",
        "rule",
        "span",
        "start",
        "subject_role",
        "subject_type",
        "target",
    )

    def __init__(self, rule: str, index: int, *, law: str | None, kind: str, subject: str, target: tuple[str, str],
                 role: tuple[str, str] | None = None, attribute: str | None = None, start: date | None = None,
                 end: date | None = None, closed_from: date | None = None, articles: tuple = (),
                 group: str | None = None, source: tuple[str, int] = ("", 0), params: bool = False):
        self.rule, self.index, self.law, self.kind = rule, index, law, kind
        self.subject_type, self.subject_role, self.attribute = subject, role, attribute
        target_kind = {"kenmerk": "kenmerk", "consistentie": "check", "uniek": "check"}.get(kind, "attribute")
        self.target = M.Target(target_kind, *target)
        self.start, self.end, self.closed_from, self.articles, self.group = start, end, closed_from, articles, group
        self.span = Span(source[0], source[1], 1, source[1], 1)
        self.key = rule.lower()
        self.params = params                     # reads a parameter (RuleVersion.parameters)

    def holds(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def label(self) -> str:
        return self.rule if self.index == 0 else f"{self.rule} (versie {self.index + 1})"

    def __repr__(self) -> str:
        return f"Rule({self.label()!r})"


def law(name: str, abbreviation: str, bwb_id: str, folder: str) -> M.LawInfo:
    return M.LawInfo(name, abbreviation, bwb_id, folder)


def attribute(name: str, kind: str, *, decimals: int | None = None, unit: tuple = (), domain: str | None = None,
              integer: bool = False, sign: str | None = None, provenance: str | None = None) -> tuple:
    return name, M.Type(kind, decimals, Unit(unit), domain, integer, sign), provenance


def object_type(name: str, plural: str | None, animate: bool, attributes: tuple, kenmerken: tuple) -> M.ObjectTypeInfo:
    attrs = {a.lower(): M.AttributeInfo(name, a, t, prov) for a, t, prov in attributes}
    kenm = {k.lower(): M.KenmerkInfo(name, k, kind, None) for k, kind in kenmerken}
    return M.ObjectTypeInfo(name, plural, animate, attrs, kenm)


def fact_type(name: str, reciprocal: bool, roles: tuple) -> M.FactTypeInfo:
    return M.FactTypeInfo(name, reciprocal, tuple(M.RoleInfo(name, r, pl, ot, many) for r, pl, ot, many in roles))


def parameter_set(name: str, law: str | None, start: date | None, end: date | None, values: dict) -> M.ParameterSetInfo:
    return M.ParameterSetInfo(name, start, end, values, (), law)


class Program:
    """Everything a compiled module knows; `.model` is a Model rebuilt from it (no expressions, no traces).

    `case` is the module's case function (None when the model has a construct it does not translate);
    `case_parameters` lists, in the order it takes them, (name, 10**decimals or None, whether the case function
    accepts leeg, the rules that read it)."""

    def __init__(self, *, laws, object_types, fact_types, parameter_sets, rules, functions, checks, case=None,
                 case_parameters=()):
        self.rules, self.functions, self.checks = rules, functions, checks
        self.case, self.case_parameters = case, case_parameters
        self.role_types = {(f.name.lower(), r.name.lower()): r.object_type.lower() for f in fact_types for r in f.roles}
        self.model = M.Model(laws=laws, object_types={t.name.lower(): t for t in object_types},
                             fact_types={f.name.lower(): f for f in fact_types}, parameters={},
                             parameter_sets=parameter_sets, rules=rules, enums={}, testsets=(), properties=())
        self.setups: dict[tuple, tuple] = {}         # (rekendatum, parameterset) → parameters, laws, active rules
        self.members: dict[str, tuple[str, ...] | None] = {}

    def member_names(self, model: M.Model, type_name: str) -> tuple[str, ...] | None:
        """Attribute and kenmerk names of a type in declaration order (as api.evaluate_all visits them)."""
        key = type_name.lower()
        if model is self.model and key in self.members:
            return self.members[key]
        t = model.object_type(type_name)
        seen: set[str] = set()
        names = None if t is None else tuple(
            info.name for info in [*t.attributes.values(), *t.kenmerken.values()]
            if not (info.name.lower() in seen or seen.add(info.name.lower())))
        if model is self.model:
            self.members[key] = names
        return names

    def evaluation(self, population: Population, rekendatum: date, parameterset: str | None = None,
                   model: M.Model | None = None, fast: bool = True) -> Run:
        """A Run that computes values on demand (`.value(inst, name)`); with `fast` the first demand computes the
        whole case with the case function (when there is one and nothing falls back)."""
        return Run(self, population, rekendatum, parameterset, model, fast)

    def run(self, population: Population, rekendatum: date, parameterset: str | None = None,
            model: M.Model | None = None, fast: bool = True) -> Run:
        """Every attribute and kenmerk of every instance, then the consistentieregels (like api.run)."""
        ev = self.evaluation(population, rekendatum, parameterset, model, fast)
        ev.evaluate_all()
        return ev

    def case_values(self, params: dict, active: set) -> tuple | None:
        """The case function's parameters on one rekendatum (numbers scaled), or None when it cannot run then:
        a parameter that an applicable rule reads is missing (or leeg where it expects none), or has more
        decimals than its scale."""
        out = []
        for name, k, leeg, readers in self.case_parameters:
            v = params.get(name)
            if v is None:
                if (name not in params or not leeg) and any(r in active for r in readers):
                    return None
            elif k is not None:
                try:
                    v = number(v, k)
                except Fallback:
                    return None
            out.append(v)
        return tuple(out)


class _Conflict(Exception):
    def __init__(self, a: Rule, b: Rule):
        self.a, self.b = a, b


def _arts(r: Rule) -> str:
    return ", ".join(a.show() for a in r.articles if a.article) or "geen artikel"


# ------------------------------------------------------------------ one run

class Run:
    """Evaluates one population at one rekendatum; every value is computed at most once."""

    def __init__(self, program: Program, population: Population, rekendatum: date,
                 parameterset: str | None = None, model: M.Model | None = None, fast: bool = True):
        self.program, self.meta = program, program.model
        self.model = model if model is not None else program.model     # for display (result_json, cli)
        self.rekendatum, self.parameterset = rekendatum, parameterset
        self.instances = {i.id: i for i in population.instances}
        self.facts = population.facts
        setup = program.setups.get((rekendatum, parameterset))
        if setup is None:                           # the same for every run on this date: computed once
            self.params = select_parameters(self.meta.parameter_sets, rekendatum, parameterset)
            self.laws_not_in_force = laws_not_in_force(self.meta.parameter_sets, rekendatum)
            active = {r for r in program.rules if r.holds(rekendatum) and not self.skipped(r)}
            case = program.case_values(self.params, active) if program.case is not None else None
            if len(program.setups) > 1000:
                program.setups.clear()
            setup = program.setups[(rekendatum, parameterset)] = (self.params, self.laws_not_in_force, active, case)
        self.params, self.laws_not_in_force, self._active, self._case_params = dict(setup[0]), *setup[1:]
        self.active = self._active                # read by the case function
        self._case = program.case if fast and self._case_params is not None else None
        self.filled = False                     # True once the case function computed every value
        self.memo: dict[tuple[str, str], Any] = {}
        self.steps: dict = {}
        self.findings: list[Finding] = []
        self.fired: dict[tuple[str, str], bool] = {}
        self.rule: Rule | None = None          # the version run-time errors (R602, R606) are reported against
        self._busy: set[tuple[str, str]] = set()
        self._consistency: list[Finding] | None = None
        self._types = {i.id: i.type.lower() for i in population.instances}
        self._roles = self.roles = index_facts(population.facts)
        self._by_type: dict[str, list[Instance]] | None = None

    @property
    def rekenjaar(self) -> Fraction:
        return Fraction(self.rekendatum.year)

    # ---------------------------------------------------------- setup (as interpreter.Evaluation)
    def skipped(self, r: Rule) -> bool:
        """A rule version that needs a parameter of a law without parameter set on the rekendatum."""
        return r.law in self.laws_not_in_force and r.params

    # ---------------------------------------------------------- the case function
    def of_type(self, type_key: str) -> list[Instance]:
        """The instances of one object type (lower-case name), in population order."""
        if self._by_type is None:
            self._by_type = {}
            for i in self.instances.values():
                self._by_type.setdefault(self._types[i.id], []).append(i)
        return self._by_type.get(type_key, [])

    def _facts_fit(self) -> bool:
        """Every player of a declared role exists with the role's object type (the case function reads by id)."""
        role_types, types = self.program.role_types, self._types
        for f in self.facts:
            ft = f.fact_type.lower()
            for role, who in f.roles:
                want = role_types.get((ft, role.lower()))
                if want is not None and types.get(who) != want:
                    return False
        return True

    def _fill(self) -> None:
        """Try the case function once; on Fallback forget what it wrote (the functions compute on demand)."""
        case, self._case = self._case, None
        if not self._facts_fit():
            return
        try:
            case(self, self._case_params)
        except (Fallback, EvaluationError):
            self.memo.clear()
            self.fired.clear()
            return
        self.filled = True

    # ---------------------------------------------------------- public
    def value(self, inst: str, name: str) -> Any:
        """The value of an attribute or kenmerk of an instance, computing it (and its inputs) when needed."""
        key = (inst, name.lower())
        if key in self.memo:
            return self.memo[key]
        if self._case is not None:
            self._fill()
            if key in self.memo:
                return self.memo[key]
        if key in self._busy:
            raise RuleError("R502", f"kringverwijzing: '{name}' van {inst} hangt van zichzelf af")
        self._busy.add(key)
        outer = self.rule
        try:
            fn = self.program.functions.get((self._types[inst], key[1]))
            result = fn(self, inst) if fn is not None else self.instances[inst].values.get(key[1])
        except (RuleError, EvaluationError, _Conflict) as e:
            self.findings.append(self._finding(e, inst, name))
            result = False if self._is_kenmerk(inst, key[1]) else None
        finally:
            self._busy.discard(key)
            self.rule = outer
        self.memo[key] = result
        return result

    def _is_kenmerk(self, inst: str, key: str) -> bool:
        t = self.meta.object_type(self.instances[inst].type)
        return t is not None and key in t.kenmerken

    def _finding(self, e: Exception, inst: str, name: str | None) -> Finding:
        if isinstance(e, _Conflict):
            a, b = e.a, e.b
            e = RuleError("R601", f"conflict: regels '{a.label()}' ({_arts(a)}) en '{b.label()}' ({_arts(b)}) "
                                  f"stellen allebei '{name}' van {inst} vast", (a, b))
        elif isinstance(e, EvaluationError):
            e = RuleError("R602", f"{e.message} in regel '{self.rule.label()}'", (self.rule,))
        return Finding(e.code, inst, name, e.message, e.rules)

    def play(self, inst: str, fact_type: str, role: str) -> bool:
        return bool(self._roles.get((inst, fact_type.lower(), "#" + role.lower())))

    def evaluate_all(self) -> None:
        """As api.evaluate_all: every member of every instance in declaration order, then the checks."""
        if self._case is not None:
            self._fill()
        if not (self.filled and self.model is self.meta):     # filled: every member is in the memo already
            for inst in list(self.instances.values()):
                for name in self.program.member_names(self.model, inst.type) or ():
                    self.value(inst.id, name)
        self.check_consistency()

    def check_consistency(self) -> list[Finding]:
        """Every consistentie- and uniciteitsregel for every instance it applies to (model order)."""
        if self._consistency is not None:          # idempotent: a second call adds no findings
            return self._consistency
        out: list[Finding] = []
        if not self.program.checks:
            self._consistency = out
            return out
        for r, check in self.program.checks:
            if self.skipped(r) or not r.holds(self.rekendatum):
                continue
            if r.kind == "uniek":
                out.extend(self._uniqueness(r))
                continue
            for inst in self._subjects(r):
                self.rule = r
                try:
                    if check(self, inst.id):
                        out.append(Finding("R603", inst.id, None, f"regel '{r.label()}' is inconsistent voor {inst.id}",
                                           (r,)))
                        self.fired[(inst.id, r.key)] = True
                except (RuleError, EvaluationError) as e:
                    f = self._finding(e, inst.id, None)
                    out.append(Finding(f.code, inst.id, None, f.message, (r,)))
        self.findings.extend(out)
        self._consistency = out
        return out

    def _uniqueness(self, r: Rule) -> list[Finding]:
        seen: dict[Any, list[str]] = {}
        for inst in self._subjects(r):
            v = self.value(inst.id, r.attribute)
            if v is not None:
                seen.setdefault(v, []).append(inst.id)
        out = []
        for ids in seen.values():
            if len(ids) > 1:
                for i in ids:
                    out.append(Finding("R603", i, r.attribute, f"regel '{r.label()}' is inconsistent: '{r.attribute}' "
                                                               f"van {', '.join(ids)} is gelijk", (r,)))
                    self.fired[(i, r.key)] = True
        return out

    def _subjects(self, r: Rule):
        for inst in self.instances.values():
            if inst.type.lower() == r.subject_type.lower() and (
                    r.subject_role is None or self.play(inst.id, *r.subject_role)):
                yield inst

    # ---------------------------------------------------------- called by generated code
    def applies(self, r: Rule, subject: str) -> bool:
        """Whether rule version r counts for subject (valid on the rekendatum, law in force, role played);
        when it does, r becomes the version run-time errors are reported against."""
        if r in self._active and (r.subject_role is None or self.play(subject, *r.subject_role)):
            self.rule = r
            return True
        return False

    def fire(self, subject: str, r: Rule) -> None:
        self.fired[(subject, r.key)] = True

    def conflict(self, fired: list) -> None:
        """Two versions fired for one attribute: R601 (raised; the finding names both rules)."""
        raise _Conflict(fired[0][0], fired[1][0])

    def checked(self, r: Rule, v: Any, decimals: int | None = None, sign: str | None = None) -> Any:
        """A rule's result against the declared sign and decimals (R604)."""
        if M.sign_violation(v, sign):
            raise RuleError("R604", f"'{r.target.name}' krijgt {format_number(v)}, maar is gedeclareerd als {sign}",
                            (r,))
        if decimals is not None and isinstance(v, Fraction) and v.denominator != 1 and (
                decimals_of(v) is None or decimals_of(v) > decimals):
            raise RuleError("R604", f"'{r.target.name}' krijgt {format_number(v)}, meer decimalen dan de "
                                    f"{decimals} die gedeclareerd zijn", (r,))
        return v

    def given(self, subject: str, name: str) -> Any:
        return self.instances[subject].values.get(name)

    def given_kenmerk(self, subject: str, name: str) -> bool:
        return bool(self.instances[subject].kenmerken.get(name))

    def param(self, name: str) -> Any:
        key = name.lower()
        if key not in self.params:
            raise RuleError("R605", f"parameter '{name}' heeft geen waarde op "
                                    f"{self.rekendatum.strftime('%d-%m-%Y')}: geen parameterset geldt dan")
        return self.params[key]

    def get(self, base: Any, name: str) -> Any:
        """`name van <base>` where base is an object, a list of objects, or leeg."""
        if base is None:
            return None
        if isinstance(base, list):
            return [self.value(b, name) for b in base]
        return self.value(base, name)

    def has(self, base: Any, name: str, negated: bool = False) -> bool:
        """`<base> is/heeft (niet) <kenmerk>`; false when base is leeg."""
        return False if base is None else (self.value(base, name) is True) != negated

    def plays(self, base: Any, fact_type: str, role: str, negated: bool = False) -> bool:
        """`<base> is (g)een <rol>`; false when base is leeg."""
        return False if base is None else self.play(base, fact_type, role) != negated

    def _found(self, base: Any, fact_type: str, role: str) -> list[str]:
        found: list[str] = []
        for b in base if isinstance(base, list) else [base]:
            found.extend(self._roles.get((b, fact_type.lower(), role.lower()), ()))
        return found

    def nav_all(self, base: Any, fact_type: str, role: str) -> list[str]:
        """The instances playing role opposite base (a role with `meerdere`, or over a collection)."""
        return [] if base is None else self._found(base, fact_type, role)

    def nav(self, base: Any, fact_type: str, role: str) -> str | None:
        """The one instance playing role opposite base; R606 when the facts give more than one."""
        if base is None:
            return None
        found = self._found(base, fact_type, role)
        if len(found) > 1:
            raise RuleError("R606", f"{base} heeft meer dan één {role} ({', '.join(found)}), terwijl het feittype "
                                    f"'{fact_type}' er één toestaat", (self.rule,))
        return found[0] if found else None

    def unknown(self, what: str) -> Any:
        raise RuleError("R602", f"onbekende uitdrukking {what}")

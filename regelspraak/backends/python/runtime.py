"""The runtime of Python modules compiled from RegelSpraak (see regelspraak.backends.python.generator).

Generated code calls into this module only: `Program` holds what a compiled module knows about its model
(laws, object and fact types, parameter sets, rule versions as plan Versions without expressions, and the
condition and value functions of each version), and `Run` is the evaluation driver (evaluate/driver.py)
with those functions: the same findings, the same `fired` dict, parameters and laws not in force chosen the
same way, because they are the same code as the interpreter's. A `Run` has the surface of an `Evaluation`
(`.model`, `.memo`, `.value()`, `.findings`, `.fired`, `.instances`, `.check_consistency()`), so
`api.result_json`, `api.evaluate_all` and the testset runner accept it. It records no traces (`.steps` stays
empty): explanations come from the interpreter.

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

from regelspraak.evaluate import findings as F
from regelspraak.evaluate.driver import (
    Driver,
    Fact,
    Instance,
    Population,
    Setup,
    applies,
)
from regelspraak.evaluate.findings import Finding, RuleError
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
    div,
    div_abs,
    duration_between,
    make_date,
    mul,
    percent_of,
    reduced_by,
    round_to,
    sub,
)
from regelspraak.model import nodes as M
from regelspraak.model.units import Unit
from regelspraak.plan import nodes as P
from regelspraak.plan.lower import assemble
from regelspraak.plan.nodes import declared_version as Rule  # noqa: N812  (generated modules call rt.Rule)

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


Function = Callable[["Run", str], Any]


class Program:
    """Everything a compiled module knows: `.plan` (declarations and versions, no expressions) for the driver,
    `.model` (the same declarations as a Model) for display, and the functions of each version.

    `functions` maps a version to its (condition, value) functions, `checks` a consistentieregel to its check.
    `case` is the module's case function (None when the model has a construct it does not translate);
    `case_parameters` lists, in the order it takes them, (name, 10**decimals or None, whether the case function
    accepts leeg, the rules that read it)."""

    def __init__(self, *, laws, object_types, fact_types, parameter_sets, rules, functions, checks, case=None,
                 case_parameters=()):
        self.rules, self.case, self.case_parameters = rules, case, case_parameters
        self.conditions: dict[P.Version, Function | None] = {r: fs[0] for r, fs in functions.items()}
        self.values: dict[P.Version, Function | None] = {r: fs[1] for r, fs in functions.items()}
        self.checks: dict[P.Version, Function | None] = dict(checks)
        self.role_types = {(f.name.lower(), r.name.lower()): r.object_type.lower() for f in fact_types for r in f.roles}
        types_ = {t.name.lower(): t for t in object_types}
        facts = {f.name.lower(): f for f in fact_types}
        self.model = M.Model(laws=laws, object_types=types_, fact_types=facts, parameters={},
                             parameter_sets=parameter_sets, rules=(), enums={}, testsets=(), properties=())
        self.plan = assemble(laws, types_, facts, {}, parameter_sets, {}, tuple(rules), ())
        self.setups: dict[tuple, tuple] = {}         # (rekendatum, parameterset) → parameters, laws, active, case
        self.members: dict[str, tuple[str, ...] | None] = {}

    def member_names(self, model: M.Model, type_name: str) -> tuple[str, ...] | None:
        """Attribute and kenmerk names of a type in declaration order (as api.evaluate_all visits them)."""
        key = type_name.lower()
        if model is self.model and key in self.members:
            return self.members[key]
        t = model.object_type(type_name)
        names: tuple[str, ...] | None = None
        if t is not None:
            first: dict[str, str] = {}          # lower-case name → the name as first declared
            for name in [*(a.name for a in t.attributes.values()), *(k.name for k in t.kenmerken.values())]:
                first.setdefault(name.lower(), name)
            names = tuple(first.values())
        if model is self.model:
            self.members[key] = names
        return names

    def setup(self, rekendatum: date, parameterset: str | None) -> tuple[Setup, set[P.Version], tuple | None]:
        """What holds on one date and parameter set (the driver's Setup), the versions that apply, and the case
        function's parameters (computed once per date and parameter set)."""
        found = self.setups.get((rekendatum, parameterset))
        if found is None:
            setup = Setup.on(self.plan, rekendatum, parameterset)
            active = {r for r in self.rules if applies(r, rekendatum, setup.not_in_force)}
            case = self.case_values(setup.params, active) if self.case is not None else None
            if len(self.setups) > 1000:
                self.setups.clear()
            found = self.setups[(rekendatum, parameterset)] = (setup, active, case)
        return found

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


# ------------------------------------------------------------------ one run

class Run(Driver):
    """The evaluation driver with the compiled functions of each version; no traces (explanations come from
    the interpreter). The first demand tries the case function, which fills the whole memo at once."""

    tracing = False

    def __init__(self, program: Program, population: Population, rekendatum: date,
                 parameterset: str | None = None, model: M.Model | None = None, fast: bool = True):
        setup, active, case = program.setup(rekendatum, parameterset)
        super().__init__(program.plan, population, rekendatum, parameterset, setup)
        self.program, self.meta = program, program.model
        self.model = model if model is not None else program.model     # for display (result_json, cli)
        self.active = active                      # read by the case function
        self._case_params = case
        self.prepare = self._fill if fast and case is not None and program.case is not None else None
        self.filled = False                     # True once the case function computed every value
        self.roles = self._roles
        self._by_type: dict[str, list[Instance]] | None = None

    @property
    def rekenjaar(self) -> Fraction:
        return Fraction(self.rekendatum.year)

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
        if not self._facts_fit():
            return
        try:
            self.program.case(self, self._case_params)
        except (Fallback, EvaluationError):
            self.memo.clear()
            self.fired.clear()
            return
        self.filled = True

    # ---------------------------------------------------------- the driver's hooks: the generated functions
    def start(self, version: P.Version, subject: str) -> str:
        return subject

    def _call(self, version: P.Version, fn: Function, subject: str) -> Any:
        self.rule = version
        try:
            return fn(self, subject)
        except EvaluationError as e:
            raise F.evaluation_error(e.message, version) from None

    def holds(self, version: P.Version, subject: str) -> bool:
        fn = self.program.conditions[version]
        return fn is None or bool(self._call(version, fn, subject))

    def compute(self, version: P.Version, subject: str) -> Any:
        fn = self.program.values[version]
        if fn is None:
            raise F.unknown_construct(f"waarde van regel '{version.label()}'")
        return self._call(version, fn, subject)

    def violates(self, version: P.Version, subject: str) -> bool:
        fn = self.program.checks.get(version)
        return True if fn is None else bool(self._call(version, fn, subject))

    def evaluate_all(self) -> None:
        """As api.evaluate_all: every member of every instance in declaration order, then the checks."""
        self.ready()
        if not (self.filled and self.model is self.meta):     # filled: every member is in the memo already
            for inst in list(self.instances.values()):
                for name in self.program.member_names(self.model, inst.type) or ():
                    self.result(inst.id, name)
        self.check_consistency()

    # ---------------------------------------------------------- called by generated code
    def given(self, subject: str, name: str) -> Any:
        return self.instances[subject].values.get(name)

    def param(self, name: str) -> Any:
        key = name.lower()
        if key not in self.params:
            raise self.missing_parameter(name)
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
            raise F.too_many_players(base, role, found, fact_type, self.rule)
        return found[0] if found else None

    def unknown(self, what: str) -> Any:
        raise F.unknown_construct(what)

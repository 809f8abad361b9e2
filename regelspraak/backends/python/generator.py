"""Compile a plan (or the Model it is made from) to one readable scalar Python module that gives exactly the
interpreter's results.

`compile_python(model)` returns the source: per rule version a function for its condition
(`holds_<regel>`) and one for its value (`value_<regel>`), each preceded by comments (rule name, validity,
articles with JCI and wetten.overheid.nl link, `path:line`), and a table `FUNCTIONS` from version to the two.
Conditions and expressions are plain calls into `regelspraak.backends.python.runtime`; the module imports
nothing else (and `fractions`/`datetime` for constants).

How the reference semantics are kept:

* Everything that is not one expression lives in the evaluation driver (evaluate/driver.py), which both the
  interpreter and the runtime's `Run` are: which versions apply (validity, law in force, the subject's role),
  memo and cycles (R502), version choice and conflicts (R601), initialisation, kenmerk OR, declared sign and
  decimals (R604), consistency and uniqueness (R603), and findings. The module only supplies the functions.
* Laziness: functions never call each other; every read goes through `run.value(inst, name)`.
  `Daarbij geldt` variables become nested `@rt.once` functions: evaluated on first use.
* Evaluation order is the interpreter's (operands left to right, bounds before the bounded value,
  `alle`/`geen`/`ten minste één` as short-circuit `and`/`or`, other counts via `rt.at_least`, …), so side
  effects (which value is computed first, which error wins) and therefore findings are identical.
* Leeg: values are the interpreter's (None = leeg) and the value functions are the ones in values.py;
  navigation from leeg gives leeg (or an empty list), a kenmerk of leeg is false.

Safety: names from rule files only reach the code as `repr()` string literals or as identifiers made by
`identifier()` + `Names.new()` (`[a-z_][a-z0-9_]*`: accents and full-width letters transliterated,
everything else `_`, so no dunders; keywords and leading digits prefixed; collisions numbered in a fixed
order); comments escape every non-printable character, so rule text never starts a new line. Nothing
generated evaluates rule text. `load_compiled` is the only exec, and it execs only source produced here.

Explanations: compiled runs keep no traces. `regels run --engine compiled --uitleg` explains with the
interpreter (the reference, proven equal by tests/test_compile_python.py) on the same population.

Speed: the module ends with `evaluate_case` (case_function.py), every value of a whole case straight through on
scaled integers; a run uses it first and falls back to the functions above wherever the interpreter would have
a finding, so the functions stay the reference the case function is checked against.
"""
from __future__ import annotations

import linecache
import types
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from regelspraak.identity_cache import per_object
from regelspraak.model.nodes import Model
from regelspraak.model.order import walk
from regelspraak.plan import nodes as P
from regelspraak.plan.lower import plan_of

from ..code import (
    LIMIT,
    Atom,
    BoolOp,
    Call,
    Comp,
    Entry,
    Kw,
    Node,
    Not,
    Str,
    Suffix,
    Tuple,
    comment_lines,
    fmt,
    quantified_node,
)
from ..names import Names, identifier, python_name, safe_name, width

__all__ = ["HEADER_MARK", "LIMIT", "CaseParameter", "Module", "compile_python", "identifier", "load_compiled",
           "module_name", "needed_variables", "python_name", "reference_evaluation", "width", "write_package"]

_INDENT = "    "
_RESERVED = frozenset({"rt", "F", "date", "run", "evaluation", "subject", "fired", "value", "given", "PROGRAM",
                       "MODEL", "RULES", "FUNCTIONS", "CHECKS", "LAWS", "OBJECT_TYPES", "FACT_TYPES",
                       "PARAMETER_SETS", "evaluate_case", "CASE_PARAMETERS"})
_ARITH = {P.ArithOp.PLUS: "add", P.ArithOp.MINUS: "sub", P.ArithOp.REDUCED_BY: "reduced_by", P.ArithOp.TIMES: "mul",
          P.ArithOp.DIVIDE: "div", P.ArithOp.DIVIDE_ABS: "div_abs"}
_AGG = {P.AggregateKind.SUM: "agg_sum", P.AggregateKind.MAX: "agg_max", P.AggregateKind.MIN: "agg_min",
        P.AggregateKind.FIRST: "agg_first", P.AggregateKind.LAST: "agg_last", P.AggregateKind.COUNT: "count"}
_ARITY = {P.Function.DURATION: 2, P.Function.DATE_PART: 1, P.Function.MAKE_DATE: 3, P.Function.ABSOLUTE: 1}
_CHECKS = (P.RuleKind.CONSISTENCY, P.RuleKind.UNIQUE)
HEADER_MARK = "# regelspraak-compiled"

CaseParameter = tuple[str, int | None, bool, tuple[str, ...]]
"""A parameter of the case function: (name, decimals or None, may be leeg, the rules that read it)."""


# ================================================================== names and text

def _dutch(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


def _validity(start: date | None, end: date | None) -> str:
    if start and end:
        return f"geldig vanaf {_dutch(start)} t/m {_dutch(end)}"
    if start:
        return f"geldig vanaf {_dutch(start)}"
    if end:
        return f"geldig t/m {_dutch(end)}"
    return "geldig altijd"


def _kind_text(v: P.Version) -> str:
    """The kind of a version as a comment names it."""
    return "initialisatie" if v.kind is P.RuleKind.INITIAL else v.kind.value


# ================================================================== the generator

class Module:
    """Collects the source of one module (or a part of it) and what its constants need imported."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.uses_fraction = False
        self.uses_date = False

    def emit(self, indent: int, text: str = "") -> None:
        self.lines.append((_INDENT * indent + text) if text else "")

    def stmt(self, indent: int, prefix: str, node: Node, suffix: str = "", top: bool = True) -> None:
        col = len(_INDENT) * indent
        text = prefix + fmt(node, col, col + width(prefix), width(suffix), top) + suffix
        first, *rest = text.split("\n")
        self.lines.append(" " * col + first)
        self.lines.extend(rest)

    def comment(self, indent: int, text: str) -> None:
        self.lines.extend(comment_lines(_INDENT * indent, text))

    def const(self, v: Any) -> Node:
        """A constant of the rules (None, bool, number, date, text) as code."""
        if v is None or isinstance(v, bool):
            return Atom(repr(v))
        if isinstance(v, Fraction):
            self.uses_fraction = True
            return Atom(f"F({v.numerator})" if v.denominator == 1 else f"F({v.numerator}, {v.denominator})")
        if isinstance(v, int):
            self.uses_fraction = True
            return Atom(f"F({v})")
        if isinstance(v, date):
            self.uses_date = True
            return Atom(f"date({v.year}, {v.month}, {v.day})")
        if isinstance(v, str):
            return Str(v)
        raise NotImplementedError(f"constante van type {type(v).__name__} kan niet worden vertaald")


def needed_variables(v: P.Version, *parts: P.Expr | P.Condition | None) -> set[str]:
    """The keys of the `Daarbij geldt` variables of version v that these parts of it read, directly or through
    another variable."""
    defs = {b.key: b.expr for b in v.variables}
    todo = [n.key for part in parts if part is not None for n in walk(part) if isinstance(n, P.Var)]
    used: set[str] = set()
    while todo:
        key = todo.pop()
        if key not in used:
            used.add(key)
            if key in defs:
                todo.extend(n.key for n in walk(defs[key]) if isinstance(n, P.Var))
    return used


class _Function:
    """Translation of the expressions and conditions of one rule version inside one generated function."""

    def __init__(self, mod: Module, variables: dict[str, str]):
        self.mod, self.variables, self.depth = mod, variables, 0

    # ---------------------------------------------------------- expressions
    def expr(self, e: P.Expr, subj: str) -> Node:
        """Code computing e for the instance named subj, as the interpreter does."""
        if isinstance(e, P.Const):
            return self.mod.const(e.value)
        if isinstance(e, P.Attr):
            if isinstance(e.base, P.Subject):
                return Call("run.value", [Atom(subj), Str(e.name)])
            return Call("run.get", [self.expr(e.base, subj), Str(e.name)])
        if isinstance(e, P.Param):
            return Call("run.param", [Str(e.name)])
        if isinstance(e, P.Var):
            return Atom(self.variables[e.key] + "()")
        if isinstance(e, P.Subject):
            return Atom(subj)
        if isinstance(e, P.Arith):
            return Call("rt." + _ARITH[e.op], [self.expr(e.left, subj), self.expr(e.right, subj)])
        if isinstance(e, P.Convert):
            return Call("rt.scale", [self.expr(e.operand, subj), self.mod.const(Fraction(e.factor))])
        if isinstance(e, P.DateShift):
            if e.sign not in (1, -1):
                raise NotImplementedError(f"datumverschuiving met teken {e.sign} kan niet worden vertaald")
            head = "rt.date_plus" if e.sign == 1 else "rt.date_minus"
            return Call(head, [self.expr(e.operand, subj), self.expr(e.amount, subj), Str(e.unit.value)])
        if isinstance(e, P.PercentOf):
            return Call("rt.percent_of", [self.expr(e.percent, subj), self.expr(e.operand, subj)])
        if isinstance(e, P.Round):
            return Call("rt.round_to", [self.expr(e.operand, subj), Atom(str(e.decimals)), Str(e.mode.value)])
        if isinstance(e, P.Bound):
            return self._bound(e, subj)
        if isinstance(e, P.RoleNav):
            head = "run.nav_all" if e.many else "run.nav"
            return Call(head, [self.expr(e.base, subj), Str(e.fact_type), Str(e.role)])
        if isinstance(e, P.Filter):
            self.depth += 1
            var = "item" if self.depth == 1 else f"item_{self.depth}"
            try:
                source = BoolOp("or", [self.expr(e.base, subj), Atom("[]")])
                return Comp(var, source, self.cond(e.test, var))
            finally:
                self.depth -= 1
        if isinstance(e, P.Aggregate):
            return self._aggregate(e, subj)
        if isinstance(e, P.Call):
            return self._call(e, subj)
        if isinstance(e, P.Rekendatum):
            return Atom("run.rekendatum")
        if isinstance(e, P.Rekenjaar):
            return Atom("run.rekenjaar")
        return Call("run.unknown", [Str(type(e).__name__)])

    def _bound(self, e: P.Bound, subj: str) -> Node:
        bounds = [(n, b) for n, b in (("minimum", e.minimum), ("maximum", e.maximum)) if b is not None]
        operand = self.expr(e.operand, subj)
        if all(isinstance(b, P.Const) for _, b in bounds):       # pure bounds: the natural order
            return Call("rt.bounded", [operand, *(Kw(n, self.expr(b, subj)) for n, b in bounds)])
        # the interpreter evaluates the bounds before the value; keyword order keeps that order
        return Call("rt.bounded", [*(Kw(n, self.expr(b, subj)) for n, b in bounds), Kw("x", operand)])

    def _aggregate(self, e: P.Aggregate, subj: str) -> Node:
        if e.over:
            values: Node = Call("rt.items", [self.expr(e.items[0], subj)])
        else:
            values = Call("", [self.expr(i, subj) for i in e.items], "[", "]")
        zero = e.kind is P.AggregateKind.SUM and e.zero_default
        return Call("rt." + _AGG[e.kind], [values, Kw("zero_if_none", Atom("True"))] if zero else [values])

    def _call(self, e: P.Call, subj: str) -> Node:
        args = [self.expr(a, subj) for a in e.args]
        if len(args) != _ARITY[e.function]:
            raise NotImplementedError(f"functie '{e.function.value}' met {len(args)} argumenten kan niet worden "
                                      "vertaald")
        if e.function in (P.Function.DURATION, P.Function.DATE_PART):
            if e.option is None:
                raise NotImplementedError(f"functie '{e.function.value}' zonder eenheid kan niet worden vertaald")
            head = "rt.duration_between" if e.function is P.Function.DURATION else "rt.date_part"
            return Call(head, [*args, Str(e.option)])
        if e.function is P.Function.MAKE_DATE:
            return Call("rt.make_date", args)
        return Call("rt.absolute", args)

    # ---------------------------------------------------------- conditions
    def cond(self, c: P.Condition, subj: str) -> Node:
        """Code testing c for the instance named subj, as the interpreter does."""
        if isinstance(c, P.Quantified):
            node = quantified_node(c.quantifier, c.count, [self.cond(i, subj) for i in c.items])
            if node is None:
                raise NotImplementedError(f"kwantor '{c.quantifier.value}' kan niet worden vertaald")
            return node
        if isinstance(c, P.Compare):
            return Call("rt.compare", [Str(c.op.value), self.expr(c.left, subj), self.expr(c.right, subj)])
        if isinstance(c, P.IsEmpty):
            return Call("rt.is_filled" if c.filled else "rt.is_empty", [self.expr(c.operand, subj)])
        if isinstance(c, P.HasKenmerk):
            if isinstance(c.base, P.Subject):
                return Suffix(Call("run.value", [Atom(subj), Str(c.name)]), " is not True" if c.negated else " is True")
            neg = [Kw("negated", Atom("True"))] if c.negated else []
            return Call("run.has", [self.expr(c.base, subj), Str(c.name), *neg])
        if isinstance(c, P.HasRole):
            if isinstance(c.base, P.Subject):
                played = Call("run.play", [Atom(subj), Str(c.fact_type), Str(c.role)])
                return Not(played) if c.negated else played
            neg = [Kw("negated", Atom("True"))] if c.negated else []
            return Call("run.plays", [self.expr(c.base, subj), Str(c.fact_type), Str(c.role), *neg])
        if isinstance(c, P.Elfproef):
            return Call("rt.elfproef", [self.expr(c.operand, subj)])
        return Atom("False")


class _Compiler:
    """One pass over a plan: the text of the scalar module."""

    def __init__(self, plan: P.Plan, title: str | None):
        self.plan, self.title = plan, title
        self.mod = Module()
        self.names = Names(_RESERVED)
        self.rule_names: dict[P.Version, str] = {}
        self.article_names: dict[tuple[str | None, ...], str] = {}

    # ---------------------------------------------------------- the whole module
    def compile(self) -> str:
        plan = self.plan
        self._name_rules()
        body = Module()
        self.mod = body
        self._data()
        functions = {r: self._version(r) for r in plan.versions if r.kind not in _CHECKS}
        check_names: dict[P.Version, str] = {}
        for r in plan.checks:
            if r.kind is P.RuleKind.CONSISTENCY:
                check_names[r] = self.names.new("check_" + identifier(self._rule_base(r)))
                self._check(check_names[r], r)
        case = self._case_function()
        self._tables(functions, check_names, case)
        head = ['"""Regels gecompileerd naar Python door regelspraak (backends/python.py). Niet met de hand wijzigen.',
                "",
                "Gebruik: run(population, rekendatum, parameterset=None) geeft een rt.Run met .memo, .value(),",
                ".findings en .fired, precies zoals interpreter.Evaluation; MODEL beschrijft de objecttypen voor",
                "casussen (cases.to_population).",
                '"""',
                HEADER_MARK]
        if self.title:
            head += comment_lines("", f"bron: {self.title}")
        imports = []
        if body.uses_date:
            imports.append("from datetime import date")
        if body.uses_fraction:
            imports.append("from fractions import Fraction as F")
        head += imports + ([""] if imports else []) + ["from regelspraak.backends.python import runtime as rt", ""]
        lines = head + body.lines
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n"

    @staticmethod
    def _rule_base(r: P.Version) -> str:
        return r.rule if r.index == 0 else f"{r.rule} v{r.index + 1}"

    def _name_rules(self) -> None:
        shared: dict[tuple[str, int], int] = {}
        for r in self.plan.versions:
            shared[(r.rule, r.index)] = shared.get((r.rule, r.index), 0) + 1
        for r in self.plan.versions:
            base = identifier(self._rule_base(r), 60)
            if shared[(r.rule, r.index)] > 1:
                base += "_" + identifier(r.target.name, 30)
            self.rule_names[r] = self.names.new("r_" + base)

    # ---------------------------------------------------------- data: laws, types, parameter sets, rules
    def _data(self) -> None:
        plan, mod = self.plan, self.mod
        mod.emit(0, "# " + "-" * 66 + " wetten, objecttypen, feittypen en parametersets")
        mod.stmt(0, "LAWS = ", Tuple([Call("rt.law", [Str(x.name), Str(x.abbreviation), Str(x.bwb_id), Str(x.folder)])
                                      for x in plan.laws]))
        types_: list[Node] = []
        for t in plan.object_types.values():
            attrs = [self._attribute(a) for a in t.attributes.values()]
            kenm = [Tuple([Str(k.name), Str(k.kind)]) for k in t.kenmerken.values()]
            types_.append(Call("rt.object_type", [Str(t.name), Str(t.plural) if t.plural else Atom("None"),
                                                  Atom(repr(bool(t.animate))), Kw("attributes", Tuple(attrs)),
                                                  Kw("kenmerken", Tuple(kenm))]))
        mod.stmt(0, "OBJECT_TYPES = ", Tuple(types_))
        facts = [Call("rt.fact_type", [Str(f.name), Atom(repr(bool(f.reciprocal))), Tuple([
            Tuple([Str(r.name), Str(r.plural) if r.plural else Atom("None"), Str(r.object_type),
                   Atom(repr(bool(r.multiple)))]) for r in f.roles])]) for f in plan.fact_types.values()]
        mod.stmt(0, "FACT_TYPES = ", Tuple(facts))
        sets: list[Node] = []
        for s in plan.parameter_sets:
            values = Call("", [Entry(Str(k), mod.const(s.values[k])) for k in sorted(s.values)], "{", "}")
            sets.append(Call("rt.parameter_set", [Str(s.name), Str(s.law) if s.law else Atom("None"),
                                                  mod.const(s.start), mod.const(s.end), values]))
        mod.stmt(0, "PARAMETER_SETS = ", Tuple(sets))
        mod.emit(0)
        mod.emit(0, "# " + "-" * 66 + " artikelen en regelversies")
        for r in plan.versions:
            for a in r.articles:
                self._article(a)
        mod.emit(0)
        for r in plan.versions:
            self._rule_constant(r)

    @staticmethod
    def _attribute(a: P.AttributeInfo) -> Node:
        t = a.type
        args: list[Node] = [Str(a.name), Str(t.kind)]
        if t.decimals is not None:
            args.append(Kw("decimals", Atom(str(t.decimals))))
        if not t.unit.is_dimensionless:
            args.append(Kw("unit", Tuple([Tuple([Str(s), Atom(str(e))]) for s, e in t.unit.factors])))
        if t.name:
            args.append(Kw("domain", Str(t.name)))
        if t.integer:
            args.append(Kw("integer", Atom("True")))
        if t.sign:
            args.append(Kw("sign", Str(t.sign)))
        if a.provenance:
            args.append(Kw("provenance", Str(a.provenance)))
        return Call("rt.attribute", args)

    def _article(self, a: P.ArticleRef) -> str:
        """The name of the constant declaring article a (declared on first use)."""
        key = (a.bwb_id, a.article, a.lid, a.onderdeel, a.label, "" if a.label else a.text)
        if key not in self.article_names:
            name = self.names.new("a_" + identifier(a.label or a.text or "artikel"))
            self.article_names[key] = name
            args: list[Node] = [Str(a.bwb_id) if a.bwb_id else Atom("None"),
                                Str(a.article) if a.article else Atom("None")]
            for field, text in (("lid", a.lid), ("onderdeel", a.onderdeel), ("label", a.label)):
                if text:
                    args.append(Kw(field, Str(text)))
            if not a.label and a.text:
                args.append(Kw("text", Str(a.text)))
            self.mod.stmt(0, f"{name} = ", Call("rt.Article", args, pack=True))
        return self.article_names[key]

    def _rule_constant(self, r: P.Version) -> None:
        mod = self.mod
        args: list[Node] = [Str(r.rule), Atom(str(r.index)), Kw("law", Str(r.law) if r.law else Atom("None")),
                            Kw("kind", Str(r.kind.value)), Kw("subject", Str(r.subject_type)),
                            Kw("target", Tuple([Str(r.target.object_type), Str(r.target.name)]))]
        if r.subject_role:
            args.append(Kw("role", Tuple([Str(x) for x in r.subject_role])))
        if r.unique is not None:
            args.append(Kw("attribute", Str(r.unique)))
        for field, day in (("start", r.start), ("end", r.end), ("closed_from", r.closed_from)):
            if day:
                args.append(Kw(field, mod.const(day)))
        if r.articles:
            args.append(Kw("articles", Tuple([Atom(self._article(a)) for a in r.articles])))
        if r.group:
            args.append(Kw("group", Str(r.group)))
        if r.parameters:
            args.append(Kw("params", Tuple([Str(n) for n in sorted(r.parameters)])))
        args.append(Kw("source", Tuple([Str(r.span.path), Atom(str(r.span.line))])))
        mod.stmt(0, f"{self.rule_names[r]} = ", Call("rt.Rule", args, pack=True))

    # ---------------------------------------------------------- comments above a branch
    def _rule_comment(self, indent: int, r: P.Version) -> None:
        mod = self.mod
        mod.comment(indent, f"regel '{r.label()}' ({_kind_text(r)})" + (f", regelgroep '{r.group}'" if r.group else ""))
        mod.comment(indent, "  " + _validity(r.start, r.end) + (f", wet {r.law}" if r.law else ""))
        if r.closed_from:
            mod.comment(indent, f"  overgangsrecht: gesloten voor nieuwe gevallen vanaf {_dutch(r.closed_from)}")
        if r.subject_role:
            mod.comment(indent, f"  alleen voor wie {r.subject_role[1]} is in {r.subject_role[0]}")
        for a in r.articles:
            jci, url = a.jci(), a.url()
            mod.comment(indent, f"  {a.show()}" + (f": {jci}" if jci else ""))
            if url:
                mod.comment(indent, f"    {url}")
        mod.comment(indent, f"  bron: {r.span.path}:{r.span.line}")

    # ---------------------------------------------------------- per rule version: its condition and its value
    def _version(self, r: P.Version) -> tuple[str | None, str | None]:
        """`holds_<rule>(run, subject)` for the condition and `value_<rule>(run, subject)` for the value, each
        with the comments of the version; the driver (evaluate/driver.py) does the rest. Out: their names."""
        base = self.rule_names[r].removeprefix("r_")
        holds = self.names.new("holds_" + base) if r.condition is not None else None
        value = self.names.new("value_" + base) if r.expr is not None else None
        if holds is not None and r.condition is not None:
            fn = self._function(holds, r, "voorwaarde", needed_variables(r, r.condition))
            self.mod.stmt(1, "return ", fn.cond(r.condition, "subject"), top=True)
        if value is not None and r.expr is not None:
            fn = self._function(value, r, "waarde", needed_variables(r, r.expr))
            self.mod.stmt(1, "return ", fn.expr(r.expr, "subject"), top=True)
        return holds, value

    def _function(self, name: str, r: P.Version, what: str, used: set[str]) -> _Function:
        """Writes the head of a version's function (its comments and the variables it uses); out: the translator
        for its body."""
        mod = self.mod
        mod.emit(0)
        mod.emit(0)
        mod.comment(0, f"{r.target.object_type}: {r.target.name}, {what} van regel '{r.label()}'")
        mod.emit(0, f"def {name}(run, subject):")
        self._rule_comment(1, r)
        return _Function(mod, self._variables(r, Names(_RESERVED | {"item"}), 1, used))

    def _variables(self, r: P.Version, local: Names, indent: int, used: set[str]) -> dict[str, str]:
        """Nested @rt.once functions for the variables in `used` (in declaration order); out: key → name."""
        names = {b.key: local.new("v_" + identifier(b.name)) for b in r.variables if b.key in used}
        fn = _Function(self.mod, names)
        for b in r.variables:
            if b.key not in used:
                continue
            self.mod.emit(0)
            self.mod.emit(indent, "@rt.once")
            self.mod.emit(indent, f"def {names[b.key]}():")
            self.mod.comment(indent + 1, f"daarbij geldt: {b.name}")
            self.mod.stmt(indent + 1, "return ", fn.expr(b.expr, "subject"))
        if names:
            self.mod.emit(0)
        return names

    # ---------------------------------------------------------- consistentieregels
    def _check(self, name: str, r: P.Version) -> None:
        mod = self.mod
        mod.emit(0)
        mod.emit(0)
        mod.comment(0, f"consistentieregel voor {r.subject_type}: waar als de regel geschonden is (R603)")
        mod.emit(0, f"def {name}(run, subject):")
        self._rule_comment(1, r)
        used = needed_variables(r, r.condition, r.check)
        fn = _Function(mod, self._variables(r, Names(_RESERVED | {"item"}), 1, used))
        broken = Not(fn.cond(r.check, "subject")) if r.check is not None else Atom("True")
        test = broken if r.condition is None else BoolOp("and", [fn.cond(r.condition, "subject"), broken])
        mod.stmt(1, "return ", test, top=True)

    # ---------------------------------------------------------- the case function (case_function.py)
    def _case_function(self) -> list[CaseParameter] | None:
        """Append `evaluate_case`; returns its parameter table, or None when the plan has a construct it lacks."""
        from .case_function import NotSupported, case_function
        try:
            lines, table, uses_fraction, uses_date = case_function(self.plan, self.rule_names, self.names.taken)
        except NotSupported as e:
            self.mod.emit(0)
            self.mod.emit(0)
            self.mod.comment(0, f"geen evaluate_case ({e}): elke run rekent met de functies hierboven")
            return None
        self.mod.lines.extend(lines)
        self.mod.uses_fraction |= uses_fraction
        self.mod.uses_date |= uses_date
        return table

    # ---------------------------------------------------------- tables and entry points
    def _tables(self, functions: dict[P.Version, tuple[str | None, str | None]], check_names: dict[P.Version, str],
                case: list[CaseParameter] | None) -> None:
        mod, plan = self.mod, self.plan
        mod.emit(0)
        mod.emit(0)
        mod.emit(0, "# " + "-" * 66 + " tabellen en ingangen")
        entries = [Entry(Atom(self.rule_names[r]), Tuple([Atom(n or "None") for n in fs]))
                   for r, fs in functions.items()]
        mod.stmt(0, "FUNCTIONS = ", Call("", entries, "{", "}"))
        mod.stmt(0, "CHECKS = ", Tuple([Tuple([Atom(self.rule_names[r]), Atom(check_names.get(r, "None"))])
                                        for r in plan.checks]))
        mod.stmt(0, "RULES = ", Tuple([Atom(self.rule_names[r]) for r in plan.versions]))
        if case is not None:
            rows = [Tuple([Str(name), Atom("None" if scale is None else "1" if scale == 0 else f"10**{scale}"),
                           Atom(repr(leeg)), Tuple([Atom(r) for r in readers])]) for name, scale, leeg, readers in case]
            mod.stmt(0, "CASE_PARAMETERS = ", Tuple(rows))
        mod.emit(0, "PROGRAM = rt.Program(")
        mod.emit(1, "laws=LAWS, object_types=OBJECT_TYPES, fact_types=FACT_TYPES, parameter_sets=PARAMETER_SETS,")
        mod.emit(1, "rules=RULES, functions=FUNCTIONS, checks=CHECKS,")
        if case is not None:
            mod.emit(1, "case=evaluate_case, case_parameters=CASE_PARAMETERS,")
        mod.emit(0, ")")
        mod.emit(0, "MODEL = PROGRAM.model")
        mod.emit(0)
        mod.emit(0)
        mod.emit(0, "def evaluation(population, rekendatum, parameterset=None, model=None, fast=True):")
        mod.emit(1, '"""A run that computes values on demand: .value(inst, name); fast=False: never evaluate_case."""')
        mod.emit(1, "return PROGRAM.evaluation(population, rekendatum, parameterset, model, fast)")
        mod.emit(0)
        mod.emit(0)
        mod.emit(0, "def run(population, rekendatum, parameterset=None, model=None, fast=True):")
        mod.emit(1, '"""Every attribute and kenmerk of every instance, then the consistentieregels."""')
        mod.emit(1, "return PROGRAM.run(population, rekendatum, parameterset, model, fast)")


def compile_python(model: Model | P.Plan, law: str | None = None) -> str:
    """The source of one Python module computing the whole model (or plan); `law` names the source in a comment."""
    return _Compiler(plan_of(model), law).compile()


# ================================================================== loading and writing

_MODULES: dict[int, tuple[object, object]] = {}


def load_compiled(model: Model | P.Plan, name: str = "regelspraak_compiled") -> types.ModuleType:
    """Compile the model (or plan) and execute the generated source (only that) in a fresh module object; the
    module of a model object is made once (up to 8 are kept)."""
    return per_object(_MODULES, model, lambda m: _execute(compile_python(m), name), 8)


def _execute(source: str, name: str) -> types.ModuleType:
    filename = f"<{name}>"
    module = types.ModuleType(name)
    module.__file__ = filename
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - generated code only
    return module


def reference_evaluation(run: Any) -> Any:
    """An interpreter Evaluation of the same population, rekendatum and parameterset as a compiled run
    (for explanations: it computes lazily, so only what is explained)."""
    from regelspraak.evaluate.interpreter import Evaluation, Population

    population = Population(tuple(run.instances.values()), tuple(run.facts))
    return Evaluation(run.model, population, run.rekendatum, run.parameterset)


def module_name(paths: Iterable[str | Path]) -> str:
    """The module name for `regels compile PATHS`: the folder (or file) names, as one identifier."""
    parts = []
    for p in paths:
        path = Path(p)
        stem = path.name or path.resolve().name
        for suffix in (".rgs.md", ".rgs"):
            stem = stem.removesuffix(suffix)
        parts.append(identifier(stem))
    return safe_name(identifier("_".join(parts) or "regels", 60))


def write_package(model: Model | P.Plan, paths: list[str], out_dir: str | Path) -> Path:
    """Write DIR/<name>.py and DIR/__init__.py (importing every compiled module in DIR); returns the module path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = module_name(paths)
    target = out / f"{name}.py"
    target.write_text(compile_python(model, " ".join(str(p) for p in paths)), encoding="utf-8")
    modules = sorted(p.stem for p in out.glob("*.py")
                     if p.name != "__init__.py" and f"\n{HEADER_MARK}\n" in p.read_text(encoding="utf-8")[:4000])
    init = ['"""Regels gecompileerd door `regels compile`; elke module heeft run() en evaluation()."""']
    if modules:
        one = f"from . import {', '.join(modules)}"  # module names are identifiers
        init += [""] + ([one] if len(one) <= LIMIT else ["from . import ("] + [f"    {m}," for m in modules] + [")"])
        init += ["", "__all__ = ["] + [f"    {m!r}," for m in modules] + ["]"]
    (out / "__init__.py").write_text("\n".join(init) + "\n", encoding="utf-8")
    return target

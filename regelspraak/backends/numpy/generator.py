"""The numpy backend: a plan → the source of a vectorized module that evaluates a law for whole populations.

``compile_numpy(model)`` returns the module text (deterministic, readable); ``load_numpy(model)`` executes
it into a fresh module.  The generated module has one function per (object type, attribute or kenmerk)
that computes the whole column: every rule version is a masked branch (its article in a comment above
it), conditions are boolean masks, ``indien`` selects with ``np.where``, two versions firing on one row
give an R601 finding for that row (not an exception).  Names are escaped to ASCII identifiers and texts
are written with ``repr``; nothing evaluates rule text at run time.

Population: per object type a ``vector.Table`` (columns of length n with a leeg mask),
relations as index arrays (``Facts``; navigation builds CSR offsets/targets, and for 0..1 roles an index
with −1 for none).  Run with ``module.run(population, rekendatum)`` → ``vector.Run`` (columns and
findings with row numbers).

Exactness (also in the header of every generated file and in ``regelspraak.backends.numpy.runtime``'s docstring)
------------------------------------------------------------------------------------------------
Numbers are integer columns over a denominator: fixed point ``v / 10**d`` where the type checker knows
the decimals ``d`` (plus/min align to the larger scale, maal adds the scales, ``X% van Y`` adds 2 plus
the percentage's decimals), and exact rationals where it does not (division, non-integral conversion:
a scalar or per-row positive denominator).  Rounding is integer floor division on those integers, so
boundary values (…5) round exactly like ``values.round_to``; comparisons and bounds compare aligned
(cross-multiplied) integers.  Every column carries Python-int bounds of its integers, propagated through
each operation; an operation that could exceed 2**62 runs on numpy object arrays of Python ints instead
of int64, so overflow cannot occur.  Row-independent parts (constants, parameters, rekendatum) are
computed with ``values.py`` itself.  Dates are int64 day numbers with month arithmetic clamped to the
month end as in ``values.add_duration``.  Hence every value equals the interpreter's ``Fraction``.

Not supported yet (``NotSupported`` names the construct and the rule): elfproef, uniqueness rules,
navigating to several objects from anything but the rule's subject, comparing objects, variables that
hold objects, aggregations over per-row fractions.
"""
from __future__ import annotations

import types
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from regelspraak.errors import UnsupportedConstruct
from regelspraak.model import nodes as M
from regelspraak.plan import nodes as P
from regelspraak.plan.lower import plan_of

from ..code import Atom, Call, Entry, Kw, Lambda, Node, Str, Tuple, fmt
from ..names import docstring_text, python_name

__all__ = ["NotSupported", "compile_numpy", "load_numpy"]


class NotSupported(UnsupportedConstruct):
    """A model construct the numpy backend cannot compile yet; names the construct and the rule."""

    def __init__(self, construct: str, rule: str | None = None):
        where = f" in regel '{rule}'" if rule else ""
        super().__init__(f"de numpy-backend ondersteunt {construct} nog niet{where}", construct, rule)


# ====================================================================== literals and names


def _ident(text: str) -> str:
    return python_name(text)


def _lit(v: Any) -> str:
    if v is None or isinstance(v, (bool, str)):
        return repr(v)
    if isinstance(v, Fraction):
        return f"F({v.numerator})" if v.denominator == 1 else f"F({v.numerator}, {v.denominator})"
    if isinstance(v, int):
        return f"F({v})"
    if isinstance(v, date):
        return f"D({v.year}, {v.month}, {v.day})"
    raise NotSupported(f"de waarde {v!r}")


def _comment(text: str) -> str:
    return docstring_text(text)


# ====================================================================== generator

_ARITH = {P.ArithOp.PLUS: "rt.add", P.ArithOp.MINUS: "rt.sub", P.ArithOp.REDUCED_BY: "rt.reduced_by",
          P.ArithOp.TIMES: "rt.mul", P.ArithOp.DIVIDE: "rt.div", P.ArithOp.DIVIDE_ABS: "rt.div"}
_FUNCTIONS = {P.Function.DURATION: "rt.duration", P.Function.DATE_PART: "rt.date_part",
              P.Function.MAKE_DATE: "rt.make_date", P.Function.ABSOLUTE: "rt.absolute"}


def _line(pad: str, head: str, node: Node, tail: str = "") -> str:
    """`{pad}{head}{node}{tail}`, the node broken over lines when it does not fit."""
    return pad + head + fmt(node, len(pad), len(pad) + len(head), len(tail)) + tail


def _at(*args: Node | str) -> list[Node]:
    return [Atom(a) if isinstance(a, str) else a for a in args]


class _Gen:
    """One pass over a plan: the text of the vectorized module."""

    def __init__(self, plan: P.Plan):
        self.plan = plan
        self.names: set[str] = set()
        self.vids: dict[int, int] = {}            # id(version) -> version id
        self.versions: list[P.Version] = []
        self.rule: P.Version | None = None
        self.uses_me = False                      # the function being written refers to its subject

    def fail(self, construct: str) -> NoReturn:
        raise NotSupported(construct, self.rule.label() if self.rule else None)

    def type_name(self, t: P.Type) -> str:
        """The object type an object- or collection-valued type refers to (resolve always sets it)."""
        if t.name is None:
            self.fail(f"een {t.kind} zonder objecttype")
        return t.name

    def unique(self, base: str) -> str:
        name, i = base, 2
        while name in self.names:
            name, i = f"{base}_{i}", i + 1
        self.names.add(name)
        return name

    def vid(self, r: P.Version) -> int:
        key = id(r)
        if key not in self.vids:
            self.vids[key] = len(self.versions)
            self.versions.append(r)
        return self.vids[key]

    # ------------------------------------------------------------------ module
    def module(self) -> str:
        plan = self.plan
        for r in plan.checks:
            if r.kind is P.RuleKind.UNIQUE:
                self.rule = r
                self.fail("een uniciteitsregel")
        members = {k: m for k, m in plan.members.items() if m.versions or m.initial}
        order = [k for k in plan.order if k in members] + sorted(k for k in members if k not in set(plan.order))
        functions = [(key, self.member_function(members[key])) for key in order]
        checks = [self.check_function(r) for r in plan.checks if r.kind is P.RuleKind.CONSISTENCY]
        out = [self.header(), self.tables()]
        out.extend(text for _, (_, text) in functions)
        out.extend(text for _, text in checks)
        table = Call("FUNCTIONS = ", [Entry(Atom(repr(key)), Atom(name)) for key, (name, _) in functions], "{", "}")
        out.append(fmt(table, 0, 0) + "\n")
        out.append(fmt(Call("CHECKS = ", [Atom(name) for name, _ in checks], "(", ")", tuple_=True), 0, 0) + "\n")
        out.append(
            "COMPILED = rt.Compiled(PARAMETER_SETS, ATTRIBUTES, MEMBERS, VERSIONS, FUNCTIONS, CHECKS)\n\n\n"
            "def run(population, rekendatum, parameterset=None):\n"
            "    \"\"\"Evaluate every attribute, kenmerk and consistentieregel for a population (runtime.Run).\"\"\"\n"
            "    return rt.Run(COMPILED, population, rekendatum, parameterset).all()\n")
        return "\n\n".join(s.rstrip("\n") + "\n" for s in out)

    def header(self) -> str:
        laws = "".join(f"\n  {_comment(f'{l.name} ({l.abbreviation}, {l.bwb_id})')}" for l in self.plan.laws) \
            or " (geen Wetgeving)"
        return (
            '"""Vectorized evaluation, generated by regelspraak.backends.numpy; do not edit.\n\n'
            f"Laws:{laws}\n\n"
            "One function per (object type, attribute or kenmerk) computes the whole column; every rule version\n"
            "is a masked branch with its articles in a comment above it.  `run(population, rekendatum)` evaluates all.\n\n"
            "Exactness: numbers are integer columns over a denominator: fixed point v/10**d with d from the type\n"
            "checker's decimals (plus/min align, maal adds decimals, X% van Y adds 2 + the percentage's decimals),\n"
            "exact rationals (positive scalar or per-row denominator) after division or a non-integral conversion.\n"
            "Rounding is integer floor division on those integers, so values on a rounding boundary round exactly\n"
            "as values.round_to.  Every column carries bounds of its integers; an operation that could pass 2**62\n"
            "runs on object arrays of Python ints, so nothing overflows.  Row-independent parts use values.py.\n"
            "Dates are integer day numbers, months clamp to the month end.  See regelspraak.backends.numpy.runtime.\n"
            '"""\n'
            "from datetime import date as D\n"
            "from fractions import Fraction as F\n\n"
            "import numpy as np  # noqa: F401  (the runtime works on numpy arrays)\n\n"
            "from regelspraak.backends.numpy import runtime as rt\n"
            "from regelspraak.evaluate import values as V  # noqa: F401\n")

    def tables(self) -> str:
        """The declarations; written after the functions, when every version id is known."""
        plan = self.plan
        lines = ["# ---------------------------------------------------------------- declarations",
                 "# (name, geldig vanaf, geldig t/m, wet, waarden) per parameterset",
                 "PARAMETER_SETS = ("]
        for s in plan.parameter_sets:
            lines.append(f"    ({s.name!r}, {_lit(s.start)}, {_lit(s.end)}, {s.law!r}, {{")
            lines.extend(f"        {k!r}: {_lit(v)}," for k, v in s.values.items())
            lines.append("    }),")
        lines.append(")")
        lines.append("")
        lines.append("# (object type, attribute or kenmerk) -> (kind, decimals, sign, is kenmerk)")
        lines.append("ATTRIBUTES = {")
        members = []
        for tkey, t in plan.object_types.items():
            seen = set()
            for a in t.attributes.values():
                lines.append(f"    ({tkey!r}, {a.name.lower()!r}): ({a.type.kind!r}, {a.type.decimals!r}, "
                             f"{a.type.sign!r}, False),")
                if a.name.lower() not in seen:
                    seen.add(a.name.lower())
                    members.append((tkey, a.name.lower()))
            for k in t.kenmerken.values():
                lines.append(f"    ({tkey!r}, {k.name.lower()!r}): ('boolean', None, None, True),")
                if k.name.lower() not in seen:
                    seen.add(k.name.lower())
                    members.append((tkey, k.name.lower()))
        lines.append("}")
        lines.append("")
        lines.append("# every attribute and kenmerk, in the order of the declarations (api.evaluate_all)")
        lines.append("MEMBERS = (")
        lines.extend(f"    {k!r}," for k in members)
        lines.append(")")
        lines.append("")
        lines.append("# rule versions used below, by version id (VERSIONS[i] is version i)")
        lines.append("VERSIONS = (")
        for i, r in enumerate(self.versions):
            lines.append(f"    # {i}")
            lines.append(_line("    ", "", self.declaration(r), ","))
        lines.append(")")
        return "\n".join(lines) + "\n"

    def declaration(self, r: P.Version) -> Node:
        """`rt.Rule(…)`: what a run needs of a version (validity, law, parameters; no expressions)."""
        args: list[Node] = [Str(r.rule), Atom(str(r.index)), Kw("law", Str(r.law) if r.law else Atom("None")),
                            Kw("kind", Str(r.kind.value)), Kw("subject", Str(r.subject_type)),
                            Kw("target", Tuple([Str(r.target.object_type), Str(r.target.name)]))]
        for name in ("start", "end"):
            value = getattr(r, name)
            if value is not None:
                args.append(Kw(name, Atom(_lit(value))))
        if r.parameters:
            args.append(Kw("params", Tuple([Str(n) for n in sorted(r.parameters)])))
        return Call("rt.Rule", args, pack=True)

    # ------------------------------------------------------------------ one member
    def member_function(self, member: P.Member) -> tuple[str, str]:
        otype, name = member.object_type.lower(), member.key
        fname = self.unique(f"{_ident(otype)}__{_ident(name)}")
        if member.kenmerk:
            desc = "kenmerk"
        else:
            t = member.type
            desc = t.show() + (f", {t.decimals} decimalen"
                               if t.decimals is not None and t.kind in ("number", "percentage") else "")
        self.uses_me = False
        body: list[str] = []
        uses_n = False
        for r in member.versions:
            body.extend(self.version_block(r, member.kenmerk))
            uses_n = uses_n or bool(r.variables)
        if member.initial and not member.kenmerk:
            body.append("    # geïnitialiseerd: only where no version fired and no value was given")
            body.append("    t.begin_init()")
            for r in member.initial:
                body.extend(self.version_block(r, member.kenmerk))
                uses_n = uses_n or bool(r.variables)
        body.append("    return t.finish()")
        head = [f"def {fname}(run):",
                f'    """{_comment(member.object_type)}: {_comment(member.name)} ({_comment(desc)})."""',
                f"    t = rt.Target(run, {otype!r}, {name!r})"]
        if self.uses_me:
            head.append(f"    me = rt.Ref({otype!r})")
        if uses_n:
            head.append("    n = t.n")
        return fname, "\n".join(head + body) + "\n"

    def version_comment(self, r: P.Version, pad: str) -> list[str]:
        where = f"  [{_comment(Path(r.span.path).name)}:{r.span.line}]" if r.span.path and r.span.line else ""
        lines = [f"{pad}# Regel {_comment(r.label())} ({r.kind.value}){where}"]
        for a in r.articles:
            jci = a.jci()
            lines.append(f"{pad}#   {_comment(a.show())}" + (f"  {jci}" if jci else ""))
        if r.start or r.end:
            lines.append(f"{pad}#   geldig {('vanaf ' + r.start.isoformat()) if r.start else ''}"
                         f"{(' t/m ' + r.end.isoformat()) if r.end else ''}")
        return lines

    def version_block(self, r: P.Version, is_kenmerk: bool) -> list[str]:
        self.rule = r
        v = self.vid(r)
        pad = "        "
        lines = [""] + self.version_comment(r, "    ")
        lines.append(f"    if run.applies({v}):")
        role = repr(tuple(r.subject_role)) if r.subject_role else "None"
        lines.append(f"{pad}ev = t.version(role={role})")
        scope = _Scope(self)
        lines.extend(self.variables(r, pad, scope))
        cond = self.cond(r.condition, scope) if r.condition is not None else Atom("True")
        lines.append(_line(pad, "c = ", cond))
        if is_kenmerk or r.kind is P.RuleKind.KENMERK:
            lines.append(f"{pad}t.fire(ev, c)")
        else:
            if r.expr is None:
                self.fail("een regel zonder waarde")
            value = self.expr(r.expr, scope)
            lines.append(f"{pad}x = None")
            lines.append(f"{pad}if rt.some(c):")
            lines.append(f"{pad}    with ev.where(c):")
            lines.append(_line(pad + "        ", "x = ", value))
            lines.append(f"{pad}t.fire(ev, c, x)")
        self.rule = None
        return lines

    def variables(self, r: P.Version, pad: str, scope: _Scope) -> list[str]:
        lines = []
        for b in r.variables:
            if b.expr.type.kind in ("object", "collection", "list"):
                self.fail(f"een variabele die objecten bevat ('{b.name}')")
            ident = scope.var(b.name)
            body = self.expr(b.expr, scope)
            lines.append(f"{pad}# {_comment(b.name)} (evaluated for all rows; its errors count where it is used)")
            lines.append(f"{pad}def _{ident}(ev):")
            lines.append(_line(pad + "    ", "return ", body))
            lines.append(f"{pad}{ident} = rt.variable(n, _{ident})")
        return lines

    def check_function(self, r: P.Version) -> tuple[str, str]:
        self.rule = r
        v = self.vid(r)
        fname = self.unique(f"check__{_ident(r.rule)}")
        otype = r.subject_type.lower()
        self.uses_me = False
        scope = _Scope(self)
        body = self.variables(r, "    ", scope)
        cond = self.cond(r.condition, scope) if r.condition is not None else Atom("True")
        if r.check is None:
            self.fail("een consistentieregel zonder toets")
        check = self.cond(r.check, scope)
        body.append(_line("    ", "c = ", cond))
        body.append("    ok = True")
        body.append("    if rt.some(c):")
        body.append("        with ev.where(c):")
        body.append(_line("            ", "ok = ", check))
        body.append(f"    run.inconsistent({v}, {otype!r}, ev, rt._and(c, rt.not_(ok)))")
        role = repr(tuple(r.subject_role)) if r.subject_role else "None"
        lines = [f"def {fname}(run):",
                 f'    """Consistentieregel {_comment(r.label())}: R603 where it does not hold."""']
        lines.extend(self.version_comment(r, "    "))
        lines.append(f"    if not run.applies({v}):")
        lines.append("        return")
        lines.append(f"    ev = run.subjects({otype!r}, role={role})")
        if self.uses_me:
            lines.append(f"    me = rt.Ref({otype!r})")
        if r.variables:
            lines.append("    n = ev.n")
        self.rule = None
        return fname, "\n".join(lines + body) + "\n"

    # ------------------------------------------------------------------ expressions
    def me(self) -> Node:
        self.uses_me = True
        return Atom("me")

    def relation(self, source: str, fact_type: str, role: str) -> Node:
        return Call("run.rel", [Str(source.lower()), Str(fact_type), Str(role)])

    def ref(self, e: P.Expr, sc: _Scope) -> Node:
        """Code for an object-valued expression (a Ref)."""
        if isinstance(e, P.Subject):
            return self.me()
        if isinstance(e, P.RoleNav) and not e.many:
            return Call("rt.nav", _at("ev", self.ref(e.base, sc),
                                      self.relation(self.type_name(e.base.type), e.fact_type, e.role)))
        self.fail(f"navigatie via {type(e).__name__}")

    def coll(self, e: P.Expr, sc: _Scope) -> Node:
        """Code for a collection-valued expression (a Coll)."""
        if isinstance(e, P.RoleNav):
            if not isinstance(e.base, P.Subject):
                self.fail("navigatie naar meerdere objecten vanaf een ander object dan het onderwerp")
            return Call("rt.nav_all", _at("ev", self.me(),
                                          self.relation(self.type_name(e.base.type), e.fact_type, e.role)))
        if isinstance(e, P.Filter):
            base = self.coll(e.base, sc)
            target = self.type_name(e.base.type)
            test = e.test
            mask: Node
            if isinstance(test, P.HasKenmerk) and isinstance(test.base, P.Subject):
                mask = Call("run.column", [Str(test.object_type.lower()), Str(test.key)])
            elif isinstance(test, P.HasRole) and isinstance(test.base, P.Subject):
                mask = Call("run.plays", [Str(target.lower()), Str(test.fact_type), Str(test.role)])
            else:
                self.fail("een selectie 'die …' met deze voorwaarde")
            return Call("rt.keep", _at("ev", base, mask, repr(test.negated)))
        self.fail(f"een verzameling via {type(e).__name__}")

    def value(self, e: P.Expr, sc: _Scope) -> Node:
        """Code for an operand whose type decides its kind: a collection, an object or a column."""
        if e.type.kind == "collection":
            return self.coll(e, sc)
        if e.type.kind == "object":
            return self.ref(e, sc)
        return self.expr(e, sc)

    def expr(self, e: P.Expr, sc: _Scope) -> Node:
        if isinstance(e, P.Const):
            return Atom(_lit(e.value))
        if isinstance(e, P.Param):
            return Call("run.param", _at("ev", Str(e.key)))
        if isinstance(e, P.Var):
            return Call("rt.use", _at("ev", sc.var(e.name)))
        if isinstance(e, P.Rekendatum):
            return Atom("run.rekendatum")
        if isinstance(e, P.Rekenjaar):
            return Atom("run.rekenjaar")
        if isinstance(e, P.Attr):
            if isinstance(e.base, P.Subject):
                return Call("run.read", _at("ev", Str(e.object_type.lower()), Str(e.key)))
            col = Call("run.column", [Str(e.object_type.lower()), Str(e.key)])
            base = self.coll(e.base, sc) if e.base.type.kind == "collection" else self.ref(e.base, sc)
            return Call("rt.attr", _at("ev", base, col))
        if isinstance(e, P.Arith):
            args = _at("ev", self.expr(e.left, sc), self.expr(e.right, sc))
            if e.op is P.ArithOp.DIVIDE_ABS:
                args.append(Str("ABS"))
            return Call(_ARITH[e.op], args)
        if isinstance(e, P.Convert):
            return Call("rt.convert", _at("ev", self.expr(e.operand, sc), _lit(Fraction(e.factor))))
        if isinstance(e, P.DateShift):
            return Call("rt.shift", _at("ev", self.expr(e.operand, sc), self.expr(e.amount, sc),
                                        Str(e.unit.value), str(e.sign)))
        if isinstance(e, P.PercentOf):
            return Call("rt.percent", _at("ev", self.expr(e.percent, sc), self.expr(e.operand, sc)))
        if isinstance(e, P.Round):
            return Call("rt.round_", _at("ev", self.expr(e.operand, sc), str(e.decimals), Str(e.mode.value)))
        if isinstance(e, P.Bound):
            lo = self.expr(e.minimum, sc) if e.minimum is not None else Atom("None")
            hi = self.expr(e.maximum, sc) if e.maximum is not None else Atom("None")
            return Call("rt.bound", _at("ev", lo, hi, self.expr(e.operand, sc)))
        if isinstance(e, P.Aggregate):
            if e.over:
                return Call("rt.agg", _at("ev", Str(e.kind.value), self.value(e.items[0], sc),
                                          repr(e.zero_default)))
            return Call("rt.agg_items", _at("ev", Str(e.kind.value), Tuple([self.expr(i, sc) for i in e.items]),
                                            repr(e.zero_default)))
        if isinstance(e, P.Call):
            args = [self.expr(a, sc) for a in e.args]
            if e.function in (P.Function.DURATION, P.Function.DATE_PART):
                args.append(Atom(repr(e.option)))
            return Call(_FUNCTIONS[e.function], _at("ev", *args))
        if isinstance(e, (P.Subject, P.RoleNav, P.Filter)):
            self.fail("een object of verzameling als waarde")
        self.fail(f"de uitdrukking {type(e).__name__}")

    # ------------------------------------------------------------------ conditions
    def cond(self, c: P.Condition, sc: _Scope) -> Node:
        if isinstance(c, P.Compare):
            for side in (c.left, c.right):
                if side.type.kind in ("object", "collection"):
                    self.fail("het vergelijken van objecten")
            return Call("rt.cmp", _at("ev", Str(c.op.value), self.expr(c.left, sc), self.expr(c.right, sc)))
        if isinstance(c, P.IsEmpty):
            return Call("rt.is_empty", _at("ev", self.value(c.operand, sc), repr(c.filled)))
        if isinstance(c, P.HasKenmerk):
            if isinstance(c.base, P.Subject):
                own = Call("run.read", _at("ev", Str(c.object_type.lower()), Str(c.key)))
                return Call("rt.not_", [own]) if c.negated else own
            col = Call("run.column", [Str(c.object_type.lower()), Str(c.key)])
            return Call("rt.kenmerk", _at("ev", self.ref(c.base, sc), col, repr(c.negated)))
        if isinstance(c, P.HasRole):
            plays = Call("run.plays", [Str(self.type_name(c.base.type).lower()), Str(c.fact_type), Str(c.role)])
            if isinstance(c.base, P.Subject):
                return Call("rt.not_", [plays]) if c.negated else plays
            return Call("rt.role", _at("ev", self.ref(c.base, sc), plays, repr(c.negated)))
        if isinstance(c, P.Quantified):
            items = Tuple([Lambda(self.cond(i, sc)) for i in c.items])
            return Call("rt.quant", _at("ev", Str(c.quantifier.value), repr(c.count), items))
        if isinstance(c, P.Elfproef):
            self.fail("de elfproef")
        self.fail(f"de voorwaarde {type(c).__name__}")


class _Scope:
    """The `Daarbij geldt` variables of one rule version and their names in the generated code."""

    def __init__(self, gen: _Gen):
        self.gen = gen
        self.vars: dict[str, str] = {}

    def var(self, name: str) -> str:
        key = name.lower()
        if key not in self.vars:
            base = f"w_{_ident(name)}"
            self.vars[key] = base + (f"_{len(self.vars)}" if base in self.vars.values() else "")
        return self.vars[key]


def compile_numpy(model: M.Model | P.Plan) -> str:
    """The source text of the vectorized module for a checked model (raises NotSupported)."""
    return _generate(plan_of(model))[0]


def _generate(plan: P.Plan) -> tuple[str, tuple[P.Version, ...]]:
    """The module source and the plan versions in version-id order (VERSIONS[i] declares versions[i])."""
    gen = _Gen(plan)
    return gen.module(), tuple(gen.versions)


def load_numpy(model: M.Model | P.Plan, name: str = "regelspraak_numpy_generated") -> types.ModuleType:
    """Compile the model and execute the source into a fresh module (with `run`, `FUNCTIONS`, …)."""
    source, versions = _generate(plan_of(model))
    mod = types.ModuleType(name)
    mod.__dict__["__source__"] = source
    mod.__dict__["RULE_VERSIONS"] = versions     # the plan version (with expressions) for each version id
    exec(compile(source, f"<{name}>", "exec"), mod.__dict__)
    return mod

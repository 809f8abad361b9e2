"""The numpy backend: a model → the source of a vectorized module that evaluates a law for whole populations.

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

import re
import types
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from regelspraak.model import nodes as M

from ..names import docstring_text, python_name

__all__ = ["NotSupported", "compile_numpy", "load_numpy"]


class NotSupported(Exception):
    """A model construct the numpy backend cannot compile yet; names the construct and the rule."""

    def __init__(self, construct: str, rule: str | None = None):
        self.construct, self.rule = construct, rule
        where = f" in regel '{rule}'" if rule else ""
        super().__init__(f"de numpy-backend ondersteunt {construct} nog niet{where}")


# ====================================================================== code tree and layout

class _Call:
    __slots__ = ("fn", "args")

    def __init__(self, fn: str, *args):
        self.fn, self.args = fn, args


class _Lambda:
    __slots__ = ("params", "body")

    def __init__(self, params: str, body):
        self.params, self.body = params, body


class _Tuple:
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = tuple(items)


def _flat(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, _Call):
        return f"{node.fn}({', '.join(_flat(a) for a in node.args)})"
    if isinstance(node, _Lambda):
        return f"lambda{(' ' + node.params) if node.params else ''}: {_flat(node.body)}"
    inner = ", ".join(_flat(a) for a in node.items)
    return f"({inner},)" if len(node.items) == 1 else f"({inner})"


def _render(node, indent: int, width: int = 110) -> str:
    flat = _flat(node)
    if len(flat) + indent <= width or isinstance(node, str):
        return flat
    pad = " " * (indent + 4)
    if isinstance(node, _Lambda):
        head = f"lambda{(' ' + node.params) if node.params else ''}: "
        return head + _render(node.body, indent + len(head), width)
    if isinstance(node, _Call):
        args = [pad + _render(a, indent + 4, width) for a in node.args]
        return f"{node.fn}(\n" + ",\n".join(args) + ")"
    args = [pad + _render(a, indent + 4, width) for a in node.items]
    return "(\n" + ",\n".join(args) + ("," if len(args) == 1 else "") + ")"


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


def _drop_unused(lines: list[str], names: tuple[str, ...]) -> list[str]:
    """Leave out `    NAME = …` set-up lines whose NAME is not used further on (keeps the output lint-clean)."""
    out = list(lines)
    for name in names:
        pattern = re.compile(rf"\b{name}\b")
        defs = [i for i, l in enumerate(out) if l.strip().startswith(f"{name} = ")]
        for i in reversed(defs):
            if not any(pattern.search(l) for j, l in enumerate(out) if j != i):
                del out[i]
    return out


class _Gen:
    def __init__(self, model: M.Model):
        self.m = model
        self.names: set[str] = set()
        self.vids: dict[int, int] = {}            # index in model.rules -> version id
        self.versions: list[M.RuleVersion] = []
        self.rule: M.RuleVersion | None = None

    def fail(self, construct: str) -> NoReturn:
        raise NotSupported(construct, self.rule.label() if self.rule else None)

    def type_name(self, t: M.Type) -> str:
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

    def vid(self, r: M.RuleVersion) -> int:
        key = id(r)
        if key not in self.vids:
            self.vids[key] = len(self.versions)
            self.versions.append(r)
        return self.vids[key]

    # ------------------------------------------------------------------ module
    def module(self) -> str:
        m = self.m
        for r in m.rules:
            if r.kind == "uniek":
                self.rule = r
                self.fail("een uniciteitsregel")
        out: list[str] = []
        targets: dict[tuple[str, str], list[M.RuleVersion]] = {}
        for r in m.rules:
            if r.kind in ("consistentie", "uniek"):
                continue
            targets.setdefault((r.target.object_type.lower(), r.target.name.lower()), []).append(r)
        order = [k for k in m.order if k in targets] + sorted(k for k in targets if k not in set(m.order))
        functions = []
        for key in order:
            functions.append((key, self.target_function(key, targets[key])))
        checks = []
        for r in m.rules:
            if r.kind == "consistentie":
                checks.append(self.check_function(r))
        out.append(self.header())
        out.append(self.tables())
        for key, (name, text) in functions:
            out.append(text)
        for name, text in checks:
            out.append(text)
        out.append("FUNCTIONS = {\n" + "".join(f"    {key!r}:\n        {name},\n" if len(f"    {key!r}: {name},") > 110
                                             else f"    {key!r}: {name},\n" for key, (name, _) in functions) + "}\n")
        out.append("CHECKS = (\n" + "".join(f"    {name},\n" for name, _ in checks) + ")\n")
        out.append(
            "COMPILED = rt.Compiled(PARAMETER_SETS, ATTRIBUTES, MEMBERS, VERSIONS, FUNCTIONS, CHECKS)\n\n\n"
            "def run(population, rekendatum, parameterset=None):\n"
            "    \"\"\"Evaluate every attribute, kenmerk and consistentieregel for a population (runtime.Run).\"\"\"\n"
            "    return rt.Run(COMPILED, population, rekendatum, parameterset).all()\n")
        return "\n\n".join(s.rstrip("\n") + "\n" for s in out)

    def header(self) -> str:
        laws = "".join(f"\n  {_comment(f'{l.name} ({l.abbreviation}, {l.bwb_id})')}" for l in self.m.laws) \
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
        m = self.m
        lines = ["# ---------------------------------------------------------------- declarations",
                 "# (name, geldig vanaf, geldig t/m, wet, waarden) per parameterset",
                 "PARAMETER_SETS = ("]
        for s in m.parameter_sets:
            lines.append(f"    ({s.name!r}, {_lit(s.start)}, {_lit(s.end)}, {s.law!r}, {{")
            lines.extend(f"        {k!r}: {_lit(v)}," for k, v in s.values.items())
            lines.append("    }),")
        lines.append(")")
        lines.append("")
        lines.append("# (object type, attribute or kenmerk) -> (kind, decimals, sign, is kenmerk)")
        lines.append("ATTRIBUTES = {")
        members = []
        for tkey, t in m.object_types.items():
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
        lines.append("# rule versions used below: (label, geldig vanaf, geldig t/m, wet, leest parameters)")
        lines.append("VERSIONS = (")
        lines.append("__VERSIONS__")
        lines.append(")")
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ one target
    def target_function(self, key, versions: list[M.RuleVersion]):
        otype, name = key
        info = self.m.object_type(otype)
        if info is None:                        # resolve only accepts targets of declared object types
            self.fail(f"een regel voor het onbekende objecttype '{otype}'")
        is_kenmerk = name in info.kenmerken
        fname = self.unique(f"{_ident(otype)}__{_ident(name)}")
        display = info.kenmerken[name].name if is_kenmerk else info.attributes[name].name
        if is_kenmerk:
            desc = "kenmerk"
        else:
            t = info.attributes[name].type
            desc = t.show() + (f", {t.decimals} decimalen" if t.decimals is not None and t.kind in ("number", "percentage") else "")
        body = [f"def {fname}(run):",
                f'    """{_comment(info.name)}: {_comment(display)} ({_comment(desc)})."""',
                f"    t = rt.Target(run, {otype!r}, {name!r})",
                f"    me = rt.Ref({otype!r})",
                "    n = t.n"]
        regular = [r for r in versions if r.kind != "geïnitialiseerd"]
        initial = [r for r in versions if r.kind == "geïnitialiseerd"] if not is_kenmerk else []
        for r in regular:
            body.extend(self.version_block(r, is_kenmerk))
        if initial:
            body.append("    # geïnitialiseerd: only where no version fired and no value was given")
            body.append("    t.begin_init()")
            for r in initial:
                body.extend(self.version_block(r, is_kenmerk))
        body.append("    return t.finish()")
        return fname, "\n".join(_drop_unused(body, ("me", "n"))) + "\n"

    def version_comment(self, r: M.RuleVersion, pad: str) -> list[str]:
        where = f"  [{_comment(Path(r.span.path).name)}:{r.span.line}]" if r.span.path and r.span.line else ""
        lines = [f"{pad}# Regel {_comment(r.label())} ({r.kind}){where}"]
        for a in r.articles:
            lines.append(f"{pad}#   {_comment(a.show())}" + (f"  {a.jci()}" if a.jci() else ""))
        if r.start or r.end:
            lines.append(f"{pad}#   geldig {('vanaf ' + r.start.isoformat()) if r.start else ''}"
                         f"{(' t/m ' + r.end.isoformat()) if r.end else ''}")
        return lines

    def version_block(self, r: M.RuleVersion, is_kenmerk: bool) -> list[str]:
        self.rule = r
        v = self.vid(r)
        pad = "        "
        lines = [""] + self.version_comment(r, "    ")
        lines.append(f"    if run.applies({v}):")
        role = repr(tuple(r.subject_role)) if r.subject_role else "None"
        lines.append(f"{pad}ev = t.version(role={role})")
        self.scope = _Scope(self, r.subject_type)
        lines.extend(self.variables(r, pad))
        cond = self.cond(r.condition, self.scope) if r.condition is not None else "True"
        lines.append(f"{pad}c = {_render(cond, len(pad) + 4)}")
        if is_kenmerk or r.kind == "kenmerk":
            lines.append(f"{pad}t.fire(ev, c)")
        else:
            value = self.expr(r.expr, self.scope)
            lines.append(f"{pad}x = None")
            lines.append(f"{pad}if rt.some(c):")
            lines.append(f"{pad}    with ev.where(c):")
            lines.append(f"{pad}        x = {_render(value, len(pad) + 12)}")
            lines.append(f"{pad}t.fire(ev, c, x)")
        self.rule = None
        return lines

    def variables(self, r: M.RuleVersion, pad: str) -> list[str]:
        lines = []
        for vname, e in r.variables:
            if e.type.kind in ("object", "collection", "list"):
                self.fail(f"een variabele die objecten bevat ('{vname}')")
            ident = self.scope.var(vname)
            body = self.expr(e, self.scope)
            lines.append(f"{pad}# {_comment(vname)} (evaluated for all rows; its errors count where it is used)")
            lines.append(f"{pad}def _{ident}(ev):")
            lines.append(f"{pad}    return {_render(body, len(pad) + 11)}")
            lines.append(f"{pad}{ident} = rt.variable(n, _{ident})")
        return lines

    def check_function(self, r: M.RuleVersion):
        self.rule = r
        v = self.vid(r)
        fname = self.unique(f"check__{_ident(r.rule)}")
        otype = r.subject_type.lower()
        lines = [f"def {fname}(run):",
                 f'    """Consistentieregel {_comment(r.label())}: R603 where it does not hold."""']
        lines.extend(self.version_comment(r, "    "))
        lines.append(f"    if not run.applies({v}):")
        lines.append("        return")
        role = repr(tuple(r.subject_role)) if r.subject_role else "None"
        lines.append(f"    ev = run.subjects({otype!r}, role={role})")
        lines.append(f"    me = rt.Ref({otype!r})")
        lines.append("    n = ev.n")
        self.scope = _Scope(self, r.subject_type)
        lines.extend(self.variables(r, "    "))
        cond = self.cond(r.condition, self.scope) if r.condition is not None else "True"
        check = self.cond(r.check, self.scope)
        lines.append(f"    c = {_render(cond, 8)}")
        lines.append("    ok = True")
        lines.append("    if rt.some(c):")
        lines.append("        with ev.where(c):")
        lines.append(f"            ok = {_render(check, 17)}")
        lines.append(f"    run.inconsistent({v}, {otype!r}, ev, rt._and(c, rt.not_(ok)))")
        self.rule = None
        return fname, "\n".join(_drop_unused(lines, ("me", "n"))) + "\n"

    # ------------------------------------------------------------------ expressions
    def ref(self, e, sc) -> Any:
        """Code for an object-valued expression (a Ref)."""
        if isinstance(e, M.Subject):
            return sc.me
        if isinstance(e, M.RoleNav) and e.type.kind == "object":
            src = self.type_name(e.base.type)
            return _Call("rt.nav", "ev", self.ref(e.base, sc), _Call("run.rel", repr(src.lower()),
                                                                      repr(e.fact_type), repr(e.role)))
        self.fail(f"navigatie via {type(e).__name__}")

    def coll(self, e, sc) -> Any:
        """Code for a collection-valued expression (a Coll)."""
        if isinstance(e, M.RoleNav):
            if not isinstance(e.base, M.Subject):
                self.fail("navigatie naar meerdere objecten vanaf een ander object dan het onderwerp")
            return _Call("rt.nav_all", "ev", sc.me, _Call("run.rel", repr(self.type_name(e.base.type).lower()),
                                                           repr(e.fact_type), repr(e.role)))
        if isinstance(e, M.Filter):
            base = self.coll(e.base, sc)
            target = self.type_name(e.base.type)
            inner = _Scope(self, target, me="rt.Ref(%r)" % target.lower())
            test = e.test
            if isinstance(test, M.HasKenmerk) and isinstance(test.base, M.Subject):
                mask = _Call("run.get", repr(test.object_type.lower()), repr(test.name.lower()))
            elif isinstance(test, M.HasRole) and isinstance(test.base, M.Subject):
                mask = _Call("run.plays", repr(target.lower()), repr(test.fact_type), repr(test.role))
            else:
                self.fail("een selectie 'die …' met deze voorwaarde")
            del inner
            if test.negated:
                mask = _Call("rt.not_", mask)
            return _Call("rt.keep", base, mask)
        self.fail(f"een verzameling via {type(e).__name__}")

    def expr(self, e, sc) -> Any:
        k = type(e)
        if k is M.Const:
            return _lit(e.value)
        if k is M.Param:
            return _Call("run.param", "ev", repr(e.name.lower()))
        if k is M.Var:
            return _Call("rt.use", "ev", sc.var(e.name))
        if k is M.Rekendatum:
            return "run.rekendatum"
        if k is M.Rekenjaar:
            return "run.rekenjaar"
        if k is M.Attr:
            col = _Call("run.get", repr(e.object_type.lower()), repr(e.name.lower()))
            if isinstance(e.base, M.Subject):
                return col
            if e.base.type.kind == "collection":
                return _Call("rt.attr", "ev", self.coll(e.base, sc), col)
            return _Call("rt.attr", "ev", self.ref(e.base, sc), col)
        if k is M.Arith:
            fn = {"plus": "rt.add", "min": "rt.sub", "verminderd met": "rt.reduced_by", "maal": "rt.mul",
                  "gedeeld door": "rt.div", "gedeeld door (ABS)": "rt.div"}.get(e.op)
            if fn is None:
                self.fail(f"de bewerking '{e.op}'")
            args = ["ev", self.expr(e.left, sc), self.expr(e.right, sc)]
            if e.op == "gedeeld door (ABS)":
                args.append("'ABS'")
            return _Call(fn, *args)
        if k is M.Convert:
            return _Call("rt.convert", "ev", self.expr(e.operand, sc), _lit(Fraction(e.factor)))
        if k is M.DateShift:
            return _Call("rt.shift", "ev", self.expr(e.operand, sc), self.expr(e.amount, sc), repr(e.unit), str(e.sign))
        if k is M.PercentOf:
            return _Call("rt.percent", "ev", self.expr(e.percent, sc), self.expr(e.operand, sc))
        if k is M.Round:
            return _Call("rt.round_", "ev", self.expr(e.operand, sc), str(e.decimals), repr(e.mode))
        if k is M.Bound:
            lo = self.expr(e.minimum, sc) if e.minimum is not None else "None"
            hi = self.expr(e.maximum, sc) if e.maximum is not None else "None"
            return _Call("rt.bound", "ev", lo, hi, self.expr(e.operand, sc))
        if k is M.Aggregate:
            if len(e.items) == 1 and e.items[0].type.kind in ("list", "collection", "object"):
                item = e.items[0]
                if item.type.kind == "collection":
                    code = self.coll(item, sc)
                elif item.type.kind == "object":
                    code = self.ref(item, sc)
                else:
                    code = self.expr(item, sc)
                return _Call("rt.agg", "ev", repr(e.kind), code, repr(e.zero_default))
            return _Call("rt.agg_items", "ev", repr(e.kind), _Tuple(self.expr(i, sc) for i in e.items),
                         repr(e.zero_default))
        if k is M.Call:
            args = [self.expr(a, sc) for a in e.args]
            if e.function == "duration":
                return _Call("rt.duration", "ev", *args, repr(e.option))
            if e.function == "date_part":
                return _Call("rt.date_part", "ev", *args, repr(e.option))
            if e.function == "make_date":
                return _Call("rt.make_date", "ev", *args)
            if e.function == "absolute":
                return _Call("rt.absolute", "ev", *args)
            self.fail(f"de functie '{e.function}'")
        if k in (M.Subject, M.RoleNav, M.Filter):
            self.fail("een object of verzameling als waarde")
        self.fail(f"de uitdrukking {k.__name__}")

    # ------------------------------------------------------------------ conditions
    def cond(self, c, sc) -> Any:
        k = type(c)
        if k is M.Compare:
            for side in (c.left, c.right):
                if side.type.kind in ("object", "collection"):
                    self.fail("het vergelijken van objecten")
            return _Call("rt.cmp", "ev", repr(c.op), self.expr(c.left, sc), self.expr(c.right, sc))
        if k is M.IsEmpty:
            kind = c.operand.type.kind
            if kind == "collection":
                code = self.coll(c.operand, sc)
            elif kind == "object":
                code = self.ref(c.operand, sc)
            else:
                code = self.expr(c.operand, sc)
            return _Call("rt.is_empty", "ev", code, repr(c.filled))
        if k is M.HasKenmerk:
            col = _Call("run.get", repr(c.object_type.lower()), repr(c.name.lower()))
            if isinstance(c.base, M.Subject):
                return _Call("rt.not_", col) if c.negated else col
            return _Call("rt.kenmerk", "ev", self.ref(c.base, sc), col, repr(c.negated))
        if k is M.HasRole:
            src = c.base.type.name.lower()
            plays = _Call("run.plays", repr(src), repr(c.fact_type), repr(c.role))
            if isinstance(c.base, M.Subject):
                return _Call("rt.not_", plays) if c.negated else plays
            return _Call("rt.role", "ev", self.ref(c.base, sc), plays, repr(c.negated))
        if k is M.Quantified:
            items = _Tuple(_Lambda("", self.cond(i, sc)) for i in c.items)
            return _Call("rt.quant", "ev", repr(c.quantifier), repr(c.count), items)
        if k is M.Elfproef:
            self.fail("de elfproef")
        self.fail(f"de voorwaarde {k.__name__}")


class _Scope:
    """Names inside one rule version: the subject reference and the `Daarbij geldt` variables."""

    def __init__(self, gen: _Gen, subject_type: str, me: str = "me"):
        self.gen, self.subject_type, self.me = gen, subject_type, me
        self.vars: dict[str, str] = {}

    def var(self, name: str) -> str:
        key = name.lower()
        if key not in self.vars:
            self.vars[key] = f"w_{_ident(name)}" + (f"_{len(self.vars)}" if f"w_{_ident(name)}" in self.vars.values() else "")
        return self.vars[key]


def compile_numpy(model: M.Model) -> str:
    """The source text of the vectorized module for a checked model (raises NotSupported)."""
    return _generate(model)[0]


def _generate(model: M.Model) -> tuple[str, tuple[M.RuleVersion, ...]]:
    """The module source and the rule versions in version-id order (VERSIONS[i] is versions[i])."""
    gen = _Gen(model)
    text = gen.module()
    rows = []
    for i, r in enumerate(gen.versions):
        rows.append(f"    ({r.label()!r}, {_lit(r.start)}, {_lit(r.end)}, {r.law!r}, {bool(r.parameters)!r}),  # {i}")
    return text.replace("__VERSIONS__\n", "\n".join(rows) + "\n" if rows else ""), tuple(gen.versions)


def load_numpy(model: M.Model, name: str = "regelspraak_numpy_generated") -> types.ModuleType:
    """Compile the model and execute the source into a fresh module (with `run`, `FUNCTIONS`, …)."""
    source, versions = _generate(model)
    mod = types.ModuleType(name)
    mod.__dict__["__source__"] = source
    mod.__dict__["RULE_VERSIONS"] = versions     # the model's rule version for each version id
    exec(compile(source, f"<{name}>", "exec"), mod.__dict__)
    return mod

"""Expressions of the plan → Python on scaled integers, for case functions (case_function.py).

A number whose decimals are known statically is an int n = value · 10**scale (`fixed`); the scale of every
expression follows from its operands, so `a plus b` is `a * 10**k + b` after aligning and `p% van x` is `p * x`
at scale p + x + 2: exact, and no Fraction is made. What has no finite scale (after `gedeeld door`, a unit
factor like 1/12, a declared `getal` without decimals read from input) is an exact Fraction (`frac`) handled by
the values.py functions, exactly as the interpreter does. Leeg (None) follows values.py everywhere.

Two rules keep the results the interpreter's. (1) Everything the interpreter evaluates is evaluated (so every
error it would report is seen, and makes the case function fall back); the case function may evaluate more
(a `Daarbij geldt` variable before a condition, a navigation at the top of the loop): that can only make it
fall back more often. (2) Where the generated code short-circuits and the interpreter does not (a None test
before a comparison), the skipped operand cannot raise (`Code.safe`).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from regelspraak.evaluate.values import decimals_of
from regelspraak.plan import nodes as P

from ..code import Atom, BoolOp, Call, Comp, Node, Str, Tuple
from .case_code import (
    NONE,
    Code,
    Ctx,
    Each,
    Joined,
    Local,
    NotSupported,
    Op,
    Read,
    Ternary,
    get,
    is_none,
    keyed,
    power,
    wrap,
)
from .case_conditions import Conditions

if TYPE_CHECKING:
    from .case_function import CaseFunction

ROUND = {P.RoundingMode.DOWN: "round_down", P.RoundingMode.UP: "round_up", P.RoundingMode.HALF_AWAY: "round_half",
         P.RoundingMode.TOWARD_ZERO: "round_toward_zero", P.RoundingMode.AWAY_FROM_ZERO: "round_away"}
_AGG = {P.AggregateKind.MAX: "rt.agg_max", P.AggregateKind.MIN: "rt.agg_min", P.AggregateKind.FIRST: "rt.agg_first",
        P.AggregateKind.LAST: "rt.agg_last"}
_FRACTION_ARITH = {P.ArithOp.PLUS: "rt.add", P.ArithOp.MINUS: "rt.sub", P.ArithOp.REDUCED_BY: "rt.reduced_by",
                   P.ArithOp.TIMES: "rt.mul", P.ArithOp.DIVIDE: "rt.div", P.ArithOp.DIVIDE_ABS: "rt.div_abs"}
_DATE_PARTS = {"dag": "day", "maand": "month", "jaar": "year"}
_NUMBER = ("fixed", "frac", "none")


class Exprs(Conditions):
    """Translates expressions and conditions; `host` (the CaseFunction) names locals, columns and parameters."""

    def __init__(self, host: CaseFunction):
        self.host = host
        self.reads: set[Read] = set()

    # ---------------------------------------------------------- scales
    def aligned(self, c: Code, scale: int) -> Node:
        """c (fixed or none) at a larger scale; leeg stays leeg."""
        if c.kind == "none":
            return Atom("None")
        if c.value is not None:
            return Atom(str(int(c.value * 10**scale)))
        if c.scale == scale:
            return c.node
        if not c.nullable:
            return Op("*", [c.node, power(scale - c.scale)], 6)
        return Call("rt.scaled", [c.node, power(scale - c.scale)])

    def zero(self, c: Code, scale: int) -> Node:
        """c at scale, leeg counting as 0 (plus, min, maal, percentages)."""
        if c.kind == "none":
            return Atom("0")
        if not c.nullable:
            return self.aligned(c, scale)
        node = BoolOp("or", [wrap(c.node, 2), Atom("0")])
        return node if c.scale == scale else Op("*", [node, power(scale - c.scale)], 6)

    def exact(self, c: Code) -> Node:
        """c as the interpreter's value (a Fraction for numbers), for the values.py functions."""
        if c.kind == "fixed":
            if c.value is not None:
                return self.host.fraction(c.value)
            return Call("rt.fr", [c.node, power(c.scale)])
        if c.kind == "list" and c.elem == "fixed":
            var = self.host.new_name("x")
            return Each(Call("rt.fr", [Atom(var), power(c.scale)]), var, c.node)
        return c.node

    # ---------------------------------------------------------- expressions
    def expr(self, e: P.Expr, ctx: Ctx) -> Code:
        """Code computing e on scaled integers where it can, with what is known about its value."""
        if isinstance(e, P.Const):
            return self.const(e.value)
        if isinstance(e, P.Param):
            name, store, leeg = self.host.param(e.key)
            return Code(Atom(name), store.kind, store.scale, nullable=leeg, cheap=True,
                        same=Call(Local("params"), [Str(e.key)], "[", "]"))
        if isinstance(e, P.Var):
            if e.key not in ctx.vars:
                raise NotSupported(f"variabele '{e.name}' wordt gebruikt voordat ze is gedefinieerd")
            return ctx.vars[e.key]
        if isinstance(e, P.Subject):
            return Code(Atom(ctx.subject), "obj", nullable=False, cheap=True)
        if isinstance(e, P.Attr):
            return self.attr(e, ctx)
        if isinstance(e, P.RoleNav):
            return self.nav(e, ctx)
        if isinstance(e, P.Filter):
            return self.filter(e, ctx)
        if isinstance(e, P.Arith):
            return self.arith(e.op, self.expr(e.left, ctx), self.expr(e.right, ctx))
        if isinstance(e, P.Convert):
            return self.convert(self.expr(e.operand, ctx), Fraction(e.factor))
        if isinstance(e, P.DateShift):
            return self.shift(e, ctx)
        if isinstance(e, P.PercentOf):
            return self.percent(self.expr(e.percent, ctx), self.expr(e.operand, ctx))
        if isinstance(e, P.Round):
            return self.round(e, ctx)
        if isinstance(e, P.Bound):
            return self.bound(e, ctx)
        if isinstance(e, P.Aggregate):
            return self.aggregate(e, ctx)
        if isinstance(e, P.Call):
            return self.call(e, ctx)
        if isinstance(e, P.Rekendatum):
            return Code(Local("rekendatum"), "date", nullable=False, cheap=True)
        if isinstance(e, P.Rekenjaar):
            return Code(Local("rekenjaar"), "fixed", 0, nullable=False, cheap=True)
        raise NotSupported(f"uitdrukking {type(e).__name__}")

    def const(self, v: Any) -> Code:
        """A constant of the rules (None, bool, text, number, date)."""
        if v is None:
            return NONE
        if isinstance(v, (bool, str)):
            return Code(Atom(repr(v)) if isinstance(v, bool) else Str(v), "plain", nullable=False, cheap=True)
        if isinstance(v, (int, Fraction)):
            d = decimals_of(Fraction(v))
            if d is None:
                return Code(self.host.fraction(Fraction(v)), "frac", nullable=False, cheap=True)
            return Code(Atom(str(int(v * 10**d))), "fixed", d, nullable=False, cheap=True, value=Fraction(v),
                        same=Local(self.host.constant(Fraction(v))))
        if isinstance(v, date):
            return Code(self.host.day(v), "date", nullable=False, cheap=True)
        raise NotSupported(f"constante van type {type(v).__name__}")

    def attr(self, e: P.Attr, ctx: Ctx) -> Code:
        key = (e.object_type.lower(), e.key)
        store = self.host.storage(key)
        if isinstance(e.base, P.Subject) and ctx.local:
            self.reads.add((key, False))
            return Code(Atom(self.host.local(key)), store.kind, store.scale, cheap=True,
                        same=keyed("memo", key[1]))
        self.reads.add((key, True))
        column, base = self.host.column(key), self.expr(e.base, ctx)
        if base.kind == "none":
            return NONE
        if base.kind == "obj":
            node: Node = Joined(column, "[", base.node, "]") if not base.nullable and base.cheap else \
                Call(f"{column}.get", [base.node])
            return Code(node, store.kind, store.scale, cheap=base.cheap, safe=base.safe)
        if base.kind == "ids":
            var = self.host.new_name("i")
            return Code(Each(Atom(f"{column}[{var}]"), var, base.node), "list", store.scale, nullable=False,
                        safe=base.safe, elem=store.kind)
        raise NotSupported(f"'{e.name}' van een {base.kind}")

    def nav(self, e: P.RoleNav, ctx: Ctx) -> Code:
        ft, role, many = e.fact_type.lower(), e.role.lower(), e.many
        kind = "ids" if many else "obj"
        if isinstance(e.base, P.Subject) and ctx.local:
            return Code(Atom(self.host.nav(ft, role, many)), kind, nullable=not many, cheap=True)
        base = self.expr(e.base, ctx)
        if base.kind == "none":
            return Code(Atom("()"), "ids", nullable=False, cheap=True) if many else NONE
        roles = Local("roles")
        if base.kind == "obj":
            found = get(roles, [Tuple([base.node, Str(ft), Str(role)]), *([Atom("()")] if many else [])])
            if many:
                return Code(found, kind, nullable=False, safe=base.safe)
            return Code(Call("rt.one", [found]), kind, safe=False)
        if base.kind == "ids":
            node = Call("rt.navigate", [roles, base.node, Str(ft), Str(role), Atom(repr(many))])
            return Code(node, kind, nullable=not many, safe=many and base.safe)
        raise NotSupported(f"rol '{e.role}' van een {base.kind}")

    def filter(self, e: P.Filter, ctx: Ctx) -> Code:
        base = self.expr(e.base, ctx)
        if base.kind == "none":
            return Code(Atom("[]"), "ids", nullable=False, cheap=True)
        if base.kind != "ids":
            raise NotSupported(f"selectie uit een {base.kind}")
        var = self.host.new_name("i")
        test = self.cond(e.test, Ctx(var, False))
        return Code(Comp(var, base.node, test), "ids", nullable=False, safe=False)

    # ---------------------------------------------------------- arithmetic
    def arith(self, op: P.ArithOp, a: Code, b: Code) -> Code:
        fixed = a.kind in ("fixed", "none") and b.kind in ("fixed", "none")
        if a.kind not in _NUMBER or b.kind not in _NUMBER:
            raise NotSupported(f"'{op.value}' met {a.kind} en {b.kind}")
        safe = a.safe and b.safe
        if not fixed:
            return Code(Call(_FRACTION_ARITH[op], [self.exact(a), self.exact(b)]), "frac",
                        nullable=op is P.ArithOp.REDUCED_BY,
                        safe=safe and op not in (P.ArithOp.DIVIDE, P.ArithOp.DIVIDE_ABS))
        if op in (P.ArithOp.PLUS, P.ArithOp.MINUS):
            s = max(a.scale, b.scale)
            return Code(Op("+" if op is P.ArithOp.PLUS else "-", [self.zero(a, s), self.zero(b, s)], 5), "fixed", s,
                        nullable=False, safe=safe)
        if op is P.ArithOp.REDUCED_BY:
            s = max(a.scale, b.scale)
            if a.kind == "none":
                return replace(NONE, safe=safe)
            minus = Op("-", [self.aligned(replace(a, nullable=False), s), self.zero(b, s)], 5)
            if not a.nullable:
                return Code(minus, "fixed", s, nullable=False, safe=safe)
            if a.cheap:
                return Code(Ternary(Atom("None"), is_none(a.node), minus), "fixed", s, safe=safe)
            return Code(Call("rt.reduced", [self.aligned(a, s), self.aligned(b, s)]), "fixed", s, safe=safe)
        if op is P.ArithOp.TIMES:
            return Code(Op("*", [self.zero(a, a.scale), self.zero(b, b.scale)], 6), "fixed", a.scale + b.scale,
                        nullable=False, safe=safe)
        if op is P.ArithOp.DIVIDE:
            return Code(Call("rt.quotient", [self.node(a), self.node(b), power(b.scale), power(a.scale)]), "frac",
                        nullable=False, safe=False)
        if op is P.ArithOp.DIVIDE_ABS:
            return Code(Call("rt.divide", [self.node(a), self.node(b), power(b.scale + 5), power(a.scale),
                                           Str("richting nul")]), "fixed", 5, nullable=False, safe=False)
        raise NotSupported(f"bewerking '{op.value}'")

    @staticmethod
    def node(c: Code) -> Node:
        return Atom(str(int(c.value * 10**c.scale))) if c.value is not None else c.node

    def percent(self, p: Code, x: Code) -> Code:
        if p.kind in ("fixed", "none") and x.kind in ("fixed", "none"):
            return Code(Op("*", [self.zero(p, p.scale), self.zero(x, x.scale)], 6), "fixed", p.scale + x.scale + 2,
                        nullable=False, safe=p.safe and x.safe)
        return Code(Call("rt.percent_of", [self.exact(p), self.exact(x)]), "frac", nullable=False,
                    safe=p.safe and x.safe)

    def convert(self, a: Code, factor: Fraction) -> Code:
        if a.kind == "none":
            return a
        den, extra = factor.denominator, 0
        while 10**extra % den and extra < 30:
            extra += 1
        if a.kind != "fixed" or 10**extra % den:
            return Code(Call("rt.scale", [self.exact(a), self.host.fraction(factor)]), "frac", 0, a.nullable,
                        safe=a.safe)
        mult = factor.numerator * 10**extra // den
        scale = a.scale + extra
        if a.value is not None:
            return self.const(a.value * factor)
        if mult == 1:
            return replace(a, scale=scale)
        if not a.nullable:
            return Code(Op("*", [a.node, Atom(str(mult))], 6), "fixed", scale, nullable=False, safe=a.safe)
        return Code(Call("rt.scaled", [a.node, Atom(str(mult))]), "fixed", scale, safe=a.safe)

    def round(self, e: P.Round, ctx: Ctx) -> Code:
        d = e.decimals
        x = e.operand
        if isinstance(x, P.Arith) and x.op is P.ArithOp.DIVIDE:
            a, b = self.expr(x.left, ctx), self.expr(x.right, ctx)
            if a.kind in ("fixed", "none") and b.kind in ("fixed", "none"):
                node = Call("rt.divide", [self.node(a), self.node(b), power(b.scale + d), power(a.scale),
                                          Str(e.mode.value)])
                return Code(node, "fixed", d, nullable=False, safe=False)
            c = self.arith(x.op, a, b)
        else:
            c = self.expr(x, ctx)
        if c.kind == "none":
            return replace(NONE, safe=c.safe)
        if c.kind == "frac":
            return Code(Call("rt.round_fraction", [c.node, power(d), Str(e.mode.value)]), "fixed", d, c.nullable,
                        safe=c.safe)
        if c.kind != "fixed":
            raise NotSupported(f"afronden van een {c.kind}")
        if c.scale <= d:
            return Code(self.aligned(c, d), "fixed", d, c.nullable, cheap=c.cheap and c.scale == d, safe=c.safe)
        return Code(Call("rt." + ROUND[e.mode], [c.node, power(c.scale - d)]), "fixed", d, c.nullable, safe=c.safe)

    def bound(self, e: P.Bound, ctx: Ctx) -> Code:
        lo = self.expr(e.minimum, ctx) if e.minimum is not None else None
        hi = self.expr(e.maximum, ctx) if e.maximum is not None else None
        x = self.expr(e.operand, ctx)
        parts = [c for c in (x, lo, hi) if c is not None]
        if any(c.kind not in _NUMBER for c in parts):
            if all(c.kind in ("date", "none") for c in parts):
                args = [c.node if c else Atom("None") for c in (x, lo, hi)]
                return Code(Call("rt.bounded", args), "date", safe=False)
            raise NotSupported("begrenzing van een niet-getal")
        if any(c.kind == "frac" for c in parts):
            args = [self.exact(c) if c else Atom("None") for c in (x, lo, hi)]
            return Code(Call("rt.bounded", args), "frac", safe=False)
        s = max(c.scale for c in parts)
        bounds = [c for c in (lo, hi) if c is not None]
        crossing = lo is not None and hi is not None and not (
            lo.value is not None and hi.value is not None and lo.value <= hi.value)
        if x.kind == "none" or crossing or any(c.nullable for c in bounds) or (x.nullable and not x.cheap):
            args = [self.aligned(c, s) if c else Atom("None") for c in (x, lo, hi)]
            return Code(Call("rt.bounded", args), "fixed", s, safe=False)
        node = self.aligned(replace(x, nullable=False), s)
        if lo is not None:
            node = Call("max", [node, self.aligned(lo, s)])
        if hi is not None:
            node = Call("min", [node, self.aligned(hi, s)])
        if x.nullable:
            node = Ternary(Atom("None"), is_none(x.node), node)
        return Code(node, "fixed", s, x.nullable, safe=x.safe and all(c.safe for c in bounds))

    # ---------------------------------------------------------- aggregations and functions
    def aggregate(self, e: P.Aggregate, ctx: Ctx) -> Code:
        values: Node
        if e.over:
            c = self.expr(e.items[0], ctx)
            if e.kind is P.AggregateKind.COUNT:
                node = Call("len", [c.node]) if c.kind in ("ids", "list") else Call("rt.count_items", [c.node])
                return Code(node, "fixed", 0, nullable=False, safe=c.safe)
            values = c.node if c.kind in ("ids", "list") else Call("rt.listed", [c.node])
            kind, scale = (c.elem or "obj", c.scale) if c.kind == "list" else ("obj", 0)    # (a list has its elem)
        else:
            codes = [self.expr(i, ctx) for i in e.items]
            if e.kind is P.AggregateKind.COUNT:
                return Code(Atom(str(len(codes))) if all(c.safe for c in codes) else
                            Call("len", [Call("", [c.node for c in codes], "[", "]")]), "fixed", 0, nullable=False,
                            safe=all(c.safe for c in codes))
            kinds = {c.kind for c in codes} - {"none"}
            if kinds <= {"fixed"}:
                scale = max(c.scale for c in codes)
                values, kind = Call("", [self.aligned(c, scale) for c in codes], "[", "]"), "fixed"
            elif kinds <= {"fixed", "frac"}:
                values, kind, scale = Call("", [self.exact(c) for c in codes], "[", "]"), "frac", 0
            else:
                values, kind, scale = Call("", [c.node for c in codes], "[", "]"), kinds.pop(), 0
        if e.kind is P.AggregateKind.SUM:
            if kind == "fixed":
                return Code(Call("rt.total", [values, Atom(repr(e.zero_default))]), "fixed", scale,
                            nullable=not e.zero_default, safe=False)
            if kind != "frac":
                raise NotSupported(f"de som van een {kind}")
            return Code(Call("rt.agg_sum", [values, Atom(repr(e.zero_default))]), "frac", safe=False)
        if e.kind not in _AGG:
            raise NotSupported(f"aggregatie '{e.kind.value}'")
        return Code(Call(_AGG[e.kind], [values]), kind, scale, safe=False)

    def call(self, e: P.Call, ctx: Ctx) -> Code:
        args = [self.expr(a, ctx) for a in e.args]
        safe = all(a.safe for a in args)
        if e.function is P.Function.DURATION and len(args) == 2 and e.option is not None:
            return Code(Call("rt.whole_units", [args[0].node, args[1].node, Str(e.option)]), "fixed", 0, safe=safe)
        if e.function is P.Function.DATE_PART and len(args) == 1:
            d, part = args[0], _DATE_PARTS.get(e.option or "")
            if e.option is None or part is None or d.kind not in ("date", "none"):
                raise NotSupported(f"datumdeel '{e.option}'")
            if d.kind == "none":
                return replace(NONE, kind="fixed")
            if not d.cheap:
                return Code(Call("rt.date_part", [d.node, Str(e.option)]), "frac", safe=safe)
            got = Joined(d.node, "." + part)
            node: Node = Ternary(Atom("None"), is_none(d.node), got) if d.nullable else got
            return Code(node, "fixed", 0, d.nullable, safe=safe)
        if e.function is P.Function.MAKE_DATE and len(args) == 3:
            if all(a.kind in ("fixed", "none") for a in args):
                return Code(Call("rt.make_day", [self.whole(a) for a in args]), "date", safe=False)
            return Code(Call("rt.make_date", [self.exact(a) for a in args]), "date", safe=False)
        if e.function is P.Function.ABSOLUTE and len(args) == 1:
            a = args[0]
            if a.kind == "fixed" and a.cheap and a.nullable:
                return Code(Ternary(Atom("None"), is_none(a.node), Call("abs", [a.node])), "fixed", a.scale, safe=safe)
            if a.kind == "fixed" and not a.nullable:
                return Code(Call("abs", [a.node]), "fixed", a.scale, nullable=False, safe=safe)
            return replace(a, node=Call("rt.absolute", [a.node]), cheap=False, value=None)
        raise NotSupported(f"functie '{e.function.value}'")

    def whole(self, a: Code) -> Node:
        """A scaled number as a whole int (year, month, day); not whole is R602 (Fallback)."""
        if a.kind == "none":
            return Atom("None")
        if a.value is not None and a.value.denominator == 1:
            return Atom(str(int(a.value)))
        return a.node if a.scale == 0 else Call("rt.whole", [self.node(a), power(a.scale)])

    def shift(self, e: P.DateShift, ctx: Ctx) -> Code:
        d, n = self.expr(e.operand, ctx), self.expr(e.amount, ctx)
        if d.kind not in ("date", "none") or n.kind not in _NUMBER:
            raise NotSupported("datumverschuiving")
        if n.kind == "frac":
            head = "rt.date_plus" if e.sign == 1 else "rt.date_minus"
            return Code(Call(head, [d.node, n.node, Str(e.unit.value)]), "date", safe=False)
        k = 10**n.scale * (1 if e.sign == 1 else -1)
        return Code(Call("rt.shift", [d.node, self.node(n), Atom(str(k)), Str(e.unit.value)]), "date", safe=False)

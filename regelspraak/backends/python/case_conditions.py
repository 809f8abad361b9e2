"""Conditions of the model → Python for case functions (a part of fast_exprs.Exprs), and when the versions of
one member can be chained with `elif` (`exclusive`).

Conditions short-circuit exactly where the interpreter does (`alle`, `geen`, `ten minste één`, the counts
through rt.at_least / rt.at_most with lambdas, `precies` evaluating everything). A None test the generated
code adds in front of a comparison only skips an operand that cannot raise; `==` and `!=` need no test where
Python's own comparison with None is already values.compare.
"""
from __future__ import annotations

from dataclasses import replace

from regelspraak.model import nodes as M
from regelspraak.model.disjoint import disjoint
from regelspraak.model.order import walk

from ..code import Atom, BoolOp, Call, Node, Not, Str, Tuple, quantified_node
from .case_code import Code, Ctx, NotSupported, compare_node, is_none


class Conditions:
    """The condition half of fast_exprs.Exprs (which supplies expr, exact, aligned, plan and reads)."""

    def cond(self, c: M.Condition, ctx: Ctx) -> Node:
        k = type(c)
        if k is M.Quantified:
            return self.quantified(c, ctx)
        if k is M.Compare:
            return self.compare(c.op, self.expr(c.left, ctx), self.expr(c.right, ctx))
        if k is M.IsEmpty:
            v = self.expr(c.operand, ctx)
            if v.kind in ("ids", "list"):
                return Call("bool", [v.node]) if c.filled else Not(v.node)
            if v.kind == "none":
                return Atom(repr(not c.filled))
            return is_none(v.node, negated=c.filled)
        if k is M.HasKenmerk:
            return self.has(c, ctx)
        if k is M.HasRole:
            return self.plays(c, ctx)
        if k is M.Elfproef:
            return Call("rt.elfproef", [self.exact(self.expr(c.operand, ctx))])
        raise NotSupported(f"voorwaarde {k.__name__}")

    def compare(self, op: str, a: Code, b: Code) -> Node:
        if a.kind == "fixed" and b.kind == "fixed":
            s = max(a.scale, b.scale)
            left, right = self.aligned(replace(a, nullable=False), s), self.aligned(replace(b, nullable=False), s)
        elif a.kind == b.kind and a.kind in ("date", "plain", "obj"):
            left, right = a.node, b.node
        else:
            return Call("rt.compare", [Str(op), self.exact(a), self.exact(b)])
        plain = all(n is c.node for c, n in ((a, left), (b, right)) if c.nullable)
        if op == "!=" and plain or op == "==" and plain and not (a.nullable and b.nullable):
            return compare_node(left, op, right)      # Python's None == x / None != x is exactly values.compare
        guards = [is_none(c.node, negated=True) for c in (a, b) if c.nullable]
        inline = all(c.cheap for c in (a, b) if c.nullable) and (not guards or (a.safe and b.safe))
        if op == "!=" and guards or not inline:
            s = max(a.scale, b.scale)
            args = [self.aligned(c, s) if c.kind == "fixed" else c.node for c in (a, b)]
            return Call("rt.compare", [Str(op)] + args)
        test = compare_node(left, op, right)
        return BoolOp("and", guards + [test]) if guards else test

    def has(self, c: M.HasKenmerk, ctx: Ctx) -> Node:
        key = (c.object_type.lower(), c.name.lower())
        if type(c.base) is M.Subject and ctx.local:
            self.reads.add((key, False))
            node = Atom(self.plan.local(key))
            return Not(node) if c.negated else node
        self.reads.add((key, True))
        column, base = self.plan.column(key), self.expr(c.base, ctx)
        if base.kind == "none":
            return Atom("False")
        if base.kind != "obj":
            raise NotSupported(f"kenmerk '{c.name}' van een {base.kind}")
        if not c.negated:
            if not base.nullable and base.cheap:
                return Atom(f"{column}[{base.node.flat()}]")
            return compare_node(Call(f"{column}.get", [base.node]), "is", Atom("True"))
        if not base.nullable and base.cheap:
            return Not(Atom(f"{column}[{base.node.flat()}]"))
        if base.cheap:
            return BoolOp("and", [is_none(base.node, True), Not(Atom(f"{column}[{base.node.flat()}]"))])
        return Call("rt.lacks", [Atom(column), base.node])

    def plays(self, c: M.HasRole, ctx: Ctx) -> Node:
        base = self.expr(c.base, ctx)
        if base.kind == "none":
            return Atom("False")
        if base.kind != "obj":
            raise NotSupported(f"rol '{c.role}' van een {base.kind}")
        if type(c.base) is M.Subject and ctx.local:
            played = Atom(self.plan.role(c.fact_type.lower(), c.role.lower()))
            return Not(played) if c.negated else played
        roles = self.plan.use("roles")
        key = [Str(c.fact_type.lower()), Str("#" + c.role.lower())]
        if base.nullable and not base.cheap:
            return Call("rt.plays", [Atom(roles), base.node] + key + [Atom(repr(c.negated))])
        test = compare_node(Tuple([base.node] + key), "not in" if c.negated else "in", Atom(roles))
        return BoolOp("and", [is_none(base.node, True), test]) if base.nullable else test

    def quantified(self, c: M.Quantified, ctx: Ctx) -> Node:
        node = quantified_node(c.quantifier, c.count, [self.cond(i, ctx) for i in c.items])
        if node is None:
            raise NotSupported(f"kwantor '{c.quantifier}'")
        return node


def exclusive(rules: list[M.RuleVersion]) -> bool:
    """At most one of these versions can fire (disjoint conditions, or validity periods that do not meet), and
    the conditions after the first cannot raise: then `elif` skips exactly what the interpreter finds false."""
    for k, a in enumerate(rules):
        if k and _may_raise(a.condition, {n.lower(): x for n, x in a.variables}, set()):
            return False
        for b in rules[k + 1:]:
            apart = (a.end is not None and b.start is not None and a.end < b.start) or \
                    (b.end is not None and a.start is not None and b.end < a.start)
            if not apart and not disjoint(a.condition, b.condition):
                return False
    return True


def _may_raise(node, defs: dict, seen: set) -> bool:
    """Whether evaluating this condition can report an error (R602, R606) that is not found elsewhere."""
    for n in walk(node) if node is not None else ():
        k = type(n)
        if k is M.Arith and n.op.startswith("gedeeld door") or k is M.DateShift or k is M.Call and \
                n.function == "make_date":
            return True
        if k is M.RoleNav and n.type.kind != "collection" and type(n.base) is not M.Subject:
            return True                 # (R606 of the subject's own roles is checked before the branches)
        if k is M.Bound and n.minimum is not None and n.maximum is not None and not (
                type(n.minimum) is M.Const and type(n.maximum) is M.Const and n.minimum.value is not None
                and n.maximum.value is not None and n.minimum.value <= n.maximum.value):
            return True
        if k is M.Var and n.name.lower() in defs and n.name.lower() not in seen:
            seen.add(n.name.lower())
            if _may_raise(defs[n.name.lower()], defs, seen):
                return True
    return False

"""Conditions of the plan → Python for case functions (a part of case_expressions.Exprs), and when the versions
of one member can be chained with `elif` (`exclusive`).

Conditions short-circuit exactly where the interpreter does (`alle`, `geen`, `ten minste één`, the counts
through rt.at_least / rt.at_most with lambdas, `precies` evaluating everything). A None test the generated
code adds in front of a comparison only skips an operand that cannot raise; `==` and `!=` need no test where
Python's own comparison with None is already values.compare.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from regelspraak.model.disjoint import disjoint
from regelspraak.model.order import walk
from regelspraak.plan import nodes as P

from ..code import Atom, BoolOp, Call, Node, Not, Str, Tuple, quantified_node
from .case_code import Code, Ctx, Joined, Local, NotSupported, Read, compare_node, is_none

if TYPE_CHECKING:
    from .case_function import CaseFunction

_DIVISIONS = (P.ArithOp.DIVIDE, P.ArithOp.DIVIDE_ABS)


class Conditions:
    """The condition half of case_expressions.Exprs (which supplies expr, exact and aligned)."""

    host: CaseFunction                                # names locals, columns and parameters
    reads: set[Read]

    def expr(self, e: P.Expr, ctx: Ctx) -> Code:
        raise NotImplementedError

    def exact(self, c: Code) -> Node:
        raise NotImplementedError

    def aligned(self, c: Code, scale: int) -> Node:
        raise NotImplementedError

    def cond(self, c: P.Condition, ctx: Ctx) -> Node:
        """Code testing c, short-circuiting where the interpreter does."""
        if isinstance(c, P.Quantified):
            node = quantified_node(c.quantifier, c.count, [self.cond(i, ctx) for i in c.items])
            if node is None:
                raise NotSupported(f"kwantor '{c.quantifier.value}'")
            return node
        if isinstance(c, P.Compare):
            return self.compare(c.op, self.expr(c.left, ctx), self.expr(c.right, ctx))
        if isinstance(c, P.IsEmpty):
            v = self.expr(c.operand, ctx)
            if v.kind in ("ids", "list"):
                return Call("bool", [v.node]) if c.filled else Not(v.node)
            if v.kind == "none":
                return Atom(repr(not c.filled))
            return is_none(v.node, negated=c.filled)
        if isinstance(c, P.HasKenmerk):
            return self.has(c, ctx)
        if isinstance(c, P.HasRole):
            return self.plays(c, ctx)
        if isinstance(c, P.Elfproef):
            return Call("rt.elfproef", [self.exact(self.expr(c.operand, ctx))])
        raise NotSupported(f"voorwaarde {type(c).__name__}")

    def compare(self, op: P.CompareOp, a: Code, b: Code) -> Node:
        if a.kind == "fixed" and b.kind == "fixed":
            s = max(a.scale, b.scale)
            left, right = self.aligned(replace(a, nullable=False), s), self.aligned(replace(b, nullable=False), s)
        elif a.kind == b.kind and a.kind in ("date", "plain", "obj"):
            left, right = a.node, b.node
        else:
            return Call("rt.compare", [Str(op.value), self.exact(a), self.exact(b)])
        plain = all(n is c.node for c, n in ((a, left), (b, right)) if c.nullable)
        eq, ne = op is P.CompareOp.EQ, op is P.CompareOp.NE
        if ne and plain or eq and plain and not (a.nullable and b.nullable):
            return compare_node(left, op.value, right)      # Python's None == x / None != x is values.compare
        guards: list[Node] = [is_none(c.node, negated=True) for c in (a, b) if c.nullable]
        inline = all(c.cheap for c in (a, b) if c.nullable) and (not guards or (a.safe and b.safe))
        if ne and guards or not inline:
            s = max(a.scale, b.scale)
            args = [self.aligned(c, s) if c.kind == "fixed" else c.node for c in (a, b)]
            return Call("rt.compare", [Str(op.value), *args])
        test = compare_node(left, op.value, right)
        return BoolOp("and", [*guards, test]) if guards else test

    def has(self, c: P.HasKenmerk, ctx: Ctx) -> Node:
        key = (c.object_type.lower(), c.key)
        if isinstance(c.base, P.Subject) and ctx.local:
            self.reads.add((key, False))
            node = Atom(self.host.local(key))
            return Not(node) if c.negated else node
        self.reads.add((key, True))
        column, base = self.host.column(key), self.expr(c.base, ctx)
        if base.kind == "none":
            return Atom("False")
        if base.kind != "obj":
            raise NotSupported(f"kenmerk '{c.name}' van een {base.kind}")
        if not c.negated:
            if not base.nullable and base.cheap:
                return Joined(column, "[", base.node, "]")
            return compare_node(Call(f"{column}.get", [base.node]), "is", Atom("True"))
        if not base.nullable and base.cheap:
            return Not(Joined(column, "[", base.node, "]"))
        if base.cheap:
            return BoolOp("and", [is_none(base.node, True), Not(Joined(column, "[", base.node, "]"))])
        return Call("rt.lacks", [Atom(column), base.node])

    def plays(self, c: P.HasRole, ctx: Ctx) -> Node:
        base = self.expr(c.base, ctx)
        if base.kind == "none":
            return Atom("False")
        if base.kind != "obj":
            raise NotSupported(f"rol '{c.role}' van een {base.kind}")
        if isinstance(c.base, P.Subject) and ctx.local:
            played = Atom(self.host.role(c.fact_type.lower(), c.role.lower()))
            return Not(played) if c.negated else played
        roles = Local("roles")
        key = [Str(c.fact_type.lower()), Str("#" + c.role.lower())]
        if base.nullable and not base.cheap:
            return Call("rt.plays", [roles, base.node, *key, Atom(repr(c.negated))])
        test = compare_node(Tuple([base.node, *key]), "not in" if c.negated else "in", roles)
        return BoolOp("and", [is_none(base.node, True), test]) if base.nullable else test


def exclusive(versions: list[P.Version]) -> bool:
    """At most one of these versions can fire (disjoint conditions, or validity periods that do not meet), and
    the conditions after the first cannot raise: then `elif` skips exactly what the interpreter finds false."""
    for k, a in enumerate(versions):
        if k and _may_raise(a.condition, {b.key: b.expr for b in a.variables}, set()):
            return False
        for b in versions[k + 1:]:
            apart = (a.end is not None and b.start is not None and a.end < b.start) or \
                    (b.end is not None and a.start is not None and b.end < a.start)
            if not apart and not disjoint(a.condition, b.condition):
                return False
    return True


def _may_raise(node: P.Expr | P.Condition | None, defs: dict[str, P.Expr], seen: set[str]) -> bool:
    """Whether evaluating this condition can report an error (R602, R606) that is not found elsewhere."""
    for n in walk(node) if node is not None else ():
        if isinstance(n, P.Arith) and n.op in _DIVISIONS or isinstance(n, P.DateShift) or \
                isinstance(n, P.Call) and n.function is P.Function.MAKE_DATE:
            return True
        if isinstance(n, P.RoleNav) and not n.many and not isinstance(n.base, P.Subject):
            return True                 # (R606 of the subject's own roles is checked before the branches)
        if isinstance(n, P.Bound) and n.minimum is not None and n.maximum is not None and not (
                isinstance(n.minimum, P.Const) and isinstance(n.maximum, P.Const) and n.minimum.value is not None
                and n.maximum.value is not None and n.minimum.value <= n.maximum.value):
            return True
        if isinstance(n, P.Var) and n.key in defs and n.key not in seen:
            seen.add(n.key)
            if _may_raise(defs[n.key], defs, seen):
                return True
    return False

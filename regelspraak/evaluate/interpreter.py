"""The exact interpreter: the plan's expressions and conditions walked with the values of `values.py`.

In: a Model (lowered once, see plan.lower.plan_of) or a Plan, a Population, a rekendatum. Out: an evaluation
whose values, findings and traces come from the driver (evaluate/driver.py); this module only says how one
version's condition and value are computed, recording what they read and which part of a condition failed.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

from ..model import nodes as M
from ..plan import nodes as P
from ..plan.lower import plan_of
from . import findings as F
from . import values as V
from .driver import Driver, Fact, Instance, Population
from .findings import Finding, RuleError

# An Evaluation's inputs and outputs are importable with it.
__all__ = ["Evaluation", "Fact", "Finding", "Instance", "Population", "RuleError", "elfproef"]


class _Ctx:
    """One version evaluated for one subject: its variables (computed on first use) and what it read."""
    __slots__ = ("failed", "reads", "subject", "vars", "version")

    def __init__(self, subject: str, version: P.Version):
        self.subject, self.version = subject, version
        self.vars: dict[str, Any] = {}
        self.reads: list[tuple[str, str, Any]] = []
        self.failed: list[P.Condition] = []       # the innermost failing part of the condition, when it failed


class Evaluation(Driver):
    """Evaluates one population at one rekendatum; every value is computed at most once, with a trace."""

    def __init__(self, model: M.Model | P.Plan, population: Population, rekendatum: date,
                 parameterset: str | None = None):
        super().__init__(plan_of(model), population, rekendatum, parameterset)
        self.model = model                  # for display: object types, parameters, rules (api, trace, testing)

    # ---------------------------------------------------------- the driver's hooks
    def start(self, version: P.Version, subject: str) -> _Ctx:
        return _Ctx(subject, version)

    def holds(self, version: P.Version, ctx: _Ctx) -> bool:
        return version.condition is None or self.cond(version.condition, ctx, ctx.failed)

    def failed(self, version: P.Version, ctx: _Ctx) -> Any:
        return ctx.failed[0] if ctx.failed else version.condition

    def compute(self, version: P.Version, ctx: _Ctx) -> Any:
        assert version.expr is not None
        return self.expr(version.expr, ctx)

    def violates(self, version: P.Version, ctx: _Ctx) -> bool:
        assert version.check is not None
        return (version.condition is None or self.cond(version.condition, ctx)) and not self.cond(version.check, ctx)

    def reads(self, ctx: _Ctx) -> tuple[tuple[str, str, Any], ...]:
        return tuple(ctx.reads)

    # ---------------------------------------------------------- expressions
    def expr(self, e: P.Expr, ctx: _Ctx) -> Any:
        """The value of an expression for the context's subject."""
        if isinstance(e, P.Const):
            return e.value
        if isinstance(e, P.Attr):
            base = self.expr(e.base, ctx)
            if base is None:
                return None
            if isinstance(base, list):
                return [self._read(b, e.name, ctx) for b in base]
            return self._read(base, e.name, ctx)
        if isinstance(e, P.Param):
            if e.key not in self.params:
                raise self.missing_parameter(e.name)
            v = self.params[e.key]
            ctx.reads.append(("", e.name, v))
            return v
        if isinstance(e, P.Var):
            if e.key not in ctx.vars:
                binding = next(b for b in ctx.version.variables if b.key == e.key)
                ctx.vars[e.key] = self.expr(binding.expr, ctx)
            return ctx.vars[e.key]
        if isinstance(e, P.Subject):
            return ctx.subject
        if isinstance(e, P.Arith):
            return self._guard(ARITHMETIC[e.op], ctx, self.expr(e.left, ctx), self.expr(e.right, ctx))
        if isinstance(e, P.Convert):
            v = self.expr(e.operand, ctx)
            return None if v is None else v * e.factor
        if isinstance(e, P.DateShift):
            d, n = self.expr(e.operand, ctx), self.expr(e.amount, ctx)
            return self._guard(V.add_duration, ctx, d, None if n is None else n * e.sign, e.unit)
        if isinstance(e, P.PercentOf):
            return V.percent_of(self.expr(e.percent, ctx), self.expr(e.operand, ctx))
        if isinstance(e, P.Round):
            return V.round_to(self.expr(e.operand, ctx), e.decimals, e.mode)
        if isinstance(e, P.Bound):
            lo = self.expr(e.minimum, ctx) if e.minimum is not None else None
            hi = self.expr(e.maximum, ctx) if e.maximum is not None else None
            return self._guard(V.bounded, ctx, self.expr(e.operand, ctx), lo, hi)
        if isinstance(e, P.RoleNav):
            return self._navigate(self.expr(e.base, ctx), e, ctx)
        if isinstance(e, P.Filter):
            base = self.expr(e.base, ctx) or []
            return [i for i in base if self.cond(e.test, _Ctx(i, ctx.version))]
        if isinstance(e, P.Aggregate):
            return self._aggregate(e, ctx)
        if isinstance(e, P.Call):
            args = [self.expr(a, ctx) for a in e.args]
            if e.function is P.Function.DURATION:
                return V.duration_between(args[0], args[1], e.option or "")
            if e.function is P.Function.DATE_PART:
                return V.date_part(args[0], e.option or "")
            if e.function is P.Function.MAKE_DATE:
                return self._guard(V.make_date, ctx, *args)
            return V.absolute(args[0])
        if isinstance(e, P.Rekendatum):
            return self.rekendatum
        if isinstance(e, P.Rekenjaar):
            return Fraction(self.rekendatum.year)
        raise F.unknown_construct(type(e).__name__)

    def _guard(self, fn: Callable[..., Any], ctx: _Ctx, *args: Any) -> Any:
        try:
            return fn(*args)
        except V.EvaluationError as err:
            raise F.evaluation_error(err.message, ctx.version) from None

    def _read(self, inst: str, name: str, ctx: _Ctx) -> Any:
        v = self.value(inst, name)
        ctx.reads.append((inst, name, v))
        return v

    def _navigate(self, base: Any, e: P.RoleNav, ctx: _Ctx) -> Any:
        if base is None:
            return [] if e.many else None
        found: list[str] = []
        for b in base if isinstance(base, list) else [base]:
            found.extend(self._roles.get((b, e.fact_type.lower(), e.role.lower()), ()))
        if e.many:
            return found
        if len(found) > 1:
            raise F.too_many_players(base, e.role, found, e.fact_type, ctx.version)
        return found[0] if found else None

    def _aggregate(self, e: P.Aggregate, ctx: _Ctx) -> Any:
        if e.over:
            vals = self.expr(e.items[0], ctx)
            vals = [] if vals is None else vals if isinstance(vals, list) else [vals]
        else:
            vals = [self.expr(i, ctx) for i in e.items]
        if e.kind is P.AggregateKind.COUNT:
            return Fraction(len(vals))
        if e.kind is P.AggregateKind.SUM:
            return V.agg_sum(vals, e.zero_default)
        return AGGREGATES[e.kind](vals)

    # ---------------------------------------------------------- conditions
    def cond(self, c: P.Condition, ctx: _Ctx, failed: list[P.Condition] | None = None) -> bool:
        """Evaluate a condition; when it fails, append the innermost failing part to `failed`."""
        if isinstance(c, P.Quantified):
            return self._quantified(c, ctx, failed)
        if isinstance(c, P.Compare):
            result = self._guard(V.compare, ctx, c.op, self.expr(c.left, ctx), self.expr(c.right, ctx))
        elif isinstance(c, P.IsEmpty):
            v = self.expr(c.operand, ctx)
            empty = v is None or v == []
            result = (not empty) if c.filled else empty
        elif isinstance(c, P.HasKenmerk):
            base = self.expr(c.base, ctx)
            result = False if base is None else (self._read(base, c.name, ctx) is True) != c.negated
        elif isinstance(c, P.HasRole):
            base = self.expr(c.base, ctx)
            result = False if base is None else self.play(base, c.fact_type, c.role) != c.negated
        elif isinstance(c, P.Elfproef):
            result = elfproef(self.expr(c.operand, ctx))
        else:
            raise F.unknown_construct(type(c).__name__)
        if not result and failed is not None:
            failed.append(c)
        return bool(result)

    def _quantified(self, c: P.Quantified, ctx: _Ctx, failed: list[P.Condition] | None) -> bool:
        inner: list[P.Condition] = []
        true = 0
        q, n = c.quantifier, c.count or 0
        for item in c.items:
            ok = self.cond(item, ctx, inner)
            true += ok
            if q is P.Quantifier.ALL and not ok:
                if failed is not None:
                    failed.append(inner[-1] if inner else item)
                return False
            if q is P.Quantifier.NONE and ok:
                if failed is not None:
                    failed.append(c)
                return False
            if q is P.Quantifier.AT_LEAST and true >= n:
                return True
            if q is P.Quantifier.AT_MOST and true > n:
                break
        result = {P.Quantifier.ALL: True, P.Quantifier.NONE: True, P.Quantifier.AT_LEAST: true >= n,
                  P.Quantifier.AT_MOST: true <= n, P.Quantifier.EXACTLY: true == c.count}[q]
        if not result and failed is not None:
            failed.append(c)
        return result


def elfproef(v: Any) -> bool:
    """The eleven test of a BSN or bank number (8 or 9 digits); leeg fails."""
    if v is None:
        return False
    digits = [int(ch) for ch in str(v if not isinstance(v, Fraction) else v.numerator) if ch.isdigit()]
    if len(digits) not in (8, 9):
        return False
    digits = [0] * (9 - len(digits)) + digits
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1))) - digits[-1]
    return total % 11 == 0


ARITHMETIC: dict[P.ArithOp, Callable[[Any, Any], Any]] = {
    P.ArithOp.PLUS: V.add, P.ArithOp.MINUS: V.sub, P.ArithOp.REDUCED_BY: V.reduced_by, P.ArithOp.TIMES: V.mul,
    P.ArithOp.DIVIDE: V.div, P.ArithOp.DIVIDE_ABS: V.div_abs,
}
AGGREGATES: dict[P.AggregateKind, Callable[[list[Any]], Any]] = {
    P.AggregateKind.MAX: V.agg_max, P.AggregateKind.MIN: V.agg_min, P.AggregateKind.FIRST: V.agg_first,
    P.AggregateKind.LAST: V.agg_last,
}

"""Quantified conditions and the leeg/gevuld test.

In: condition thunks (``quant``: alle / geen / ten minste / ten hoogste / precies) or a value, navigation result
or collection (``is_empty``).  Out: a mask.  ``quant`` narrows the ``Ev`` while it evaluates later items, so
their errors count only where the interpreter would evaluate them.
"""
from __future__ import annotations

import numpy as np

from .columns import _is_col
from .errors import Ev
from .masks import _and, _not
from .relations import Coll, Ref


def is_empty(ev: Ev, x, filled: bool):
    """`is leeg` / `is gevuld`; a collection is empty without members, a role without a partner."""
    if isinstance(x, Ref):
        empty = x.miss if x.idx is not None else False
    elif isinstance(x, Coll):
        empty = x.counts() == 0
    elif _is_col(x):
        empty = x.leeg if x.leeg is not None else False
    else:
        empty = x is None or x == []
    return _not(empty) if filled else empty


def quant(ev: Ev, quantifier: str, count: int | None, items):
    """alle / geen / ten minste / ten hoogste / precies over condition thunks, with the interpreter's
    early stops deciding where the later items are evaluated (and so where their errors count)."""
    if quantifier == "alle":
        res, pushed = True, 0
        for i, item in enumerate(items):
            c = item()
            res = _and(res, c)
            if res is False:
                break
            if i < len(items) - 1:
                ev.stack.append(c)
                pushed += 1
        del ev.stack[len(ev.stack) - pushed:]
        return res
    total: np.ndarray | int = 0                         # items that hold, per row or for all rows
    pushed = 0
    need = count or 0
    for i, item in enumerate(items):
        if i:
            if quantifier == "geen":
                reach = _is_zero(total)
            elif quantifier == "ten minste":
                reach = total < need
            elif quantifier == "ten hoogste":
                reach = total <= need
            else:
                reach = True
            ev.stack.append(reach)
            pushed += 1
        c = item()
        total = total + (c.astype(np.int16) if isinstance(c, np.ndarray) else int(c))
    del ev.stack[len(ev.stack) - pushed:]
    if quantifier == "geen":
        return _is_zero(total)
    if quantifier == "ten minste":
        return _bool(total >= need)
    if quantifier == "ten hoogste":
        return _bool(total <= need)
    return _bool(total == count)


def _is_zero(t):
    return _bool(t == 0)


def _bool(x):
    return bool(x) if isinstance(x, (bool, np.bool_, int)) else x

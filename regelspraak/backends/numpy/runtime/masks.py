"""Row masks and their logic.  A mask is ``None`` (no row; used for leeg), ``True``/``False`` (every row /
no row) or a bool array.

In: masks of those forms.  Out: masks of those forms; the short cuts keep scalar masks scalar (``_and``,
``_or``, ``_not``, ``_xor``, ``_lor`` for leeg masks).  ``_arr`` makes a full array, ``_zero`` keeps
``v == 0`` under leeg rows, ``some`` and ``not_`` are called by generated code.
"""
from __future__ import annotations

import numpy as np


def _is_leeg(leeg, i) -> bool:
    if leeg is None:
        return False
    if leeg is True:
        return True
    return bool(leeg[i])


def _lor(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a is True or b is True:
        return True
    return a | b


def _arr(mask, n):
    """A mask (None/True/False/array) as a bool array of length n."""
    if mask is None or mask is False:
        return np.zeros(n, dtype=bool)
    if mask is True:
        return np.ones(n, dtype=bool)
    return mask


def _zero(v, leeg):
    """Keep the invariant v == 0 under leeg rows."""
    if leeg is None:
        return v
    if leeg is True:
        return 0
    return np.where(leeg, 0, v)


def _xor(a, b):
    a = False if a is None else a
    b = False if b is None else b
    return a ^ b


def _and(a, b):
    if a is True:
        return b
    if b is True:
        return a
    if a is False or b is False:
        return False
    return a & b


def _or(a, b):
    if a is False:
        return b
    if b is False:
        return a
    if a is True or b is True:
        return True
    return a | b


def _not(a):
    if isinstance(a, (bool, np.bool_)):
        return not a
    return ~a


def not_(a):
    return _not(a)


def some(c) -> bool:
    """Does any row satisfy c (bool or bool array)?"""
    if isinstance(c, np.ndarray):
        return bool(c.any())
    return bool(c)

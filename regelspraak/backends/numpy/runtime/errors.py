"""Error codes and the evaluation context of one computation over all rows.

In: the number of rows and optionally the rows a rule applies to (``Ev(n, base)``), masks of rows that fail.
Out: ``Ev`` keeps the first error code per row (int8, ``R601``–``R606``), only on rows the interpreter would
reach (``ev.where(mask)`` narrows); ``guard`` runs a row-independent ``values.py`` call, ``variable``/``use``
count the errors of a ``Daarbij geldt`` variable where it is used.  ``RunError``: a run cannot start.
"""
from __future__ import annotations

import numpy as np

from regelspraak.codes import Code
from regelspraak.errors import RunError  # noqa: F401  (the runtime exports it: what a run raises)
from regelspraak.evaluate import values as V

R601, R602, R603, R604, R605, R606 = 1, 2, 3, 4, 5, 6
FAILED_INPUT = 7        # the row read a value that failed: it fails too, without a finding of its own
CODES = {R601: Code.R601, R602: Code.R602, R603: Code.R603, R604: Code.R604, R605: Code.R605, R606: Code.R606}


class Ev:
    """Where the interpreter would evaluate (reach) and the first error per row (int8 codes)."""
    __slots__ = ("n", "base", "stack", "err")

    def __init__(self, n: int, base=None):
        self.n, self.base = n, base
        self.stack: list[np.ndarray | bool] = []         # the masks of the enclosing `where`s
        self.err: np.ndarray | None = None               # int8 codes, made at the first error

    def reach(self):
        m = self.base if self.base is not None else True
        for s in self.stack:
            m = s if m is True else (m if s is True else m & s)
        if self.err is not None:
            m = (self.err == 0) if m is True else m & (self.err == 0)
        return m

    def fail(self, mask, code: int) -> None:
        """Rows of `mask` that are reached and not yet in error get error `code`."""
        if mask is None or mask is False:
            return
        if isinstance(mask, np.ndarray) and not mask.any():
            return
        m = self.reach()
        m = mask if m is True else (m if mask is True else m & mask)
        if m is False:
            return
        if m is True:
            m = np.ones(self.n, dtype=bool)
        if not m.any():
            return
        if self.err is None:
            self.err = np.zeros(self.n, dtype=np.int8)
        self.err[m] = code

    def adopt(self, err) -> None:
        """Errors of a lazily evaluated part (a variable) on the rows where it is reached."""
        if err is None:
            return
        m = self.reach()
        m = err != 0 if m is True else m & (err != 0)
        if not m.any():
            return
        if self.err is None:
            self.err = np.zeros(self.n, dtype=np.int8)
        self.err[m] = err[m]

    def where(self, mask):
        return _Narrow(self, mask)


class _Narrow:
    __slots__ = ("ev", "mask")

    def __init__(self, ev, mask):
        self.ev, self.mask = ev, mask

    def __enter__(self):
        self.ev.stack.append(self.mask)
        return self.ev

    def __exit__(self, *exc):
        self.ev.stack.pop()
        return False


def guard(ev: Ev, fn, *args):
    """Row-independent part through values.py; an EvaluationError is an R602 on every reached row."""
    try:
        return fn(*args)
    except V.EvaluationError:
        ev.fail(True, R602)
        return None


def use(ev: Ev, var: tuple):
    """A `Daarbij geldt` variable: (value, errors of its evaluation) — errors count where it is used."""
    value, err = var
    ev.adopt(err)
    return value


def variable(n: int, fn) -> tuple:
    """Evaluate a variable for all rows with its own error record; `use` attributes the errors."""
    ev = Ev(n)
    value = fn(ev)
    return value, ev.err

"""The one rounding primitive (values.round_quotient) against the definition of each mode on exact
rationals, on Python ints and elementwise on numpy arrays (int64 and object), with and without sign hints."""
import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from regelspraak.evaluate.values import ROUNDING_MODES, round_quotient, round_to


def reference(y: Fraction, mode: str) -> int:
    if mode == "naar beneden":
        return math.floor(y)
    if mode == "naar boven":
        return math.ceil(y)
    if mode == "richting nul":
        return math.trunc(y)
    if mode == "weg van nul":
        return math.ceil(y) if y >= 0 else math.floor(y)
    magnitude = math.floor(abs(y) + Fraction(1, 2))
    return magnitude if y >= 0 else -magnitude


@given(st.integers(-10**30, 10**30), st.integers(1, 10**12), st.sampled_from(ROUNDING_MODES))
def test_ints(p, q, mode):
    assert round_quotient(p, q, mode) == reference(Fraction(p, q), mode)


@given(st.lists(st.integers(-10**12, 10**12), min_size=1, max_size=20), st.sampled_from([1, 2, 10, 7, 100, 1000]),
       st.sampled_from(ROUNDING_MODES))
def test_arrays_elementwise(ps, q, mode):
    want = [reference(Fraction(p, q), mode) for p in ps]
    assert round_quotient(np.array(ps, dtype=np.int64), q, mode).tolist() == want
    assert [int(x) for x in round_quotient(np.array(ps, dtype=object), q, mode)] == want
    if all(p >= 0 for p in ps):
        assert round_quotient(np.array(ps, dtype=np.int64), q, mode, 1).tolist() == want
    if all(p <= 0 for p in ps):
        assert round_quotient(np.array(ps, dtype=np.int64), q, mode, -1).tolist() == want


def test_boundaries_and_fractions():
    assert round_to(Fraction(5, 2), 0, "rekenkundig") == 3
    assert round_to(Fraction(-5, 2), 0, "rekenkundig") == -3
    assert round_to(Fraction(-5, 2), 0, "richting nul") == -2
    assert round_to(Fraction(-5, 2), 0, "weg van nul") == -3
    assert round_to(Fraction(1234567, 1000), 2, "naar beneden") == Fraction(123456, 100)
    assert round_to(Fraction(-1234561, 1000), 2, "naar boven") == Fraction(-123456, 100)

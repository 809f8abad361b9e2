"""The hostile-name corpus of the scalar backend, through the numpy backend: safe, importable, and equal to
the interpreter on random populations."""
import random
from datetime import date

import pytest
from test_compile_numpy import _profile, compare, random_population
from backends.python.test_compile_python import HOSTILE, assert_safe_source, model_of

from regelspraak.backends.numpy.generator import NotSupported, compile_numpy, load_numpy


@pytest.mark.parametrize("n", range(len(HOSTILE)))
def test_hostile_names_through_numpy(n):
    model = model_of(HOSTILE[n], f"hostile-{n}.rgs")
    try:
        source = compile_numpy(model)
    except NotSupported as e:
        pytest.skip(f"numpy-backend ondersteunt dit nog niet: {e}")
    assert_safe_source(source, f"<hostile-numpy-{n}>")
    module = load_numpy(model)
    rnd = random.Random(n)
    prof = _profile(model)
    for day in (date(2024, 6, 1), date(2025, 1, 1)):
        compare(model, module, random_population(rnd, model, prof, 12), day)

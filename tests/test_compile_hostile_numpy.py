"""The hostile-name corpus of the scalar backend, through the numpy backend: safe, importable, and equal to
the interpreter on random populations."""
import io
import random
import tokenize
from datetime import date

import pytest
from test_compile_numpy import _profile, compare, random_population
from test_compile_python import HOSTILE, MARKERS, _code_outside_literals, model_of

from regelspraak.backends.numpy import NotSupported, compile_numpy, load_numpy


@pytest.mark.parametrize("n", range(len(HOSTILE)))
def test_hostile_names_through_numpy(n):
    model = model_of(HOSTILE[n], f"hostile-{n}.rgs")
    try:
        source = compile_numpy(model)
    except NotSupported as e:
        pytest.skip(f"numpy-backend ondersteunt dit nog niet: {e}")
    compile(source, f"<hostile-numpy-{n}>", "exec")
    code = _code_outside_literals(source)
    for marker in MARKERS:
        assert marker not in code, marker
    names = {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME}
    assert all(x.isascii() and x.isidentifier() and not x.startswith("__") for x in names)
    assert not names & {"eval", "exec", "compile", "getattr", "open", "globals", "locals", "vars"}
    assert all(c.isprintable() for line in source.split("\n") for c in line)
    module = load_numpy(model)
    rnd = random.Random(n)
    prof = _profile(model)
    for day in (date(2024, 6, 1), date(2025, 1, 1)):
        compare(model, module, random_population(rnd, model, prof, 12), day)

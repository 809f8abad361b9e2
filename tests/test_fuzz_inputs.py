"""Fuzzing the inputs of the engine (tests/fuzz_inputs.py): mutated rule files through parse + check, mutated
case files through loading and a run (a share through `regels run`), mutated scenario files through loading and
`make_job`. Each input: no exception but the documented Dutch errors, no hang (a time limit per input), every
message located, no Python English in a message.

The short runs are in the default suite (seconds); the long run is `python -m pytest -m slow
tests/test_fuzz_inputs.py -s` (100.000 rule-file inputs over all cores). Both print their figures with `-s`:
inputs per channel, tracebacks, hangs, unlocated messages. A failing input is reproduced with
`python tests/fuzz_inputs.py CHANNEL SEED`; an input that found a bug is kept as a corpus file or a test in
tests/syntax/test_long_inputs.py and tests/test_cases_robust.py.
"""
from __future__ import annotations

import pytest
from fuzz_inputs import Figures, run_parallel, run_shard


# seeds of the short runs: a fixed window, so the default suite checks the same inputs every time
SHORT = {"regels": range(0, 400), "casussen": range(0, 250), "scenario's": range(0, 200)}
# the long run: rule files as the issue asks, case and scenario files as many as fit in the same time
LONG = {"regels": range(1_000_000, 1_100_000), "casussen": range(1_000_000, 1_010_000),
        "scenario's": range(1_000_000, 1_002_000)}


def _report(figures: Figures) -> None:
    print("\n" + figures.line())
    assert figures.failures == 0, f"{figures.line()}\n" + "\n----\n".join(figures.examples)


@pytest.mark.parametrize("channel", list(SHORT))
def test_fuzz_short(channel):
    _report(run_shard(channel, SHORT[channel]))


@pytest.mark.slow
@pytest.mark.parametrize("channel", list(LONG))
def test_fuzz_long(channel):
    _report(run_parallel(channel, LONG[channel]))

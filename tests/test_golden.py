"""Golden files per pass: tests/golden/constructs/NAME.rgs → NAME.syntax (parser) and NAME.model (resolver),
plus NAME.diagnostics. Regenerate with REGELSPRAAK_GOLDEN=1 and review the diff."""
import os
from pathlib import Path

import pytest
from golden_dump import dump

from regelspraak.api import check_sources
from regelspraak.diagnostics import Diagnostics, render
from regelspraak.source import SourceFile
from regelspraak.syntax.parser import parse, vocabulary_of
from regelspraak.testing import run_testsets

HERE = Path(__file__).resolve().parent / "golden" / "constructs"
CASES = sorted(HERE.glob("*.rgs"))
REGENERATE = os.environ.get("REGELSPRAAK_GOLDEN") == "1"


def _compare(path: Path, actual: str):
    if REGENERATE or not path.exists():
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; regenerate with REGELSPRAAK_GOLDEN=1"


def test_there_are_golden_cases():
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden(case):
    src = SourceFile.from_text(case.name, case.read_text(encoding="utf-8"))
    diag = Diagnostics()
    module = parse(src, diag, vocabulary_of([src]))
    _compare(case.with_suffix(".syntax"), "\n".join(dump(i) for i in module.items) + "\n")
    loaded = check_sources([src])
    rendered = "\n\n".join(render(d, loaded.sources) for d in loaded.diagnostics.sorted())
    _compare(case.with_suffix(".diagnostics"), rendered + "\n")
    if loaded.model is not None:
        _compare(case.with_suffix(".model"), "\n".join(dump(r) for r in loaded.model.rules) + "\n")
        if loaded.model.testsets:
            report = run_testsets(loaded.model, loaded.sources)
            lines = [f"{report.passed} geslaagd van {report.cases}"] + [f"{f.case}: {f.message}" for f in report.failures]
            _compare(case.with_suffix(".tests"), "\n".join(lines) + "\n")

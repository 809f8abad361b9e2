"""The diagnostic codes are one enum (regelspraak/codes.py); the catalogue docs/diagnostics.md lists exactly
those codes, with the same severity and meaning, and has a section for each; the engine names codes only
through the enum; every user-facing error has the one root."""
import ast
import re
from pathlib import Path

from regelspraak import errors
from regelspraak.backends.numpy.generator import NotSupported
from regelspraak.cases import CaseError
from regelspraak.codes import CODES, Code
from regelspraak.evaluate.findings import RuleError
from regelspraak.evaluate.values import EvaluationError
from regelspraak.simulate.evaluate import SimulationFailure
from regelspraak.simulate.scenario import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")


def test_overview_table_is_the_enum():
    rows = re.findall(r"^\| \[(R\d{3})\]\(#(r\d{3})\) \| ([^|]+) \| (.+?) \| (.+?) \|$", CATALOGUE, re.M)
    assert [r[0] for r in rows] == [c.value for c in Code]
    for code, anchor, severity, meaning, when in rows:
        info = CODES[Code(code)]
        assert anchor == code.lower()
        assert (severity.strip(), meaning.strip(), when.strip()) == (info.severity, info.meaning, info.when), code


def test_every_code_has_a_section():
    sections = re.findall(r"^### (R\d{3})\b", CATALOGUE, re.M)
    assert sections == [c.value for c in Code]


def test_engine_names_codes_through_the_enum():
    """No string literal that is a code, outside codes.py: a typo in a code cannot reach a user."""
    stray = []
    for path in (ROOT / "regelspraak").rglob("*.py"):
        if path.name == "codes.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exported = {n.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
                    for n in ast.walk(node.value) if isinstance(n, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"R\d{3}", node.value) and node.value not in exported:
                stray.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert not stray


def test_user_facing_errors_share_the_root():
    for kind in (errors.RuleFileError, errors.UnsupportedConstruct, CaseError, ScenarioError, errors.RunError,
                 RuleError, EvaluationError, SimulationFailure, NotSupported):
        assert issubclass(kind, errors.RegelspraakError), kind
    assert issubclass(CaseError, errors.InputError) and issubclass(ScenarioError, errors.InputError)
    assert RuleError(Code.R601, "conflict").code is Code.R601
    assert EvaluationError("deling door nul").code is Code.R602

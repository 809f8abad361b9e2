"""The pipeline diagram of docs/architecture.md: docs/pipeline.dot renders with Graphviz, the SVG beside it
was made from it (same nodes), and every module or folder it names exists."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOT = ROOT / "docs" / "pipeline.dot"
SVG = ROOT / "docs" / "pipeline.svg"


def _nodes(dot_text: str) -> set[str]:
    return set(re.findall(r"^\s*(\w+)\s+\[label=", dot_text, re.M))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_dot_renders_and_svg_is_current():
    out = subprocess.run(["dot", "-Tsvg", str(DOT)], capture_output=True, text=True, check=True).stdout
    rendered = set(re.findall(r"<title>(\w+)</title>", out))
    assert _nodes(DOT.read_text(encoding="utf-8")) <= rendered
    assert set(re.findall(r"<title>(\w+)</title>", SVG.read_text(encoding="utf-8"))) == rendered, \
        "docs/pipeline.svg is stale: dot -Tsvg docs/pipeline.dot -o docs/pipeline.svg"


def test_named_modules_exist():
    labels = " ".join(re.findall(r'label="([^"]*)"', DOT.read_text(encoding="utf-8"))).replace("\\n", " ")
    named = set(re.findall(r"([a-z_]+(?:/[a-z_]+)*(?:\.py|/))", labels))
    package = ROOT / "regelspraak"
    missing = [n for n in named if not any(p.as_posix().endswith(n.rstrip("/")) for p in package.rglob("*"))]
    assert named and not missing, missing
    assert "pipeline.svg" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

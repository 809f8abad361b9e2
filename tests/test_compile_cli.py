"""`regels compile`: both generated modules for all laws are written, importable and lint-clean (ruff)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_compile_all_laws_writes_clean_scalar_and_vector_modules(tmp_path):
    out = tmp_path / "gecompileerd"
    r = subprocess.run([sys.executable, "-m", "regelspraak.cli", "compile", str(ROOT / "laws"), "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    scalar, vector = out / "laws.py", out / "laws_vector.py"
    assert scalar.exists() and vector.exists()
    assert "Wzt art. 2 lid 1" in scalar.read_text(encoding="utf-8")
    assert "Wzt art. 2 lid 1" in vector.read_text(encoding="utf-8")
    probe = subprocess.run([sys.executable, "-c", "import laws, laws_vector; print(laws.run, laws_vector.run)"],
                           cwd=out, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    lint = subprocess.run([ruff, "check", "--no-cache", "--select", "E,F,W", "--line-length", "120", str(out)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout

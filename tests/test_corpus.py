"""The corpus of broken rule files (tests/corpus): every mistake gives the right diagnostic, never a traceback.

Each file `NNN-beschrijving.rgs` starts with header comments:

    // verwacht: R201 regel 12          code and line of the primary span of an expected diagnostic (1 or more)
    // verwacht-tekst: bedoelde u 'x'?  text that the message or hint of the first expected diagnostic contains
    // xfail: reden                     a known engine problem; the test is a strict xfail until it is fixed

Per file we check: the expected (code, line) pairs are reported; no error with another code is reported
(follow-up noise); every diagnostic renders with file:line:col and a caret line; every error has a hint.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from regelspraak.api import check_sources
from regelspraak.diagnostics import render
from regelspraak.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*.rgs"))

_EXPECT = re.compile(r"^//\s*verwacht:\s*(R\d{3})\s+regel\s+(\d+)\s*$")
_TEXT = re.compile(r"^//\s*verwacht-tekst:\s*(.+?)\s*$")
_XFAIL = re.compile(r"^//\s*xfail:\s*(.+?)\s*$")
_CARET = re.compile(r"^\s*\|\s*\^+")


@dataclass(frozen=True)
class Header:
    expected: tuple[tuple[str, int], ...]
    texts: tuple[str, ...]
    xfail: str | None


def header_lines(path: Path) -> list[str]:
    """The leading `//` comment lines of a corpus file (a UTF-8 byte order mark is skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if not line.startswith("//"):
            break
        out.append(line)
    return out


def read_header(path: Path) -> Header:
    """The expectations in the header comments of a corpus file."""
    expected, texts, xfail = [], [], None
    for line in header_lines(path):
        if m := _EXPECT.match(line):
            expected.append((m.group(1), int(m.group(2))))
        elif m := _TEXT.match(line):
            texts.append(m.group(1))
        elif m := _XFAIL.match(line):
            xfail = m.group(1)
    return Header(tuple(expected), tuple(texts), xfail)


def _params():
    out = []
    for path in FILES:
        reason = read_header(path).xfail
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(path, marks=marks, id=path.stem))
    return out


def _show(diags) -> str:
    return "\n".join(f"  {d.code} {d.severity} regel {d.primary.span.line}:{d.primary.span.column} "
                     f"{d.message} (hulp: {d.hint})" for d in diags) or "  (geen meldingen)"


def test_corpus_is_large_enough():
    assert len(FILES) >= 45, f"te weinig bestanden in {CORPUS}: {len(FILES)}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_corpus_header_is_well_formed(path: Path):
    assert re.fullmatch(r"\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*\.rgs", path.name), path.name
    header = read_header(path)
    assert header.expected, f"{path.name}: geen '// verwacht: Rxxx regel N'-regel bovenaan"
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    for code, line in header.expected:
        assert 1 <= line <= len(lines), f"{path.name}: regel {line} bestaat niet"
        assert not lines[line - 1].lstrip().startswith("//"), f"{path.name}: regel {line} is commentaar"
    assert not any("Bron" in ln for ln in header_lines(path)), \
        f"{path.name}: het woord 'Bron' hoort niet in de kopcommentaren (het wordt als bronverwijzing gelezen)"


@pytest.mark.parametrize("path", _params())
def test_corpus_file(path: Path):
    header = read_header(path)
    source = SourceFile.read(path)
    try:
        loaded = check_sources([source])
        diags = loaded.diagnostics.sorted()
        rendered = [render(d, loaded.sources) for d in diags]
    except Exception:  # noqa: BLE001 - the point of the test: nothing may escape
        pytest.fail(f"Python-exceptie bij het controleren van {path.name}:\n{traceback.format_exc()}")

    found = {(d.code, d.primary.span.line) for d in diags}
    for code, line in header.expected:
        assert (code, line) in found, f"{path.name}: verwacht {code} op regel {line}; gemeld:\n{_show(diags)}"

    expected_codes = {code for code, _ in header.expected}
    stray = [d for d in diags if d.is_error and d.code not in expected_codes]
    assert not stray, f"{path.name}: onverwachte fouten (vervolgfouten?):\n{_show(stray)}"

    first_code, first_line = header.expected[0]
    matching = [d for d in diags if (d.code, d.primary.span.line) == (first_code, first_line)]
    for text in header.texts:
        assert any(text.lower() in f"{d.message} {d.hint}".lower() for d in matching), \
            f"{path.name}: de melding {first_code} op regel {first_line} noemt '{text}' niet:\n{_show(matching)}"

    for d, out in zip(diags, rendered):
        s = d.primary.span
        assert f"{source.path}:{s.line}:{s.column}" in out, f"{path.name}: geen bestand:regel:kolom in\n{out}"
        assert any(_CARET.match(ln) for ln in out.split("\n")), f"{path.name}: geen regel met ^ in\n{out}"
        assert out.startswith(f"{d.severity}[{d.code}]: ")
        if d.is_error:
            assert d.hint.strip(), f"{path.name}: fout {d.code} zonder hulptekst:\n{out}"


def _regels_command() -> list[str]:
    exe = shutil.which("regels")
    return [exe] if exe else [sys.executable, "-m", "regelspraak.cli"]


def test_regels_check_cli_on_corpus_file():
    path = next(p for p in FILES if "typo-attribute" in p.name)
    proc = subprocess.run([*_regels_command(), "check", str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "fout[" in out, out
    assert "Traceback" not in out, out
    assert "R201" in out and f"{path.name}:" in out, out

"""Rule files that are long, deep or odd (found by fuzzing, issue 11): a located Dutch diagnostic or a clean check,
never a traceback, and time that grows linearly. Time is never asserted: a run longer than a generous limit is
stopped by an alarm (fuzz_inputs.Hang) and fails the test."""
from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_inputs import _limited

from regelspraak.api import check, check_sources
from regelspraak.codes import Code
from regelspraak.diagnostics import render, render_all
from regelspraak.source import MAX_DEPTH, SourceFile

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 30.0             # seconds: far above what these take (under a second each), far below the quadratic cases

LAW = """Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Numeriek (getal met 2 decimalen) met eenheid €;
  de toeslag Numeriek (getal met 2 decimalen) met eenheid €;
  is verzekerd kenmerk (bijvoeglijk);

Regel toeslag
  geldig altijd
    De toeslag van een Persoon moet berekend worden als {expr}
    indien hij verzekerd is.
"""


def _check(text: str):
    out = {}

    def work():
        loaded = check_sources([SourceFile.from_text("lang.rgs", text)])
        diags = loaded.diagnostics.sorted()
        out["diags"], out["text"] = diags, render_all(diags, loaded.sources)
    _limited(work, LIMIT)
    return out["diags"], out["text"]


def _errors(diags):
    return [d for d in diags if d.is_error]


@pytest.mark.parametrize("terms", [600, 5000])
def test_a_long_chain_of_plus_is_a_located_error(terms):
    diags, text = _check(LAW.format(expr=" plus ".join(["zijn inkomen"] * terms)))
    [error] = _errors(diags)
    assert error.code == Code.R101 and "te diep genest" in error.message
    assert error.primary.span.line == 8 and "de som van" in error.hint
    assert "lang.rgs:8:" in text and "Traceback" not in text


def test_a_chain_within_the_limit_checks():
    diags, _ = _check(LAW.format(expr=" plus ".join(["zijn inkomen"] * (MAX_DEPTH - 5))))
    assert not _errors(diags)


def test_deep_parentheses_around_one_value_check():
    diags, _ = _check(LAW.format(expr="(" * 5000 + "zijn inkomen" + ")" * 5000))
    assert not _errors(diags)


def test_deeply_nested_parentheses_with_operations_are_a_located_error():
    expr = "(zijn inkomen plus " * 300 + "1 €" + ")" * 300
    [error] = _errors(_check(LAW.format(expr=expr))[0])
    assert error.code == Code.R101 and error.primary.span.line == 8


def test_deeply_nested_bullets_are_a_located_error():
    lines = [f"    {'•' * d} hij voldoet aan alle volgende voorwaarden:" for d in range(1, 200)]
    text = LAW.format(expr="zijn inkomen").replace(
        "    indien hij verzekerd is.", "    indien hij aan alle volgende voorwaarden voldoet:\n" + "\n".join(lines)
        + "\n    " + "•" * 200 + " hij is verzekerd.")
    diags, out = _check(text)
    assert _errors(diags) and all(d.primary.span.line > 0 for d in diags)
    assert "Traceback" not in out


def test_a_run_of_digits_before_a_letter_is_one_diagnostic():
    diags, text = _check(LAW.format(expr="zijn inkomen") + "\n" + "1" * 20000 + "a\n")
    [error] = _errors(diags)
    assert error.code == Code.R102 and error.primary.span.line == 11
    assert "geen getal en geen naam" in error.message
    assert max(len(line) for line in text.split("\n")) < 300      # the excerpt shows a window of the long line


def test_digits_glued_to_a_word_get_a_hint_with_a_space():
    diags, _ = _check(LAW.format(expr="zijn inkomen plus 12jr"))
    [error] = _errors(diags)
    assert error.code == Code.R102 and "'12 jr'" in error.hint


def test_a_run_of_unknown_characters_is_one_diagnostic():
    diags, _ = _check(LAW.format(expr="zijn inkomen " + "×" * 5000))
    [error] = [d for d in _errors(diags) if d.code == Code.R102]
    assert "onbekend teken '×' en nog 4999 onbekende tekens erna" in error.message


@pytest.mark.parametrize("digits", [101, 4301, 20000])
def test_a_number_with_too_many_digits_is_a_dutch_r110(digits):
    diags, text = _check(LAW.format(expr="zijn inkomen plus " + "9" * digits + " €"))
    [error] = _errors(diags)
    assert error.code == Code.R110 and f"{digits} cijfers" in error.message
    assert "Exceeds" not in text and "limit" not in text


@pytest.mark.parametrize("line", ["domein a" + " " * 100000 + "b", "Objecttype de P\n  de a" + " " * 100000 + "b",
                                  "Objecttype de P\n  de a " + "(mv: " * 25000 + "b", "Regel " * 20000,
                                  "Objecttype de P\n" + " " * 100000 + "x"],
                         ids=["domein-spaties", "attribuut-spaties", "mv-herhaald", "regel-herhaald", "inspringing"])
def test_pathological_lines_take_linear_time(line):
    diags, _ = _check(line)
    assert all(d.primary.span.line > 0 for d in diags)


def test_printing_the_diagnostics_of_a_long_file_splits_it_once():
    text = (ROOT / "laws" / "zorgtoeslag" / "wet.rgs").read_text(encoding="utf-8")
    src = SourceFile.from_text("wet.rgs", (text + "\n") * 400)
    assert src.line_text(3) is src.lines[2]                      # lines are split once, when the file is read
    loaded = check_sources([src])
    diags = loaded.diagnostics.sorted()
    assert len(diags) > 1000
    _limited(lambda: render_all(diags, loaded.sources), LIMIT)


def test_a_long_line_is_shown_as_a_window_around_the_caret():
    line = "x" * 500 + " ×× " + "y" * 500
    loaded = check_sources([SourceFile.from_text("w.rgs", line + "\n")])
    d = next(d for d in loaded.diagnostics.sorted() if d.code == Code.R102)
    out = render(d, loaded.sources)
    excerpt = next(ln for ln in out.split("\n") if ln.startswith("1 | "))
    caret = next(ln for ln in out.split("\n") if "^" in ln)
    assert excerpt.startswith("1 | …") and excerpt.endswith("…") and len(excerpt) < 140
    assert excerpt[caret.index("^")] == "×"


def test_a_file_that_is_not_utf8_is_located(tmp_path):
    f = tmp_path / "oud.rgs"
    f.write_bytes("Regel toeslag\n  geldig altijd\n  // café\n".encode("latin-1"))
    loaded = check([f])
    [d] = loaded.diagnostics.errors()
    assert d.code == Code.R100 and (d.primary.span.line, d.primary.span.column) == (3, 9)
    out = render(d, loaded.sources)
    assert f"{f}:3:9" in out and "byte 0xE9 is geen UTF-8" in out and "UTF-8" in d.hint


def test_a_path_that_loops_is_not_called_a_utf8_problem(tmp_path):
    a, b = tmp_path / "a.rgs", tmp_path / "b.rgs"
    a.symlink_to(b)
    b.symlink_to(a)
    [d] = check([a]).diagnostics.errors()
    assert d.code == Code.R100 and "naar zichzelf" in d.message and "UTF-8" not in d.message + d.hint


def test_many_diagnostics_on_one_long_line_print_in_linear_time():
    diags, text = _check("Regel r\n  geldig altijd\n    x " + "&= " * 40000 + "\n")
    assert len(diags) >= 40000
    assert max(len(line) for line in text.split("\n")) < 300

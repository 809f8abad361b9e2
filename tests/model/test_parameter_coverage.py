"""Parameter coverage at check time (issue 11, item 4): inside the span a law's parameter sets cover, every
day has a set (else R407) and every parameter a rule reads has a value (else R404); before the first and
after the last set (the law's horizon) nothing is reported. Both are errors, naming law, period and
parameter."""
from regelspraak.api import check_sources
from regelspraak.source import SourceFile

MODEL = """Wetgeving Testwet (TW, BWBR0000001)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Bedrag;
  de toeslag Bedrag;

Parameter de standaardpremie : Bedrag
Parameter de drempel : Bedrag

Regel toeslag
  {validity}
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als de standaardpremie
    indien zijn inkomen kleiner is dan de drempel.
"""

SET = """
// Bron: Stcrt. {year}, 1
Parameterset Toeslag {year}
  geldig vanaf 01-01-{year} t/m 31-12-{year}
  de standaardpremie 2000 €
{drempel}"""


def _check(years: dict[int, bool], validity: str = "geldig altijd", extra: str = ""):
    """years: year → whether its set gives the drempel."""
    text = MODEL.format(validity=validity) + "".join(
        SET.format(year=y, drempel="  de drempel 30000 €\n" if d else "") for y, d in years.items()) + extra
    loaded = check_sources([SourceFile.from_text("laws/t/t.rgs", text)])
    return [d for d in loaded.diagnostics.sorted() if d.is_error], text.split("\n")


def test_a_year_without_a_set_between_two_sets_is_an_error():
    """Today: no diagnostic at all, and a run in 2025 left the toeslag quietly leeg."""
    errors, lines = _check({2024: True, 2026: True})
    assert [d.code for d in errors] == ["R407"]
    d = errors[0]
    assert "TW" in d.message and "01-01-2025 t/m 31-12-2025" in d.message
    assert "standaardpremie" in d.message and "drempel" in d.message
    assert lines[d.primary.span.line - 1] == "Parameterset Toeslag 2026"       # the header, not the Bron line
    assert lines[d.secondary[0].span.line - 1] == "Parameterset Toeslag 2024"
    assert "01-01-2025 t/m 31-12-2025" in d.hint


def test_a_set_in_force_that_lacks_a_parameter_is_an_error():
    """Today: a warning only (R404), and `regels check` ended with exit code 0."""
    errors, lines = _check({2024: True, 2025: False, 2026: True})
    assert [(d.code, d.severity) for d in errors] == [("R404", "fout")]
    d = errors[0]
    assert "'Toeslag 2025'" in d.message and "TW" in d.message and "01-01-2025 t/m 31-12-2025" in d.message
    assert d.message.endswith("geeft geen waarde voor: drempel")
    assert lines[d.primary.span.line - 1] == "Parameterset Toeslag 2025"


def test_the_horizon_is_not_a_gap():
    """Before the first and after the last set a run says that no set holds; that is not a check error."""
    errors, _ = _check({2024: True, 2025: True})
    assert errors == []


def test_only_days_on_which_a_rule_reads_the_parameter_count():
    """A rule that ends with 2024 does not need its parameters in the 2025 set, nor in a gap after it."""
    errors, _ = _check({2024: True, 2025: False}, validity="geldig vanaf 01-01-2024 t/m 31-12-2024")
    assert errors == []
    errors, _ = _check({2023: True, 2026: True}, validity="geldig vanaf 01-01-2026")
    assert errors == []
    errors, _ = _check({2023: True, 2026: True}, validity="geldig vanaf 01-07-2025")
    assert [d.code for d in errors] == ["R407"]
    assert "01-01-2024 t/m 31-12-2025" in errors[0].message


def test_a_parameter_given_by_another_set_in_force_is_not_missing():
    """The drempel of 2025 comes from a separate set of the same law: no gap for it."""
    extra = """
Parameterset Drempel 2025
  geldig vanaf 01-01-2025 t/m 31-12-2025
  de drempel 31000 €
"""
    errors, _ = _check({2024: True, 2025: False, 2026: True}, extra=extra)
    assert errors == []
    part = extra.replace("t/m 31-12-2025", "t/m 30-06-2025")
    errors, _ = _check({2024: True, 2025: False, 2026: True}, extra=part)
    assert [d.code for d in errors] == ["R404"]
    assert errors[0].message.endswith("drempel (01-07-2025 t/m 31-12-2025)")


def test_a_half_year_gap_is_named_exactly():
    text = MODEL.format(validity="geldig altijd") + """
Parameterset Toeslag 2024
  geldig vanaf 01-01-2024 t/m 30-06-2024
  de standaardpremie 2000 €
  de drempel 30000 €

Parameterset Toeslag 2025
  geldig vanaf 01-01-2025
  de standaardpremie 2000 €
  de drempel 30000 €
"""
    loaded = check_sources([SourceFile.from_text("laws/t/t.rgs", text)])
    errors = loaded.diagnostics.errors()
    assert [d.code for d in errors] == ["R407"]
    assert "geldt van 01-07-2024 t/m 31-12-2024" in errors[0].message

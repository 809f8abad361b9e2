"""Units must agree (issue 11, item 2): only a literal number without a unit takes the unit of the other side;
an attribute, parameter or any other expression without a unit next to one with a unit is R302, with the
caret on the operand at fault and a hint that names both units."""
import pytest
from helpers import HEADER

from regelspraak.api import check_sources
from regelspraak.source import SourceFile

MODEL = """Wetgeving Testwet (TW, BWBR0000001)

Domein Jaarbedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €/jr

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Jaarbedrag;
  het kindertal Numeriek (geheel getal);
  de toeslag Jaarbedrag;
  de leeftijd Numeriek (geheel getal) met eenheid jr;
  de wachttijd Numeriek (geheel getal) met eenheid dg;
  de maandhuur Numeriek (getal met 2 decimalen) met eenheid €/mnd;
  is verzekerd kenmerk (bijvoeglijk);

Parameter de factor : Numeriek (geheel getal)
Parameter de drempel : Jaarbedrag

Parameterset Test
  geldig vanaf 01-01-2000
  de factor 2
  de drempel 1000 €/jr

Regel toeslag
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als {expr}
    indien {cond}.
"""


def _errors(expr: str, cond: str = "hij verzekerd is"):
    text = MODEL.format(expr=expr, cond=cond)
    loaded = check_sources([SourceFile.from_text("u.rgs", text)])
    lines = text.split("\n")
    return [d for d in loaded.diagnostics.sorted() if d.is_error], lines


def _at(lines: list[str], d, phrase: str) -> bool:
    """The primary caret of d starts at phrase on its line."""
    line = lines[d.primary.span.line - 1]
    return line.find(phrase) + 1 == d.primary.span.column and phrase in line


@pytest.mark.parametrize("expr,fault", [
    ("zijn inkomen plus zijn kindertal", "zijn kindertal"),              # an aantal added to €/jr
    ("zijn kindertal plus zijn inkomen", "zijn kindertal"),
    ("zijn inkomen min de factor", "de factor"),                         # a parameter without a unit
    ("zijn inkomen verminderd met zijn kindertal", "zijn kindertal"),
    ("zijn inkomen, met een minimum van zijn kindertal", "zijn kindertal"),   # a bound
    ("de maximale waarde van zijn inkomen en zijn kindertal", "zijn kindertal"),   # an opsomming
    ("de minimale waarde van 0, zijn kindertal en zijn inkomen", "zijn kindertal"),
    ("zijn inkomen plus (zijn kindertal maal 2)", "zijn kindertal maal 2"),   # any non-literal expression
])
def test_unitless_operand_next_to_an_amount_is_r302(expr, fault):
    errors, lines = _errors(expr)
    assert [d.code for d in errors] == ["R302"], [d.message for d in errors]
    d = errors[0]
    assert _at(lines, d, fault), (d.primary.span, fault)
    assert "het ene deel is in €/jr, het andere heeft geen eenheid" in d.hint
    assert "geen eenheid" in d.message


@pytest.mark.parametrize("cond,fault", [
    ("zijn kindertal groter is dan zijn leeftijd", "zijn kindertal"),     # comparison, fault on the left
    ("zijn leeftijd groter is dan de factor", "de factor"),
    ("zijn inkomen groter is dan zijn kindertal", "zijn kindertal"),
])
def test_unitless_operand_in_a_comparison_is_r302(cond, fault):
    errors, lines = _errors("zijn inkomen", cond)
    assert [d.code for d in errors] == ["R302"], [d.message for d in errors]
    assert _at(lines, errors[0], fault)


def test_units_that_do_not_convert_name_both_and_point_at_the_right_operand():
    errors, lines = _errors("zijn inkomen", "zijn leeftijd groter is dan zijn wachttijd")
    assert [d.code for d in errors] == ["R302"]
    d = errors[0]
    assert _at(lines, d, "zijn wachttijd")
    assert "jr" in d.message and "dg" in d.message
    assert "het ene deel is in jr, het andere in dg" in d.hint and "dagen en maanden" in d.hint
    assert d.secondary and _at(lines, type(d)(d.code, d.severity, d.message, d.secondary[0]), "zijn leeftijd")


@pytest.mark.parametrize("expr,cond", [
    ("zijn inkomen plus 5", "hij verzekerd is"),                          # a literal takes the unit
    ("5 plus zijn inkomen", "hij verzekerd is"),
    ("zijn inkomen, met een minimum van 0 en een maximum van de drempel", "hij verzekerd is"),
    ("de maximale waarde van 0, zijn inkomen en de drempel", "zijn kindertal groter is dan 2"),
    ("zijn inkomen plus zijn maandhuur", "zijn kindertal groter is dan de factor"),   # convertible; both unitless
    ("zijn inkomen maal zijn kindertal", "zijn leeftijd groter is dan 18"),          # maal makes a compound unit
    ("zijn inkomen min de drempel",
     "de tijdsduur van 01-01-2000 tot de Rekendatum in hele jaren groter is dan zijn leeftijd"),
])
def test_agreeing_units_and_literals_pass(expr, cond):
    errors, _ = _errors(expr, cond)
    assert [d.message for d in errors] == []


def test_the_helpers_model_still_checks():
    """The small model all interpreter tests use has counts and amounts side by side; it stays clean."""
    loaded = check_sources([SourceFile.from_text("t.rgs", HEADER)])
    assert not loaded.diagnostics.has_errors

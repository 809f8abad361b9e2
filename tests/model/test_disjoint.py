"""The cheap disjointness test behind the possible-conflict warning (R501)."""
from helpers import checked


def _warnings(text):
    model, diags = checked(text)
    assert model is not None, [d.message for d in diags if d.is_error]
    return [d for d in diags if d.code == "R501"]


RANGES = """
Beslistabel schijf
  geldig altijd
    // Bron: art. 1
    | | de toeslag van een Persoon moet gesteld worden op | indien zijn inkomen kleiner is dan | indien zijn inkomen groter of gelijk is aan |
    |---|---|---|---|
    | 1 | 1 € | 100 € | n.v.t. |
    | 2 | 2 € | 200 € | 100 € |
    | 3 | 3 € | n.v.t. | 200 € |
"""


def test_number_ranges_in_non_adjacent_rows_are_disjoint():
    assert _warnings(RANGES) == []


def test_overlapping_ranges_still_warn():
    assert _warnings(RANGES.replace("| 3 | 3 € | n.v.t. | 200 € |", "| 3 | 3 € | n.v.t. | 150 € |"))


def test_any_of_inside_all_of():
    text = """
Regel a
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 1 €
    indien hij aan alle volgende voorwaarden voldoet:
      • hij is verzekerd
      • hij voldoet aan ten minste één van de volgende voorwaarden:
        •• zijn inkomen is kleiner dan 10 €
        •• zijn inkomen is groter dan 20 €.

Regel b
  geldig altijd
    // Bron: art. 2
    De toeslag van een Persoon moet gesteld worden op 2 €
    indien zijn inkomen groter of gelijk is aan 10 €, met een maximum van 20 €.
"""
    # b's condition compares a bounded expression, which this test does not reason about: it warns
    assert _warnings(text)
    assert _warnings(text.replace("zijn inkomen groter of gelijk is aan 10 €, met een maximum van 20 €",
                                  "hij niet verzekerd is")) == []


def test_multi_word_variable_with_is_at_line_end():
    model, diags = checked("""
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als het bedrag in de schijf.
    Daarbij geldt:
      het bedrag in de schijf is
        zijn inkomen, met een maximum van 100 €.
""")
    assert model is not None, [d.message for d in diags if d.is_error]

"""Laws loaded together share one object model: declarations merge, differences are errors."""
from datetime import date
from fractions import Fraction as F

from regelspraak.api import check_sources, evaluate_all
from regelspraak.evaluate.interpreter import Evaluation, Instance, Population
from regelspraak.source import SourceFile

LAW_A = """Wetgeving Wet A (WA, BWBR0000011)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het loon Bedrag;
  het inkomen Bedrag;

Regel inkomen
  geldig altijd
    // Bron: art. 1
    Het inkomen van een Persoon moet berekend worden als zijn loon plus 100 €.
"""

LAW_B = """Wetgeving Wet B (WB, BWBR0000012)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Bedrag;
  de toeslag Bedrag;

Regel toeslag
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als zijn inkomen maal 2.
"""


def _load(*texts):
    return check_sources([SourceFile.from_text(f"laws/w{i}/wet.rgs", t) for i, t in enumerate(texts)])


def test_two_laws_share_persoon_and_one_uses_the_other():
    loaded = _load(LAW_A, LAW_B)
    assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
    persoon = loaded.model.object_type("Persoon")
    assert {"loon", "inkomen", "toeslag"} <= set(persoon.attributes)
    ev = Evaluation(loaded.model, Population((Instance("p", "Persoon", {"loon": F(50)}, {}),)), date(2025, 1, 1))
    evaluate_all(ev)
    assert ev.value("p", "toeslag") == F(300)
    laws = {r.rule: r.law for r in loaded.model.rules}
    assert laws == {"inkomen": "WA", "toeslag": "WB"}


def test_a_shared_name_declared_differently_is_an_error():
    other = LAW_B.replace("  het inkomen Bedrag;", "  het inkomen Numeriek (geheel getal) met eenheid €;")
    loaded = _load(LAW_A, other)
    assert loaded.model is None
    assert any(d.code == "R203" and "anders gedeclareerd" in d.message for d in loaded.diagnostics.errors())


def test_a_rule_in_one_law_and_a_rule_in_another_on_the_same_attribute_is_a_possible_conflict():
    other = LAW_B + """
Regel inkomen b
  geldig altijd
    // Bron: art. 2
    Het inkomen van een Persoon moet gesteld worden op 5 €.
"""
    loaded = _load(LAW_A, other)
    assert any(d.code == "R501" and "inkomen b" in d.message for d in loaded.diagnostics.sorted())


def test_a_cycle_across_laws_is_reported():
    a = LAW_A.replace("zijn loon plus 100 €", "zijn toeslag plus 100 €")
    loaded = _load(a, LAW_B)
    assert any(d.code == "R502" for d in loaded.diagnostics.errors())


def test_a_law_without_parameters_for_the_date_is_not_applied():
    with_params = LAW_B.replace("maal 2.", "maal de factor.") + """
Parameter de factor : Numeriek (geheel getal)

Parameterset B 2025
  geldig vanaf 01-01-2025 t/m 31-12-2025
  de factor 3
"""
    loaded = _load(LAW_A, with_params)
    assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
    pop = Population((Instance("p", "Persoon", {"loon": F(50)}, {}),))
    ev = Evaluation(loaded.model, pop, date(2024, 6, 1))
    evaluate_all(ev)
    assert ev.laws_not_in_force == {"WB"}
    assert ev.value("p", "inkomen") == F(150)
    assert ev.value("p", "toeslag") is None and not ev.findings
    ev = Evaluation(loaded.model, pop, date(2025, 6, 1))
    evaluate_all(ev)
    assert ev.value("p", "toeslag") == F(450)

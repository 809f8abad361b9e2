"""Semantics of the exact interpreter: order, laziness, leeg, conflicts, rounding, roles, explanations."""
from datetime import date
from fractions import Fraction as F

from helpers import checked, evaluate

from regelspraak.evaluate.trace import Explainer


def test_dependency_order_not_file_order():
    text = """
Regel toeslag
  geldig altijd
    // Bron: art. 2
    De toeslag van een Persoon moet berekend worden als zijn uitkering plus 1 €.

Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als zijn inkomen min 100 €.
"""
    ev = evaluate(text, {"a": {"inkomen": F(500)}})
    assert ev.value("a", "toeslag") == F(401)


def test_guarded_division_is_lazy():
    text = """
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als (1000 € gedeeld door zijn inkomen), rekenkundig afgerond op 2 decimalen
    indien zijn inkomen groter is dan 0 €.
"""
    ev = evaluate(text, {"a": {"inkomen": F(0)}, "b": {"inkomen": F(3)}})
    assert ev.value("a", "uitkering") is None
    assert ev.value("b", "uitkering") == F("333.33")
    assert not ev.findings


def test_division_by_zero_is_reported_per_record_and_the_rest_stands():
    text = """
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als (1000 € gedeeld door zijn inkomen), rekenkundig afgerond op 2 decimalen.
"""
    ev = evaluate(text, {"a": {"inkomen": F(0)}, "b": {"inkomen": F(4)}})
    assert ev.value("b", "uitkering") == F(250)
    assert [f.code for f in ev.findings] == ["R602"]
    assert ev.findings[0].instance == "a"


def test_conflict_names_both_rules_and_articles():
    text = """
Regel een
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 1 €.

Regel twee
  geldig altijd
    // Bron: art. 2
    De toeslag van een Persoon moet gesteld worden op 2 €
    indien hij verzekerd is.
"""
    ev = evaluate(text, {"a": {"verzekerd": True}, "b": {}})
    assert ev.value("b", "toeslag") == F(1)
    conflict = [f for f in ev.findings if f.instance == "a"]
    assert conflict and conflict[0].code == "R601"
    assert "een" in conflict[0].message and "twee" in conflict[0].message and "art. 2" in conflict[0].message


def test_leeg_semantics():
    text = """
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als zijn inkomen plus zijn vermogen.

Regel toeslag
  geldig altijd
    // Bron: art. 2
    De toeslag van een Persoon moet gesteld worden op 5 €
    indien zijn inkomen gelijk is aan zijn vermogen.
"""
    ev = evaluate(text, {"a": {}, "b": {"inkomen": F(2), "vermogen": F(2)}})
    assert ev.value("a", "uitkering") == 0          # leeg plus leeg = 0
    assert ev.value("a", "toeslag") is None         # leeg gelijk aan leeg is onwaar (our decision)
    assert ev.value("b", "toeslag") == F(5)


def test_rounding_modes_and_bounds():
    text = """
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als
      het tarief van zijn inkomen, rekenkundig afgerond op 2 decimalen, met een minimum van 1 € en een maximum van 50 €.
"""
    ev = evaluate(text, {"a": {"inkomen": F("12.25")}, "b": {"inkomen": F("-12.25")}, "c": {"inkomen": F(900)}})
    assert ev.value("a", "uitkering") == F("1.23")    # 1,225 → 1,23 (half away from zero)
    assert ev.value("b", "uitkering") == F(1)         # −1,23 raised to the minimum
    assert ev.value("c", "uitkering") == F(50)


def test_too_many_decimals_is_a_check_error():
    _, diags = checked("""
Regel uitkering
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als het tarief van zijn inkomen.
""")
    assert any(d.code == "R304" for d in diags)


def test_roles_aggregation_and_selection():
    text = """
Regel som
  geldig altijd
    // Bron: art. 1
    De som inkomens kinderen van een Persoon moet berekend worden als
      de som van het inkomen van alle kinderen van hem die verzekerd zijn of 0 als die er niet zijn.

Regel aantal
  geldig altijd
    // Bron: art. 1
    Het kindertal van een Persoon moet berekend worden als het aantal kinderen van hem.
"""
    facts = [("ouderschap", (("ouder", "p"), ("kind", "k1"))), ("ouderschap", (("ouder", "p"), ("kind", "k2")))]
    ev = evaluate(text, {"p": {}, "k1": {"inkomen": F(10), "verzekerd": True}, "k2": {"inkomen": F(5)}}, facts)
    assert ev.value("p", "som inkomens kinderen") == F(10)
    assert ev.value("p", "kindertal") == F(2)
    assert ev.value("k1", "som inkomens kinderen") == F(0)


def test_tijdsduur_and_dates():
    text = """
Regel leeftijd
  geldig altijd
    // Bron: art. 1
    De leeftijd van een Persoon moet berekend worden als de tijdsduur van zijn geboortedatum tot de Rekendatum in hele jaren.
"""
    ev = evaluate(text, {"a": {"geboortedatum": date(2007, 1, 2)}, "b": {"geboortedatum": date(2007, 1, 1)}},
                  on=date(2025, 1, 1))
    assert ev.value("a", "leeftijd") == 17
    assert ev.value("b", "leeftijd") == 18


def test_explanation_names_rule_article_and_why_not():
    text = """
Regel recht
  geldig altijd
    // Bron: [TW art. 3 lid 1](jci1.3:c:BWBR0000001&artikel=3&lid=1)
    Een Persoon heeft recht op toeslag
    indien hij aan alle volgende voorwaarden voldoet:
      • hij is verzekerd
      • zijn inkomen is kleiner dan de grens.
"""
    from helpers import HEADER

    from regelspraak.source import SourceFile
    ev = evaluate(text, {"a": {"verzekerd": True, "inkomen": F(5000)}})
    src = SourceFile.from_text("test.rgs", HEADER + "\n" + text)
    out = Explainer(ev, {"test.rgs": src}).explain("a", "recht op toeslag")
    assert "recht op toeslag van a = onwaar" in out
    assert "regel 'recht' is niet gevuurd" in out
    assert "zijn inkomen is kleiner dan de grens" in out


def test_rule_versions_select_by_rekendatum():
    text = """
Regel toeslag
  geldig t/m 31-12-2024
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 1 €.
  geldig vanaf 01-01-2025
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 2 €.
"""
    assert evaluate(text, {"a": {}}, on=date(2024, 6, 1)).value("a", "toeslag") == 1
    assert evaluate(text, {"a": {}}, on=date(2025, 6, 1)).value("a", "toeslag") == 2


def test_overlapping_versions_are_an_error():
    _, diags = checked("""
Regel toeslag
  geldig vanaf 01-01-2024
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 1 €.
  geldig vanaf 01-06-2024
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 2 €.
""")
    assert any(d.code == "R402" and d.is_error for d in diags)


def test_cycle_is_an_error():
    _, diags = checked("""
Regel a
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als zijn uitkering.

Regel b
  geldig altijd
    // Bron: art. 1
    De uitkering van een Persoon moet berekend worden als zijn toeslag.
""")
    assert any(d.code == "R502" for d in diags)


def test_consistency_rule_finds_inconsistent_instance():
    text = """
Regel inkomen positief
  geldig altijd
    // Bron: art. 1
    Het inkomen van een Persoon moet groter zijn dan 0 €.
"""
    ev = evaluate(text, {"a": {"inkomen": F(-1)}, "b": {"inkomen": F(1)}})
    assert [(f.code, f.instance) for f in ev.findings] == [("R603", "a")]


def test_uniqueness_rule_marks_duplicates_inconsistent():
    text = """
Regel uniek inkomen
  geldig altijd
    // Bron: art. 1
    Het inkomen van alle Personen moeten uniek zijn.
"""
    ev = evaluate(text, {"a": {"inkomen": F(1)}, "b": {"inkomen": F(1)}, "c": {"inkomen": F(2)}, "d": {}})
    assert sorted((f.code, f.instance) for f in ev.findings) == [("R603", "a"), ("R603", "b")]


def test_declared_sign_is_enforced_at_run_time():
    from helpers import HEADER
    text = HEADER.replace("  de toeslag Bedrag;", "  de toeslag Numeriek (niet-negatief getal met 2 decimalen) met eenheid €;")
    from regelspraak.api import check_sources, evaluate_all
    from regelspraak.evaluate.interpreter import Evaluation, Instance, Population
    from regelspraak.source import SourceFile
    rules = """
Regel toeslag
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als 10 € min zijn inkomen.
"""
    loaded = check_sources([SourceFile.from_text("t.rgs", text + rules)])
    pop = Population((Instance("a", "Persoon", {"inkomen": F(20)}, {}), Instance("b", "Persoon", {"inkomen": F(5)}, {})))
    ev = Evaluation(loaded.model, pop, date(2025, 1, 1))
    evaluate_all(ev)
    assert ev.value("b", "toeslag") == F(5)
    assert [(f.code, f.instance) for f in ev.findings] == [("R604", "a")]
    assert "niet-negatief" in ev.findings[0].message


def test_consistency_check_is_idempotent():
    text = """
Regel inkomen positief
  geldig altijd
    // Bron: art. 1
    Het inkomen van een Persoon moet groter zijn dan 0 €.
"""
    ev = evaluate(text, {"a": {"inkomen": F(-1)}})
    ev.check_consistency()
    assert [(f.code, f.instance) for f in ev.findings] == [("R603", "a")]

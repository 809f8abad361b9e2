"""The subject named by its role (issue 11, item 1): in a rule about `een ouder`, `de ouder` is the subject
itself, as `de Woning` is in a rule about `een Woning` — unless the role can also be reached from the
subject, when the phrase could mean either and `regels check` refuses it (R213)."""
from datetime import date
from fractions import Fraction as F

from helpers import HEADER, checked, evaluate

from regelspraak.api import check_sources, evaluate_all
from regelspraak.evaluate.interpreter import Evaluation, Fact, Instance, Population
from regelspraak.source import SourceFile

# ouder and kind are both a Persoon (tests/helpers.py HEADER): from an ouder, 'de ouder' can also mean
# the ouder of that ouder (the grandparent).
KINDERSOM = """
Regel som van de kinderen
  geldig altijd
    // Bron: art. 1
    De som inkomens kinderen van een ouder moet berekend worden als
      de som van het inkomen van alle kinderen van {wie}.
"""

FAMILY = {"oma": {}, "moeder": {"inkomen": F(1)}, "tante": {"inkomen": F(2)},
          "kind1": {"inkomen": F(10)}, "kind2": {"inkomen": F(20)}, "nicht": {"inkomen": F(300)}}
FACTS = [("ouderschap", (("ouder", "oma"), ("kind", "moeder"))),
         ("ouderschap", (("ouder", "oma"), ("kind", "tante"))),
         ("ouderschap", (("ouder", "moeder"), ("kind", "kind1"))),
         ("ouderschap", (("ouder", "moeder"), ("kind", "kind2"))),
         ("ouderschap", (("ouder", "tante"), ("kind", "nicht")))]


def _errors(text: str) -> list:
    _, diags = checked(text)
    return [d for d in diags if d.is_error]


def test_role_name_that_is_also_a_role_of_the_subject_is_refused():
    """Today this passed and summed the children of the grandparent: a mother got her sister's sum."""
    text = KINDERSOM.format(wie="de ouder")
    errors = _errors(text)
    assert [d.code for d in errors] == ["R213"]
    d = errors[0]
    assert "dubbelzinnig" in d.message and "'de ouder'" in d.message
    lines = (HEADER + "\n" + text).split("\n")
    line = next(i for i, x in enumerate(lines, 1) if "alle kinderen van de ouder" in x)
    assert (d.primary.span.line, d.primary.span.column) == (line, lines[line - 1].index("de ouder") + 1)
    assert "'alle kinderen van hem'" in d.hint and "'zijn ouder'" in d.hint


def test_the_unambiguous_forms_compute_the_subject_or_its_ouder():
    for wie, expected in (("hem", {"oma": F(3), "moeder": F(30), "tante": F(300)}),
                          ("de Persoon", {"oma": F(3), "moeder": F(30), "tante": F(300)}),
                          ("zijn ouder", {"oma": None, "moeder": F(3), "tante": F(3)})):
        ev = evaluate(KINDERSOM.format(wie=wie), FAMILY, FACTS)
        got = {p: ev.value(p, "som inkomens kinderen") for p in ("oma", "moeder", "tante")}
        assert got == expected, wie


WERK = """Wetgeving Testwet (TW, BWBR0000001)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het loon Bedrag;
  is verzekerd kenmerk (bijvoeglijk);

Objecttype het Bedrijf (mv: Bedrijven)
  de loonsom Bedrag;
  de personeelsomvang Numeriek (geheel getal);
  is groot kenmerk (bijvoeglijk);

Feittype dienstverband
  de werkgever Bedrijf
  de werknemer (mv: werknemers) Persoon
  één werkgever heeft meerdere werknemers

Regel loonsom
  geldig altijd
    // Bron: art. 1
    De loonsom van een werkgever moet berekend worden als
      de som van het loon van alle werknemers van de werkgever.

Regel personeelsomvang
  geldig altijd
    // Bron: art. 2
    De personeelsomvang van een werkgever moet berekend worden als het aantal werknemers van de werkgever
    indien de werkgever groot is.
"""


def test_role_name_of_the_subject_means_the_subject():
    """A werkgever is a Bedrijf and a Bedrijf has no werkgever: 'de werkgever' can only be the subject.
    Today this was an unknown name (R201)."""
    loaded = check_sources([SourceFile.from_text("werk.rgs", WERK)])
    assert [d.code for d in loaded.diagnostics.errors()] == []
    model = loaded.model
    assert model is not None
    people = (Instance("b", "Bedrijf", {}, {"groot": True}), Instance("c", "Bedrijf", {}, {}),
              Instance("p", "Persoon", {"loon": F(100)}, {}), Instance("q", "Persoon", {"loon": F(50)}, {}),
              Instance("r", "Persoon", {"loon": F(7)}, {}))
    facts = (Fact("dienstverband", (("werkgever", "b"), ("werknemer", "p"))),
             Fact("dienstverband", (("werkgever", "b"), ("werknemer", "q"))),
             Fact("dienstverband", (("werkgever", "c"), ("werknemer", "r"))))
    ev = Evaluation(model, Population(people, facts), date(2025, 1, 1))
    evaluate_all(ev)
    assert ev.value("b", "loonsom") == F(150) and ev.value("c", "loonsom") == F(7)
    assert ev.value("b", "personeelsomvang") == 2 and ev.value("c", "personeelsomvang") is None


def test_role_in_a_condition_and_in_a_variable_is_refused_too():
    text = """
Regel toeslag van een ouder
  geldig altijd
    // Bron: art. 1
    De toeslag van een ouder moet berekend worden als X
    indien de ouder verzekerd is.
    Daarbij geldt:
      X is het inkomen van de ouder.
"""
    errors = _errors(text)
    assert [d.code for d in errors] == ["R213", "R213"]
    assert "'hij' of 'hem'" in errors[0].hint


def test_binder_by_object_type_keeps_navigating():
    """In a rule about `een Persoon`, `de ouder` is still the ouder of that person."""
    text = """
Regel toeslag
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet berekend worden als het inkomen van de ouder.
"""
    ev = evaluate(text, FAMILY, FACTS)
    assert ev.value("kind1", "toeslag") == F(1) and ev.value("moeder", "toeslag") is None


def test_reciprocal_role_is_ambiguous():
    text = """Wetgeving Testwet (TW, BWBR0000001)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Bedrag;
  de toeslag Bedrag;

Wederkerig feittype partnerschap
  de partner (mv: partners) Persoon
  één partner heeft één partner

Regel toeslag
  geldig altijd
    // Bron: art. 1
    De toeslag van een partner moet berekend worden als het inkomen van de partner.
"""
    loaded = check_sources([SourceFile.from_text("p.rgs", text)])
    assert [d.code for d in loaded.diagnostics.errors()] == ["R213"]

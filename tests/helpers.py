"""Small helpers shared by the tests: check rule text in memory and run one case."""
from __future__ import annotations

from datetime import date

from regelspraak.api import check_sources, evaluate_all
from regelspraak.evaluate.interpreter import Evaluation, Fact, Instance, Population
from regelspraak.source import SourceFile

HEADER = """Wetgeving Testwet (TW, BWBR0000001)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  de geboortedatum Datum in dagen;
  het inkomen Bedrag;
  het vermogen Bedrag;
  de uitkering Bedrag;
  de toeslag Bedrag;
  de leeftijd Numeriek (geheel getal) met eenheid jr;
  is verzekerd kenmerk (bijvoeglijk);
  het recht op toeslag kenmerk (bezittelijk);
  de som inkomens kinderen Bedrag;
  het kindertal Numeriek (geheel getal);

Feittype ouderschap
  de ouder Persoon
  het kind (mv: kinderen) Persoon
  één ouder heeft meerdere kinderen

Parameter de grens : Bedrag
Parameter het tarief : Percentage (getal met 2 decimalen)

Parameterset Test
  geldig vanaf 01-01-2000
  de grens 1000 €
  het tarief 10 %
"""


def checked(text: str, with_header: bool = True):
    """(model or None, diagnostics list) for rule text (header with Persoon etc. prepended)."""
    src = SourceFile.from_text("test.rgs", (HEADER + "\n" + text) if with_header else text)
    loaded = check_sources([src])
    return loaded.model, loaded.diagnostics.sorted()


def evaluate(text: str, persons: dict, facts=(), on: date = date(2025, 1, 1)) -> Evaluation:
    """Run rule text on persons {id: {attr: value, kenmerk: bool}}; facts [(fact, ((role, id), …))]."""
    model, diags = checked(text)
    assert model is not None, [d.message for d in diags]
    insts = []
    for pid, fields in persons.items():
        values = {k: v for k, v in fields.items() if not isinstance(v, bool)}
        kenm = {k: v for k, v in fields.items() if isinstance(v, bool)}
        insts.append(Instance(pid, "Persoon", values, kenm))
    ev = Evaluation(model, Population(tuple(insts), tuple(Fact(f, r) for f, r in facts)), on)
    evaluate_all(ev)
    return ev

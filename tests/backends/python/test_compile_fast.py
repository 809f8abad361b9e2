"""The case function of compiled modules (`evaluate_case`, backends/fast.py): exactly the interpreter.

(a) tests/golden/compile/grenzen.rgs puts every kind of fixed-point step on its edges (the five rounding modes on
    ±x.50, 13,7% of amounts whose premium ends in exactly half a cent, divisions and unit factors that need
    exact rationals, month ends and leap days, relations between two object types, nullable parameters,
    bounds that cross); populations around those edges are compared with the interpreter and the compiled
    functions (tests/backends/python/test_compile_python.assert_same), and most must be carried by the case function itself;
(b) where the interpreter has a finding (R601, R602, R604, R606) or the input is not what the case function
    expects, it falls back, and the results are still the interpreter's; R603 needs no fallback;
(c) constructs whose parameters have no parameter set get one, so the case function carries them too;
(d) hostile names reach the case function safely (source checked in tests/backends/python/test_compile_python.py);
(e) `regels run --engine compiled` (api.evaluate_all on module.evaluation) is carried by the case function;
(f) a model whose construct the case function lacks gets none, says why, and still computes exactly.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

import pytest
from test_compile_python import (
    CONSTRUCTS,
    GOLDEN,
    HOSTILE,
    assert_safe_source,
    assert_same,
    differential,
    law_model,
    model_of,
    style_problems,
)

from regelspraak.api import evaluate_all, result_json
from regelspraak.backends.python import case_function as fast
from regelspraak.backends.python.generator import compile_python, load_compiled
from regelspraak.evaluate.interpreter import Evaluation, Fact, Instance, Population

GRENZEN = (GOLDEN / "grenzen.rgs").read_text(encoding="utf-8")
AMOUNTS = ([Fraction(c, 100) for c in range(-250, 251)] +
           [Fraction(s * v) for s in (1, -1) for v in (5, 15, 25, 105, 1005)] +
           [Fraction(89999, 100), Fraction(900), Fraction(100001, 100)])
DAYS = [date(1996, 2, 29), date(2000, 1, 31), date(2000, 2, 29), date(2001, 2, 28), date(2003, 12, 31),
        date(2004, 2, 29), date(2023, 11, 30), date(2024, 3, 31)]
REKENDATA = [date(2024, 2, 29), date(2024, 3, 31), date(2024, 1, 1), date(2024, 12, 31), date(2026, 6, 15),
             date(2023, 5, 1), date(2025, 3, 1)]


def _model():
    return model_of(GRENZEN, "grenzen.rgs")


def person(n: int, bedrag=None, korting=Fraction(7, 4), jaarhuur=None, born=None, **kenmerken) -> Instance:
    values = {k: v for k, v in (("bedrag", bedrag), ("korting", korting), ("jaarhuur", jaarhuur),
                                 ("geboortedatum", born)) if v is not None}
    return Instance(f"p{n}", "Persoon", values, kenmerken)


def housed(people: list[Instance]) -> Population:
    """People living in one house (so that their share of its rent is defined)."""
    home = Instance("w1", "Woning", {}, {})
    return Population(tuple(people) + (home,), tuple(Fact("bewoning", (("woning", "w1"), ("bewoner", p.id)))
                                                     for p in people))


def population(rnd: random.Random, persons: int = 12, houses: int = 3) -> Population:
    """Persons around the edges in grenzen.rgs, each living in one of a few houses."""
    people = []
    for n in range(persons):
        born = rnd.choice(DAYS) if rnd.random() < 0.5 else date(1950, 1, 1) + timedelta(days=rnd.randrange(27_000))
        korting = None if rnd.random() < 0.01 else rnd.choice([Fraction(1, 100), Fraction(-3), Fraction(7, 4),
                                                                  Fraction(1001, 100)])
        jaarhuur = rnd.choice(AMOUNTS) * 12 if rnd.random() < 0.9 else None
        people.append(person(n, rnd.choice(AMOUNTS), korting, jaarhuur, born, duur=rnd.random() < 0.1))
    homes = [Instance(f"w{n}", "Woning", {}, {}) for n in range(houses)]
    facts = [Fact("bewoning", (("woning", rnd.choice(homes).id), ("bewoner", p.id))) for p in people]
    return Population(tuple(people + homes), tuple(facts))


def carried(module, population: Population, rekendatum: date) -> bool:
    """Whether the case function computed this case itself (no fallback)."""
    run = module.run(population, rekendatum)
    return run.filled


# ================================================================== (a) edges of fixed-point arithmetic

def test_edges_of_fixed_point_arithmetic():
    model = _model()
    module = load_compiled(model)
    assert module.PROGRAM.case is not None
    rnd = random.Random(4)
    cases = fast_cases = instances = 0
    for k in range(240):
        pop = population(rnd)
        fast_cases += assert_same(model, module, pop, REKENDATA[k % len(REKENDATA)])
        cases += 1
        instances += len(pop.instances)
    assert instances >= 1000
    assert fast_cases >= 0.5 * cases, (fast_cases, cases)


def test_every_amount_on_every_rounding_edge_in_one_population():
    """All of AMOUNTS at once (no one jarig, korting filled): the case function carries it, equal to the interpreter."""
    model = _model()
    module = load_compiled(model)
    people = [person(n, a, jaarhuur=a * 12, born=date(1990, 1, 2) + timedelta(days=n % 20))
              for n, a in enumerate(AMOUNTS) if a < 1000]
    pop = housed(people)
    for day in (date(2024, 3, 31), date(2026, 2, 28)):
        assert assert_same(model, module, pop, day)
    run = module.run(pop, date(2024, 3, 31))
    half = {i.values["bedrag"]: run.memo[(i.id, "half")] for i in people}
    assert half[Fraction(1, 2)] == 1 and half[Fraction(-1, 2)] == -1 and half[Fraction(-3, 2)] == -2
    premie = {i.values["bedrag"]: run.memo[(i.id, "premie")] for i in people}
    assert premie[Fraction(5)] == Fraction(69, 100) and premie[Fraction(-5)] == Fraction(-69, 100)   # 0,685 → 0,69


def test_the_case_function_reads_like_the_law():
    source = compile_python(law_model("zorgtoeslag"))
    case = source[source.index("def evaluate_case(run, parameters):"):]
    assert "        # regel 'normpremie' (berekend): Wzt art. 2 lid 2; Wzt art. 2 lid 3" in case
    assert "            normpremie = rt.round_half(" in case and "10**5," in case        # 10^-7 euro to cents
    assert case.count("rt.one(roles.get((subject, 'toeslagpartnerschap', 'toeslagpartner')))") == 1
    assert "        elif r_percentage_en_vermogensgrens_rij_2_drempelpercentage in active and is_aanvrager:" in case
    assert "memo[subject, 'drempelpercentage'] = params['percentage drempelinkomen alleenstaande']" in case
    assert "Fraction" not in case and "found" not in case      # no Fractions but in the memo; no version conflicts


# ================================================================== (b) findings: fall back, same results

FALLBACKS = {
    "R602 deling door nul": ([person(1, Fraction(3), korting=Fraction(0))], date(2024, 3, 31)),
    "R602 deling door leeg": ([person(1, Fraction(3), korting=None)], date(2024, 3, 31)),
    "R602 minimum boven maximum": ([person(1, Fraction(3))], date(2025, 3, 1)),
    "R604 teken": ([person(1, Fraction(-3), born=date(2000, 5, 31), duur=True)], date(2024, 3, 31)),
    "R601 twee regels": ([person(1, Fraction(2000))], date(2024, 3, 31)),
    "invoer met te veel decimalen": ([person(1, Fraction(1234, 1000))], date(2024, 3, 31)),
    "datum buiten bereik": ([person(1, Fraction(3), born=date(9999, 12, 15))], date(2024, 3, 31)),
}


@pytest.mark.parametrize("name", sorted(FALLBACKS))
def test_findings_fall_back_to_the_functions(name):
    model = _model()
    module = load_compiled(model)
    people, day = FALLBACKS[name]
    pop = housed(people)
    assert assert_same(model, module, pop, day) is False
    assert not carried(module, pop, day)
    clean = housed([person(1, Fraction(3), born=date(2000, 5, 30))])
    assert carried(module, clean, day if day.year != 2025 else date(2024, 3, 31))


def test_facts_the_case_function_cannot_read_fall_back():
    model = _model()
    module = load_compiled(model)
    people = (person(1, Fraction(3)), Instance("w1", "Woning", {}, {}), Instance("w2", "Woning", {}, {}))
    lives = [Fact("bewoning", (("woning", "w1"), ("bewoner", "p1")))]
    for facts in [lives + [Fact("bewoning", (("woning", "w1"), ("bewoner", "w2")))],    # a Woning as bewoner
                  lives + [Fact("bewoning", (("woning", "w2"), ("bewoner", "p1")))]]:   # R606: two houses
        pop = Population(people, tuple(facts))
        assert assert_same(model, module, pop, date(2024, 3, 31)) is False
        assert not carried(module, pop, date(2024, 3, 31))


def test_inconsistencies_need_no_fallback():
    model = _model()
    module = load_compiled(model)
    pop = housed([person(1, Fraction(950), born=date(2000, 1, 1)), person(2, Fraction(3), born=date(2000, 1, 1))])
    assert assert_same(model, module, pop, date(2024, 3, 31)) is True
    run = module.run(pop, date(2024, 3, 31))
    assert sorted((f.code, f.instance) for f in run.findings) == [("R603", "p1"), ("R603", "p1"), ("R603", "p2")]


# ================================================================== (c) constructs, with parameter sets

WITH_PARAMETERS = {"02-statements": "  de grens 1.000,00 €", "04-arithmetic": "  het tarief 13,7 %"}


@pytest.mark.parametrize("stem", sorted(WITH_PARAMETERS))
def test_constructs_with_a_parameter_set(stem):
    path = next(p for p in CONSTRUCTS if p.stem == stem)
    text = path.read_text(encoding="utf-8") + f"\nParameterset T\n  geldig vanaf 01-01-2000\n{WITH_PARAMETERS[stem]}\n"
    tally = differential(model_of(text, path.name), 60)
    assert tally.fast >= 0.6 * tally.cases, tally


# ================================================================== (d) hostile names

@pytest.mark.parametrize("n", range(len(HOSTILE)))
def test_hostile_names_get_a_case_function(n):
    model = model_of(HOSTILE[n], f"hostile-{n}.rgs")
    module = load_compiled(model)
    assert module.PROGRAM.case is not None
    assert differential(model, 20).fast > 0


LONG = "heel " * 25 + "lang"
LONG_NAMES = f"""Wetgeving Lang (LW, BWBR0000013)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het {LONG} inkomen Bedrag;
  de {LONG} uitkomst Bedrag;
  is {LONG} rijk kenmerk (bijvoeglijk);

Feittype {LONG} schap
  de {LONG} aanvrager Persoon
  de {LONG} partner Persoon
  één {LONG} aanvrager heeft één {LONG} partner

Parameter de {LONG} grens : Bedrag

Parameterset {LONG} set
  geldig vanaf 01-01-2000
  de {LONG} grens 10 €

Regel {LONG} regel
  geldig altijd
    // Bron: LW art. 1
    De {LONG} uitkomst van een Persoon moet berekend worden als zijn {LONG} inkomen plus het {LONG} inkomen van
    zijn {LONG} partner
    indien zijn {LONG} inkomen groter is dan de {LONG} grens.

Regel {LONG} rijkdom
  geldig altijd
    // Bron: LW art. 2
    Een Persoon is {LONG} rijk indien zijn {LONG} uitkomst groter is dan de {LONG} grens.
"""


def test_names_longer_than_a_line():
    model = model_of(LONG_NAMES, "lang.rgs")
    source = compile_python(model, "lang")
    assert style_problems(source) == []
    assert_safe_source(source, "<lang>")
    assert load_compiled(model).PROGRAM.case is not None
    assert differential(model, 20).fast > 10


# ================================================================== (e) regels run --engine compiled

def test_engine_compiled_is_carried_by_the_case_function():
    model = law_model("zorgtoeslag")
    pop = Population((Instance("p1", "Persoon", {"geboortedatum": date(1990, 3, 1), "toetsingsinkomen": Fraction(30000),
                                                 "rendementsgrondslag": Fraction(0)}, {"verzekerd": True}),
                      Instance("p2", "Persoon", {"geboortedatum": date(1991, 7, 12), "toetsingsinkomen": Fraction(0),
                                                 "rendementsgrondslag": Fraction(0)}, {"verzekerd": True})),
                     (Fact("toeslagpartnerschap", (("aanvrager", "p1"), ("toeslagpartner", "p2"))),))
    ev = load_compiled(model).evaluation(pop, date(2025, 1, 1), model=model)      # what cli.py does
    evaluate_all(ev)
    ref = Evaluation(model, pop, date(2025, 1, 1))
    evaluate_all(ref)
    assert ev.filled and result_json(ev) == result_json(ref)
    assert ev.memo[("p1", "zorgtoeslag")] == 2792 and ev.memo[("p1", "normpremie")] == Fraction(143217, 100)


# ================================================================== (f) no case function

def test_a_model_without_case_function(monkeypatch):
    def lacking(self):
        raise fast.NotSupported("voor deze test")
    monkeypatch.setattr(fast.CaseFunction, "build", lacking)
    model = _model()
    source = compile_python(model)
    assert "def evaluate_case" not in source and "# geen evaluate_case (voor deze test)" in source
    module = load_compiled(model_of(GRENZEN, "grenzen-zonder.rgs"))
    assert module.PROGRAM.case is None
    rnd = random.Random(1)
    for day in REKENDATA[:3]:
        pop = population(rnd)
        assert assert_same(model, module, pop, day) is False

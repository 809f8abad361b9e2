"""The numpy backend equals the interpreter exactly, value by value and finding by finding, per row.

Differential tests: Hypothesis draws populations for every law (numbers at and around every constant and
parameter of the model, ±0,01 and ±1, amounts that put a percentage exactly on a rounding boundary, dates
around the table boundaries and birthdays, month ends, random kenmerken, leeg values, partners — also two
partners on a 0..1 role — and rekendatums around every parameter period) and compares every attribute and
kenmerk of every row with `interpreter.Evaluation` + `api.evaluate_all` (Fractions compared exactly, leeg as
leeg), plus the finding codes per row.  The default suite runs 50 examples × 25 rows per law; the `slow`
test 100 × 100.  Also: the runtime operations against values.py (with numbers far beyond int64, which take
the object-array path), a golden file of the generated source of a tiny model (regenerate with
REGELSPRAAK_GOLDEN=1), determinism, and NotSupported for constructs the backend does not compile.
"""
from __future__ import annotations

import os
import random
from collections import Counter
from datetime import date, timedelta
from fractions import Fraction as F
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

from regelspraak.api import check, check_sources, evaluate_all  # noqa: E402
from regelspraak.backends.numpy import runtime as rt  # noqa: E402
from regelspraak.backends.numpy.generator import NotSupported, compile_numpy, load_numpy  # noqa: E402
from regelspraak.evaluate import values as V  # noqa: E402
from regelspraak.evaluate.findings import FAILED  # noqa: E402
from regelspraak.evaluate.interpreter import Evaluation, Fact, Instance, Population  # noqa: E402
from regelspraak.model import nodes as M  # noqa: E402
from regelspraak.model.order import walk  # noqa: E402
from regelspraak.source import SourceFile  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "compile"
LAWS = {
    "zorgtoeslag": ["zorgtoeslag"], "aow": ["aow"], "inkomstenbelasting": ["inkomstenbelasting"],
    "wtos": ["wtos"], "wsf-mbo": ["wsf-mbo"],
    "huishouden": ["."],                      # a view over all laws: only checks with all of them loaded
}
SLOW_LAWS = ["zorgtoeslag", "aow", "inkomstenbelasting", "wtos", "wsf-mbo", "huishouden"]

# ====================================================================== a model of every construct

CONSTRUCTS = """Wetgeving Constructiewet (CW, BWBR0000002)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Domein Soort is van het type Enumeratie
  'a'
  'b'

Objecttype de Persoon (mv: Personen) (bezield)
  de geboortedatum Datum in dagen;
  het inkomen Bedrag;
  het vermogen Bedrag;
  het deeltal Numeriek (geheel getal);
  het maandental Numeriek (geheel getal) met eenheid mnd;
  de soort Soort;
  is verzekerd kenmerk (bijvoeglijk);
  de deling Numeriek (getal met 2 decimalen) met eenheid €;
  het derde deel Bedrag;
  de afronding naar boven Bedrag;
  de afronding richting nul Bedrag;
  de afronding weg van nul Numeriek (geheel getal) met eenheid €;
  de afronding naar beneden Numeriek (geheel getal) met eenheid €;
  de begrensde waarde Bedrag;
  het verminderde inkomen Bedrag;
  het absolute verschil Bedrag;
  de leeftijd Numeriek (geheel getal) met eenheid jr;
  de leeftijd in maanden Numeriek (geheel getal) met eenheid mnd;
  de leeftijd in dagen Numeriek (geheel getal) met eenheid dg;
  de verschoven datum Datum in dagen;
  de gemaakte datum Datum in dagen;
  het dagnummer Numeriek (geheel getal);
  de som kinderen Bedrag;
  het kindertal Numeriek (geheel getal);
  het hoogste kindinkomen Bedrag;
  het eerste kindinkomen Bedrag;
  het grootste bedrag Bedrag;
  de toeslag Bedrag;
  de startwaarde Bedrag;
  de positieve waarde Numeriek (positief getal met 2 decimalen) met eenheid €;
  het recht kenmerk (bezittelijk);
  is ouderlijk kenmerk (bijvoeglijk);

Feittype ouderschap
  de ouder Persoon
  het kind (mv: kinderen) Persoon
  één ouder heeft meerdere kinderen

Parameter de grens : Bedrag
Parameter het tarief : Percentage (getal met 2 decimalen)
Parameter de ondergrens : Bedrag

Parameterset Test
  geldig vanaf 01-01-2000
  de grens 1000 €
  het tarief 12,35 %
  de ondergrens 5 €

Regel deling
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De deling van een Persoon moet berekend worden als
      (zijn inkomen gedeeld door zijn deeltal), rekenkundig afgerond op 2 decimalen.

Regel derde deel
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    Het derde deel van een Persoon moet berekend worden als
      1/3 maal zijn inkomen, rekenkundig afgerond op 2 decimalen.

Regel afronding naar boven
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De afronding naar boven van een Persoon moet berekend worden als
      het tarief van zijn inkomen, naar boven afgerond op 2 decimalen.

Regel afronding richting nul
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De afronding richting nul van een Persoon moet berekend worden als
      het tarief van zijn inkomen, richting nul afgerond op 2 decimalen.

Regel afronding weg van nul
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De afronding weg van nul van een Persoon moet berekend worden als
      het tarief van zijn inkomen, weg van nul afgerond op 0 decimalen.

Regel afronding naar beneden
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De afronding naar beneden van een Persoon moet berekend worden als
      (zijn inkomen gedeeld door 7), naar beneden afgerond op 0 decimalen.

Regel begrensde waarde
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    De begrensde waarde van een Persoon moet berekend worden als
      zijn inkomen, met een minimum van zijn vermogen en een maximum van de grens.

Regel verminderd inkomen
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    Het verminderde inkomen van een Persoon moet berekend worden als zijn inkomen verminderd met zijn vermogen.

Regel absoluut verschil
  geldig altijd
    // Bron: [CW art. 1](jci1.3:c:BWBR0000002&artikel=1)
    Het absolute verschil van een Persoon moet berekend worden als
      de absolute waarde van (zijn inkomen min de grens).

Regel leeftijd
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    De leeftijd van een Persoon moet berekend worden als
      de tijdsduur van zijn geboortedatum tot de Rekendatum in hele jaren.

Regel leeftijd in maanden
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    De leeftijd in maanden van een Persoon moet berekend worden als
      de tijdsduur van de Rekendatum tot zijn geboortedatum in hele maanden.

Regel leeftijd in dagen
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    De leeftijd in dagen van een Persoon moet berekend worden als
      de tijdsduur van zijn geboortedatum tot de Rekendatum in hele dagen.

Regel verschoven datum
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    De verschoven datum van een Persoon moet berekend worden als
      zijn geboortedatum plus zijn maandental.

Regel gemaakte datum
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    De gemaakte datum van een Persoon moet berekend worden als
      de datum met jaar, maand en dag(het jaar uit (zijn geboortedatum), zijn deeltal, de dag uit (zijn geboortedatum)).

Regel dagnummer
  geldig altijd
    // Bron: [CW art. 2](jci1.3:c:BWBR0000002&artikel=2)
    Het dagnummer van een Persoon moet berekend worden als de dag uit (zijn verschoven datum).

Regel som kinderen
  geldig altijd
    // Bron: [CW art. 3](jci1.3:c:BWBR0000002&artikel=3)
    De som kinderen van een Persoon moet berekend worden als
      de som van het inkomen van alle kinderen van hem die verzekerd zijn of 0 € als die er niet zijn.

Regel aantal kinderen
  geldig altijd
    // Bron: [CW art. 3](jci1.3:c:BWBR0000002&artikel=3)
    Het kindertal van een Persoon moet berekend worden als het aantal kinderen van hem.

Regel hoogste kindinkomen
  geldig altijd
    // Bron: [CW art. 3](jci1.3:c:BWBR0000002&artikel=3)
    Het hoogste kindinkomen van een Persoon moet berekend worden als
      de maximale waarde van het inkomen van alle kinderen van hem.

Regel eerste kindinkomen
  geldig altijd
    // Bron: [CW art. 3](jci1.3:c:BWBR0000002&artikel=3)
    Het eerste kindinkomen van een Persoon moet berekend worden als
      de eerste van het inkomen van alle kinderen van hem.

Regel grootste bedrag
  geldig altijd
    // Bron: [CW art. 3](jci1.3:c:BWBR0000002&artikel=3)
    Het grootste bedrag van een Persoon moet berekend worden als
      de maximale waarde van zijn inkomen, zijn vermogen en de grens.

Regel toeslag een
  geldig altijd
    // Bron: [CW art. 4](jci1.3:c:BWBR0000002&artikel=4)
    De toeslag van een Persoon moet gesteld worden op 10 €
    indien hij aan ten minste één van de volgende voorwaarden voldoet:
      • zijn inkomen is groter dan de grens
      • zijn soort is gelijk aan 'a'.

Regel toeslag twee
  geldig altijd
    // Bron: [CW art. 4](jci1.3:c:BWBR0000002&artikel=4)
    De toeslag van een Persoon moet gesteld worden op 20 €
    indien hij aan ten hoogste één van de volgende voorwaarden voldoet:
      • hij is verzekerd
      • zijn vermogen is groter of gelijk aan de grens
      • zijn ouder is verzekerd.

Regel startwaarde
  geldig altijd
    // Bron: [CW art. 4](jci1.3:c:BWBR0000002&artikel=4)
    De startwaarde van een Persoon moet geïnitialiseerd worden op de ondergrens
    indien hij verzekerd is.

Regel startwaarde van een kind
  geldig altijd
    // Bron: [CW art. 4](jci1.3:c:BWBR0000002&artikel=4)
    De startwaarde van een kind moet gesteld worden op 7 €
    indien zijn ouder verzekerd is.

Regel positieve waarde
  geldig altijd
    // Bron: [CW art. 4](jci1.3:c:BWBR0000002&artikel=4)
    De positieve waarde van een Persoon moet berekend worden als zijn inkomen min de ondergrens.

Regel recht
  geldig altijd
    // Bron: [CW art. 5](jci1.3:c:BWBR0000002&artikel=5)
    Een Persoon heeft recht
    indien hij aan geen van de volgende voorwaarden voldoet:
      • zijn inkomen is leeg
      • zijn deling is kleiner dan 0 €
      • hij is een kind.

Regel ouderlijk
  geldig altijd
    // Bron: [CW art. 5](jci1.3:c:BWBR0000002&artikel=5)
    Een Persoon is ouderlijk
    indien hij een ouder is.

Regel inkomen niet te hoog
  geldig altijd
    // Bron: [CW art. 6](jci1.3:c:BWBR0000002&artikel=6)
    Het inkomen van een Persoon moet kleiner of gelijk zijn aan 100000 €
    indien hij verzekerd is.
"""


# ====================================================================== loading (cached)

_CACHE: dict = {}


def _law(name: str):
    """(model, compiled module, profile) of a law; skips with NotSupported's reason."""
    if name not in _CACHE:
        if name == "constructs":
            loaded = check_sources([SourceFile.from_text("constructs.rgs", _constructs_text())])
        else:
            loaded = check([ROOT / "laws" / p for p in LAWS[name]])
        assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
        model = loaded.model
        try:
            mod = load_numpy(model)
        except NotSupported as e:
            _CACHE[name] = e
        else:
            _CACHE[name] = (model, mod, _profile(model))
    got = _CACHE[name]
    if isinstance(got, NotSupported):
        pytest.skip(f"numpy-backend: {got}")
    return got


# ====================================================================== interesting values of a model


def _halfway(p: F, thresholds: list[F]) -> list[F]:
    """Amounts t + c cents for which p% of c cents lies exactly halfway at 0 or 2 decimals (ends in …5).

    p/100 · c/100 · 10^k = N·c/D in lowest terms has denominator 2 exactly when c is an odd multiple of D/2."""
    out = []
    for k in (0, 2):
        q = p / 100 / 100 * 10 ** k
        if q.denominator % 2:
            continue
        half = q.denominator // 2
        for j in range(3):
            cents = half * (2 * j + 1)
            out.extend(t + F(cents, 100) for t in thresholds)
    return out


class _Profile:
    """Numbers, dates and rekendatums around which a model's rules change behaviour."""

    def __init__(self, numbers, percents, dates, rekendata):
        self.numbers, self.percents, self.dates, self.rekendata = numbers, percents, dates, rekendata


def _profile(model: M.Model) -> _Profile:
    consts, percents, dates = set(), set(), set()
    for r in model.rules:
        for root in (r.expr, r.condition, r.check, *[e for _, e in r.variables]):
            if root is None:
                continue
            for n in walk(root):
                if isinstance(n, M.Const) and isinstance(n.value, F):
                    (percents if n.type.kind == "percentage" else consts).add(n.value)
                elif isinstance(n, M.Const) and isinstance(n.value, date):
                    dates.add(n.value)
    for s in model.parameter_sets:
        for k, v in s.values.items():
            p = model.parameters.get(k)
            if isinstance(v, F):
                (percents if p is not None and p.type.kind == "percentage" else consts).add(v)
            elif isinstance(v, date):
                dates.add(v)
    rekendata = set()
    for s in model.parameter_sets:
        for d in (s.start, s.end):
            if d is not None:
                rekendata.update({d, d + timedelta(days=1), d - timedelta(days=1)})
        if s.start is not None:
            rekendata.add(date(s.start.year, 7, 1))
    if not rekendata:
        rekendata = {date(2025, 1, 1), date(2024, 2, 29)}
    rekendata = sorted(d for d in rekendata if date(1990, 1, 1) <= d <= date(2100, 1, 1))
    numbers = set()
    for v in consts:
        for dv in (0, F(1, 100), 1):
            numbers.update({v + dv, v - dv})
    for d in rekendata:
        numbers.update({F(d.year - 2), F(d.year - 1), F(d.year - 3)})
    small = sorted(v for v in consts if abs(v) < 10**6)
    thresholds = [F(0)] + [t for t in small if t > 100][:12]
    for p in sorted(percents):
        numbers.update(_halfway(p, thresholds))
    numbers.update(F(x, 100) for x in (5, 50, 150, 250, 1050, 2350, 99995))
    for d in rekendata:
        for years in (18, 65, 66, 67):
            b = date(d.year - years, d.month, min(d.day, 28))
            dates.update({b, b + timedelta(days=1), b - timedelta(days=1)})
    for y in (1947, 1955, 1964, 2004, 2006):
        dates.update({date(y, 1, 31), date(y, 2, 28), date(y, 8, 31), date(y, 12, 31)})
    dates.update({date(1948, 2, 29), date(2004, 2, 29)})
    around = set()
    for d in dates:
        around.update({d, d + timedelta(days=1), d - timedelta(days=1)})
    return _Profile(sorted(numbers), sorted(percents), sorted(around), rekendata)


# ====================================================================== random populations


def _number(rnd: random.Random, t: M.Type, prof: _Profile) -> F:
    d = t.decimals if t.decimals is not None else 2
    if t.kind == "percentage":
        pool = prof.percents or [F(0)]
        v = rnd.choice(pool) if rnd.random() < 0.7 else F(rnd.randint(0, 10_000), 100)
    else:
        r = rnd.random()
        if r < 0.55 and prof.numbers:
            v = rnd.choice(prof.numbers)
        elif r < 0.75:
            v = F(rnd.randint(-2_000, 120_000))
        elif r < 0.9:
            v = F(rnd.randint(-200_000, 12_000_000), 100)
        else:
            v = F(rnd.randint(0, 60))
    v = V.round_to(v, d, "naar beneden")
    if t.sign in ("niet-negatief", "positief") and v < 0:
        v = -v
    if t.sign == "positief" and v == 0:
        v = F(1)
    return v


def _value(rnd: random.Random, model: M.Model, a: M.AttributeInfo, prof: _Profile):
    kind = a.type.kind
    if kind in ("number", "percentage"):
        return _number(rnd, a.type, prof)
    if kind == "date":
        if rnd.random() < 0.6:
            return rnd.choice(prof.dates)
        return date(1925, 1, 1) + timedelta(days=rnd.randint(0, 33_000))
    if kind == "enum":
        return rnd.choice(model.enums[a.type.name])
    if kind == "boolean":
        return rnd.random() < 0.5
    return rnd.choice(["a", "b", "tekst"])


def _computed(model: M.Model) -> set[tuple[str, str]]:
    return {(r.target.object_type.lower(), r.target.name.lower()) for r in model.rules if r.kind not in ("consistentie", "uniek")}


def random_population(rnd: random.Random, model: M.Model, prof: _Profile, rows: int) -> Population:
    """`rows` objects of the main type (others in proportion), values, kenmerken and facts."""
    computed = _computed(model)
    insts, ids = [], {}
    types = list(model.object_types.values())
    for t in types:
        key = t.name.lower()
        count = rows if t is types[0] or key == "persoon" else max(1, rows // 5)
        ids[key] = []
        for i in range(count):
            vals, kenm = {}, {}
            for a in t.attributes.values():
                k = a.name.lower()
                p = 0.03 if (key, k) in computed else 0.88       # given: mostly inputs, sometimes a result
                if rnd.random() < p:
                    vals[k] = _value(rnd, model, a, prof)
            for kn in t.kenmerken.values():
                k = kn.name.lower()
                p = 0.05 if (key, k) in computed else 0.9
                if rnd.random() < p:
                    kenm[k] = rnd.random() < 0.6
            iid = f"{key[:3]}{i}"
            ids[key].append(iid)
            insts.append(Instance(iid, t.name, vals, kenm))
    facts = []
    for ft in model.fact_types.values():
        roles = ft.roles if len(ft.roles) == 2 else (ft.roles[0], ft.roles[0])
        a_ids, b_ids = ids.get(roles[0].object_type.lower(), []), ids.get(roles[1].object_type.lower(), [])
        if not a_ids or not b_ids:
            continue
        if roles[1].multiple or roles[0].multiple:
            many, one = (1, 0) if roles[1].multiple else (0, 1)
            for who in (b_ids if many == 1 else a_ids):
                if rnd.random() < 0.75:
                    other = rnd.choice(a_ids if many == 1 else b_ids)
                    pair = (other, who) if many == 1 else (who, other)
                    if pair[0] != pair[1]:
                        facts.append(Fact(ft.name, ((roles[0].name, pair[0]), (roles[1].name, pair[1]))))
            continue
        pool = list(a_ids)
        rnd.shuffle(pool)
        pairs = int(len(pool) * 0.4) // 2
        for j in range(pairs):
            facts.append(Fact(ft.name, ((roles[0].name, pool[2 * j]), (roles[1].name, pool[2 * j + 1]))))
        if rnd.random() < 0.3:                      # sometimes a second partner on a 0..1 role (R606)
            x, y = rnd.sample(a_ids, 2) if len(a_ids) > 1 else (None, None)
            if x is not None:
                facts.append(Fact(ft.name, ((roles[0].name, x), (roles[1].name, y))))
    return Population(tuple(insts), tuple(facts))


# ====================================================================== comparing


def _show(v) -> str:
    if v is None:
        return "leeg"
    if isinstance(v, bool):
        return "waar" if v else "onwaar"
    if isinstance(v, F):
        return V.format_number(v)
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    return repr(v)


def _case(pop: Population, on: date, iid: str) -> str:
    """The object and its partners as a testgeval to paste into a .test.rgs file (units to be added)."""
    involved = {iid}
    for f in pop.facts:
        if any(w == iid for _, w in f.roles):
            involved.update(w for _, w in f.roles)
    lines = ["Testset numpy-verschil", f"  Rekendatum {on.strftime('%d-%m-%Y')}", "", "  Testgeval verschil"]
    for inst in pop.instances:
        if inst.id not in involved:
            continue
        lines.append(f"    Gegeven een {inst.type} ({inst.id}) met")
        lines.extend(f"      {k} {_show(v)}" for k, v in inst.values.items() if v is not None)
        lines.extend(f"      is {'' if v else 'niet '}{k}" for k, v in inst.kenmerken.items())
    for f in pop.facts:
        if any(w in involved for _, w in f.roles):
            (r1, a), (r2, b) = f.roles
            lines.append(f"    Gegeven {a} heeft {b} als {r2}")
    return "\n".join(lines)


def compare(model: M.Model, mod, pop: Population, on: date) -> int:
    """Assert that every value and every finding code per row is the interpreter's; returns the rows."""
    ev = Evaluation(model, pop, on)
    evaluate_all(ev)
    npop = rt.from_interpreter(model, pop)
    run = mod.run(npop, on)
    rows = 0
    for tkey, table in npop.tables.items():
        members = [name for (ot, name) in mod.COMPILED.MEMBERS if ot == tkey]
        for name in members:
            col = run.column(tkey, name)
            for i, iid in enumerate(table.ids):
                want, got = ev.memo.get((iid, name)), col.python(i)
                same = want == got and type(want) is type(got) or (want is None and got is None)
                if isinstance(want, bool) and isinstance(got, bool):
                    same = want == got
                assert same, (f"{iid}.{name} op {on}: interpreter {_show(want)} ({want!r}), numpy {_show(got)} "
                              f"({got!r})\n{_case(pop, on, iid)}")
        rows += table.n
    want = Counter((f.instance, f.code, (f.attribute or "").lower() or None) for f in ev.findings)
    got = Counter()
    for f in run.findings:
        ids = npop.tables[f.object_type].ids
        for r in f.rows:
            got[(ids[int(r)], f.code, f.attribute)] += 1
    assert want == got, (f"bevindingen op {on}: alleen interpreter {sorted((want - got).elements())[:5]}, "
                         f"alleen numpy {sorted((got - want).elements())[:5]}")
    return rows


def _check_law(name: str, rnd: random.Random, rows: int) -> int:
    model, mod, prof = _law(name)
    on = rnd.choice(prof.rekendata)
    pop = random_population(rnd, model, prof, rows)
    return compare(model, mod, pop, on)


# ====================================================================== the differential tests

_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", list(LAWS) + ["constructs"])
@settings(max_examples=50, **_SETTINGS)
@given(seed=st.integers(0, 2**32 - 1))
def test_numpy_equals_interpreter(name, seed):
    """>= 1.000 rows per law (50 examples × 25 rows): every value and finding code per row.  Hypothesis draws
    the seed of the population; a failure prints the differing object as a testgeval."""
    assert _check_law(name, random.Random(seed), 25) >= 25


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW_LAWS + ["constructs"])
def test_numpy_equals_interpreter_10000_rows(name):
    """>= 10.000 rows per law (100 populations × 100 rows)."""
    total = 0
    for seed in range(100):
        total += _check_law(name, random.Random(seed), 100)
    assert total >= 10_000


def test_zorgtoeslag_rounding_boundaries_exactly():
    """Incomes where 13,7 % of the income above the drempel ends in …5 at the rounding position."""
    model, mod, _ = _law("zorgtoeslag")
    on = date(2025, 1, 1)
    insts = []
    boundary = [F(2840600 + c, 100) for c in range(1, 200_000) if (F(137, 10) * c / 100).denominator == 2][:40]
    assert boundary, "no boundary incomes found"
    for i, inkomen in enumerate(boundary + [F(28406), F(2840601, 100), F(2840599, 100)]):
        insts.append(Instance(f"p{i}", "Persoon", {"toetsingsinkomen": inkomen, "rendementsgrondslag": F(0),
                                                   "geboortedatum": date(1990, 1, 1)}, {"verzekerd": True}))
    compare(model, mod, Population(tuple(insts)), on)


def test_laws_outside_their_parameter_period():
    """Rules that read parameters are not applied when no parameter set holds; the others still are."""
    for name in ("zorgtoeslag", "wtos"):
        model, mod, prof = _law(name)
        pop = random_population(random.Random(7), model, prof, 30)
        compare(model, mod, pop, date(1999, 6, 1))


# ====================================================================== the runtime against values.py

_BIG = st.one_of(st.integers(-10**4, 10**4), st.integers(-10**22, 10**22))
_FR = st.one_of(st.none(), st.builds(F, _BIG, st.sampled_from([1, 10, 100, 1000, 3, 7, 10**5]))
                .map(lambda x: x))


def _col(vals):
    return rt.column_of("number", vals)


def _eq(col, want, n):
    got = [col.value(i) if isinstance(col, rt.Num) else col for i in range(n)]
    assert got == want


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(_FR, _FR), min_size=1, max_size=12), st.integers(0, 4),
       st.sampled_from(V.ROUNDING_MODES))
def test_runtime_operations_match_values(pairs, decimals, mode):
    """Exact arithmetic, rounding, bounds and comparisons, also far beyond int64 (object arrays)."""
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    n = len(pairs)
    A, B = _col(a), _col(b)
    ev = rt.Ev(n)
    _eq(rt.add(ev, A, B), [V.add(x, y) for x, y in pairs], n)
    _eq(rt.sub(ev, A, B), [V.sub(x, y) for x, y in pairs], n)
    _eq(rt.mul(ev, A, B), [V.mul(x, y) for x, y in pairs], n)
    _eq(rt.reduced_by(ev, A, B), [V.reduced_by(x, y) for x, y in pairs], n)
    _eq(rt.percent(ev, A, B), [V.percent_of(x, y) for x, y in pairs], n)
    _eq(rt.round_(ev, A, decimals, mode), [V.round_to(x, decimals, mode) for x in a], n)
    _eq(rt.round_(ev, rt.mul(ev, A, F(1, 3)), decimals, mode),
        [V.round_to(V.mul(x, F(1, 3)), decimals, mode) for x in a], n)
    _eq(rt.absolute(ev, A), [V.absolute(x) for x in a], n)
    for op in ("<", "<=", ">", ">=", "==", "!="):
        got = rt.cmp(ev, op, A, B)
        got = np.broadcast_to(got, (n,))
        assert list(map(bool, got)) == [V.compare(op, x, y) for x, y in pairs]
    ok = [y is not None and y != 0 for y in b]
    q = rt.div(ev, A, B)
    assert [bool(e) for e in (ev.err if ev.err is not None else np.zeros(n))] == [not o for o in ok]
    for i in range(n):
        if ok[i]:
            assert q.value(i) == V.div(a[i], b[i])
    ev2 = rt.Ev(n)
    lo = rt.bound(ev2, B, None, A)
    _eq(lo, [V.bounded(x, y, None) for x, y in pairs], n)
    hi = rt.bound(ev2, None, B, A)
    _eq(hi, [V.bounded(x, None, y) for x, y in pairs], n)
    ev3 = rt.Ev(n)
    both = rt.bound(ev3, F(-5), B, A)
    for i, (x, y) in enumerate(pairs):
        try:
            want = V.bounded(x, F(-5), y)
        except V.EvaluationError:
            assert ev3.err is not None and ev3.err[i] == rt.R602
            continue
        assert both.value(i) == want


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.dates(date(1, 3, 1), date(9999, 10, 1))),
                          st.integers(-15000, 15000)), min_size=1, max_size=10),
       st.sampled_from(["dg", "wk", "mnd", "kw", "jr"]), st.sampled_from(["jaren", "maanden", "dagen", "weken"]))
def test_runtime_dates_match_values(rows, unit, dunit):
    n = len(rows)
    ds = [d for d, _ in rows]
    ks = [F(k) for _, k in rows]
    D = rt.column_of("date", ds)
    K = _col(ks)
    ev = rt.Ev(n)
    got = rt.shift(ev, D, K, unit, 1)
    for i, (d, k) in enumerate(rows):
        try:
            want = V.add_duration(d, F(k), unit)
        except V.EvaluationError:
            assert ev.err is not None and ev.err[i] == rt.R602
            continue
        assert (ev.err is None or ev.err[i] == 0) and got.value(i) == want
    for part in ("dag", "maand", "jaar"):
        _eq(rt.date_part(ev, D, part), [V.date_part(d, part) for d in ds], n)
    other = [date(2000, 2, 29) + timedelta(days=k) for _, k in rows]
    dur = rt.duration(rt.Ev(n), D, rt.column_of("date", other), dunit)
    _eq(dur, [V.duration_between(d, o, dunit) for d, o in zip(ds, other)], n)
    ev4 = rt.Ev(n)
    made = rt.make_date(ev4, rt.date_part(ev4, D, "jaar"), _col([F(k % 14) for k in (x for _, x in rows)]),
                        _col([F(k % 32) for _, k in rows]))
    for i, (d, k) in enumerate(rows):
        try:
            want = V.make_date(V.date_part(d, "jaar"), F(k % 14), F(k % 32))
        except V.EvaluationError:
            assert ev4.err is not None and ev4.err[i] == rt.R602
            continue
        assert made.value(i) == want


# ====================================================================== the generated source


TINY = """Wetgeving Kleine wet (KW, BWBR0000003)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Bedrag;
  de bijdrage Bedrag;
  is verzekerd kenmerk (bijvoeglijk);
  het recht kenmerk (bezittelijk);

Feittype partnerschap
  de aanvrager Persoon
  de partner Persoon
  één aanvrager heeft één partner

Parameter de grens : Bedrag
Parameter het tarief : Percentage (getal met 2 decimalen)

Parameterset Kleine wet 2025
  geldig vanaf 01-01-2025 t/m 31-12-2025
  de grens 1.000,00 €
  het tarief 13,75 %

Regel recht
  geldig altijd
    // Bron: [KW art. 1](jci1.3:c:BWBR0000003&artikel=1)
    Een Persoon heeft recht
    indien hij aan alle volgende voorwaarden voldoet:
      • hij is verzekerd
      • zijn inkomen is kleiner dan de grens.

Regel bijdrage
  geldig altijd
    // Bron: [KW art. 2 lid 1](jci1.3:c:BWBR0000003&artikel=2&lid=1)
    De bijdrage van een Persoon moet berekend worden als
      het tarief van (zijn inkomen plus het inkomen van zijn partner), rekenkundig afgerond op 2 decimalen
    indien hij recht heeft.

Regel geen bijdrage
  geldig altijd
    // Bron: [KW art. 2 lid 2](jci1.3:c:BWBR0000003&artikel=2&lid=2)
    De bijdrage van een Persoon moet gesteld worden op 0 €
    indien hij geen recht heeft.
"""


def _tiny():
    loaded = check_sources([SourceFile.from_text("kleine-wet.rgs", TINY)])
    assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
    return loaded.model


def test_golden_generated_source():
    text = compile_numpy(_tiny())
    path = GOLDEN / "numpy_tiny.py"
    if os.environ.get("REGELSPRAAK_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), "run with REGELSPRAAK_GOLDEN=1 to create the golden file"
    assert text == path.read_text(encoding="utf-8")


def test_generated_source_is_deterministic_and_safe():
    a, b = compile_numpy(_tiny()), compile_numpy(_tiny())
    assert a == b
    for name in ("zorgtoeslag", "huishouden"):
        model, _, _ = _law(name)
        again = check([ROOT / "laws" / p for p in LAWS[name]]).model
        assert compile_numpy(model) == compile_numpy(again)
    assert "# Regel bijdrage (berekend)" in a and "KW art. 2 lid 1" in a
    assert "def persoon__bijdrage(run):" in a and "eval(" not in a and "exec(" not in a


def test_tiny_model_runs_with_numpy_arrays():
    """The population API of the simulator: columns of integers (cents), kenmerken, facts as index arrays."""
    mod = load_numpy(_tiny())
    pop = rt.Population({"Persoon": rt.Table(4, columns={"inkomen": rt.Num.fixed(np.array([50000, 99999, 100000, 10]), 2)},
                                             kenmerken={"verzekerd": np.array([True, True, True, False])})},
                        [rt.Facts("partnerschap", [("aanvrager", "Persoon", np.array([0])),
                                                   ("partner", "Persoon", np.array([1]))])])
    run = mod.run(pop, date(2025, 6, 1))
    got = [run.python("persoon", "bijdrage", i) for i in range(4)]
    assert got == [V.round_to(F(1375, 10000) * (F(500) + F(99999, 100)), 2, "rekenkundig"),
                   V.round_to(F(1375, 10000) * F(99999, 100), 2, "rekenkundig"), F(0), F(0)]
    assert [run.python("persoon", "recht", i) for i in range(4)] == [True, True, False, False]
    assert not run.findings


def test_conflicts_are_findings_with_rows():
    text = TINY + """
Regel dubbele bijdrage
  geldig altijd
    // Bron: [KW art. 3](jci1.3:c:BWBR0000003&artikel=3)
    De bijdrage van een Persoon moet gesteld worden op 1 €
    indien zijn inkomen groter is dan 0 €.
"""
    loaded = check_sources([SourceFile.from_text("kleine-wet.rgs", text)])
    mod = load_numpy(loaded.model)
    pop = rt.Population({"Persoon": rt.Table(3, columns={"inkomen": rt.Num.fixed(np.array([0, 500, 5000]), 2)},
                                             kenmerken={"verzekerd": np.array([True, True, True])})})
    run = mod.run(pop, date(2025, 1, 1))
    conflicts = [f for f in run.findings if f.code == "R601"]
    assert len(conflicts) == 1 and list(conflicts[0].rows) == [1, 2] and conflicts[0].attribute == "bijdrage"
    assert run.python("persoon", "bijdrage", 1) is FAILED and run.python("persoon", "bijdrage", 0) == F(0)


def test_not_supported_names_the_construct_and_rule():
    text = TINY.replace("  het inkomen Bedrag;", "  het inkomen Bedrag;\n  het nummer Numeriek (geheel getal);") + """
Regel controle
  geldig altijd
    // Bron: [KW art. 4](jci1.3:c:BWBR0000003&artikel=4)
    Een Persoon is verzekerd
    indien zijn nummer aan de elfproef voldoet.
"""
    loaded = check_sources([SourceFile.from_text("kleine-wet.rgs", text)])
    assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
    with pytest.raises(NotSupported) as e:
        compile_numpy(loaded.model)
    assert "elfproef" in str(e.value) and "controle" in str(e.value)


def _constructs_text() -> str:
    return CONSTRUCTS


def test_explicit_parameterset_like_the_interpreter():
    model, mod, prof = _law("zorgtoeslag")
    pop = random_population(random.Random(11), model, prof, 30)
    on = date(2025, 3, 1)
    ev = Evaluation(model, pop, on, "Zorgtoeslag 2025")
    evaluate_all(ev)
    run = mod.run(rt.from_interpreter(model, pop), on, "Zorgtoeslag 2025")
    assert all(run.python("persoon", "zorgtoeslag", i) == ev.memo.get((iid, "zorgtoeslag"))
               for i, iid in enumerate(run.pop.table("persoon").ids))
    with pytest.raises(rt.RunError) as e:
        mod.run(rt.from_interpreter(model, pop), on, "Zorgtoeslag 2024")
    assert e.value.code == "R605"
    with pytest.raises(rt.RunError):
        mod.run(rt.from_interpreter(model, pop), on, "bestaat niet")

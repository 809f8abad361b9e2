"""The Python backend: compiled modules give exactly the interpreter's results, read well, and stay safe.

(a) differential: Hypothesis builds populations from each law's own model (values around every constant and
    parameter, dates around table and validity boundaries, facts per feittype cardinality, a rekendatum in
    the law's parameter periods); the interpreter, the compiled functions (fast=False) and the compiled case
    function (evaluate_case, fast=True, falling back to the functions where the interpreter has findings) must
    agree on memo, findings and fired; most cases must be carried by the case function itself;
(b) golden sources for two small models in tests/golden/compile (REGELSPRAAK_GOLDEN=1 rewrites them);
(c) hostile names: quotes, backslashes, line separators, dunders, look-alikes, keywords, collisions;
(d) `regels compile` writes an importable package that runs a case without the parser;
(e) `regels run --engine compiled` prints what the interpreter prints.
"""
from __future__ import annotations

import ast
import io
import json
import os
import shutil
import subprocess
import sys
import tokenize
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import partial
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from regelspraak import testing
from regelspraak.api import check, check_sources, evaluate_all
from regelspraak.backends.python.generator import (
    LIMIT,
    compile_python,
    identifier,
    load_compiled,
    python_name,
    width,
)
from regelspraak.evaluate.interpreter import (
    Evaluation,
    Fact,
    Instance,
    Population,
    RuleError,
)
from regelspraak.evaluate.values import format_number, round_to
from regelspraak.model import nodes as M
from regelspraak.source import SourceFile

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden" / "compile"
LAWS = ["zorgtoeslag", "aow", "inkomstenbelasting", "wtos", "wsf-mbo", "huishouden"]
INSTANCES = 5                       # instances per generated population: 200 examples x 5 = 1.000 cases


def regels(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "regelspraak.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


# ================================================================== models, loaded once

_MODELS: dict[str, M.Model] = {}


def law_model(law: str) -> M.Model:
    """A law's model on its own; the household view needs every law (it reads their results)."""
    if law not in _MODELS:
        paths = [ROOT / "laws"] if law == "huishouden" else [ROOT / "laws" / law]
        loaded = check(paths)
        assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]
        _MODELS[law] = loaded.model
    return _MODELS[law]


def model_of(text: str, name: str = "test.rgs") -> M.Model:
    loaded = check_sources([SourceFile.from_text(name, text)])
    assert loaded.model is not None, [(d.code, d.message) for d in loaded.diagnostics.errors()]
    return loaded.model


# ================================================================== generating populations from a model

def _walk(node, out: list) -> None:
    if isinstance(node, (tuple, list)):
        for x in node:
            _walk(x, out)
    elif is_dataclass(node) and not isinstance(node, (M.Type, M.ArticleRef)):
        out.append(node)
        for f in fields(node):
            if f.name not in ("span", "type"):
                _walk(getattr(node, f.name), out)


class Profile:
    """What the generator needs from a model: constants, boundaries, which members rules compute."""

    def __init__(self, model: M.Model):
        self.model = model
        nodes: list = []
        dates: set[date] = set()
        numbers: set[Fraction] = {Fraction(0)}
        for r in model.rules:
            _walk([r.expr, r.condition, r.check, [e for _, e in r.variables]], nodes)
            dates.update(d for d in (r.start, r.end, r.closed_from) if d)
        for n in nodes:
            if isinstance(n, M.Const) and isinstance(n.value, Fraction):
                numbers.add(n.value)
            elif isinstance(n, M.Const) and isinstance(n.value, date):
                dates.add(n.value)
        for s in model.parameter_sets:
            dates.update(d for d in (s.start, s.end) if d)
            for v in s.values.values():
                if isinstance(v, Fraction):
                    numbers.add(v)
                elif isinstance(v, date):
                    dates.add(v)
        pool = set()
        for c in numbers:                   # every threshold, just below and above it, and per month/year
            for x in (c, c - Fraction(1, 100), c + Fraction(1, 100), c - 1, c + 1, c * 12, c / 12, -c):
                pool.add(x)
        self.numbers = sorted(pool)
        self.ages = sorted({int(c) for c in numbers if c.denominator == 1 and 0 <= c <= 100} | {18, 21, 66, 67})
        self.dates = sorted(dates) or [date(2025, 1, 1)]
        self.computed = {(r.target.object_type.lower(), r.target.name.lower()) for r in model.rules}
        self.periods = [(s.start or date(2000, 1, 1), s.end or date(2030, 12, 31)) for s in model.parameter_sets]
        if not self.periods:
            self.periods = [(date(2024, 1, 1), date(2026, 12, 31))]
        self.types = [t for t in model.object_types.values() if t.attributes or t.kenmerken]


def _fit(x: Fraction, t: M.Type) -> Fraction:
    decimals = 0 if t.integer else (t.decimals if t.decimals is not None else 4)
    x = round_to(x, decimals, "richting nul")
    if t.sign == "niet-negatief":
        x = abs(x)
    elif t.sign == "positief":
        x = abs(x) or Fraction(1)
    elif t.sign == "negatief":
        x = -abs(x) or Fraction(-1)
    return x


def _number(draw, p: Profile, t: M.Type) -> Fraction:
    if draw(st.integers(0, 3)) == 0:
        return _fit(Fraction(draw(st.integers(-2_000_000, 20_000_000)), 100), t)
    return _fit(draw(st.sampled_from(p.numbers)), t)


def _date(draw, p: Profile, rekendatum: date) -> date:
    how = draw(st.integers(0, 4))
    if how <= 1:                            # around a boundary in the rules or parameter sets, or an age before it
        d = draw(st.sampled_from(p.dates)) + timedelta(days=draw(st.sampled_from([-366, -31, -1, 0, 1, 31, 365])))
        if how == 1:
            years = draw(st.sampled_from(p.ages))
            d = date(max(1, d.year - years), d.month, min(d.day, 28))
    elif how <= 3:                          # someone of an age that matters on the rekendatum, give or take
        years = draw(st.sampled_from(p.ages)) + draw(st.integers(-1, 1))
        d = date(max(1, rekendatum.year - years), rekendatum.month, min(rekendatum.day, 28))
        d += timedelta(days=draw(st.integers(-400, 400)))
    else:
        d = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31)))
    return min(max(d, date(1900, 1, 1)), date(2099, 12, 31))


def _value(draw, p: Profile, t: M.Type, rekendatum: date):
    if t.kind in ("number", "percentage"):
        return _number(draw, p, t)
    if t.kind == "date":
        return _date(draw, p, rekendatum)
    if t.kind == "boolean":
        return draw(st.booleans())
    if t.kind == "enum":
        domain = next((v for k, v in p.model.enums.items() if k.lower() == (t.name or "").lower()), ("x",))
        return draw(st.sampled_from(domain))
    return draw(st.sampled_from(["", "a", "tekst", "Ab-12"]))


@st.composite
def cases(draw, p: Profile):
    """(population, rekendatum, parameterset) for one model."""
    start, end = draw(st.sampled_from(p.periods))
    span = (end - start).days
    offset = draw(st.one_of(st.sampled_from([0, 1, span - 1, span, span // 2]), st.integers(0, span)))
    rekendatum = start + timedelta(days=min(max(offset, 0), span))
    names = [s.name for s in p.model.parameter_sets]
    parameterset = draw(st.sampled_from(names)) if names and draw(st.integers(0, 9)) == 0 else None
    weights = [t for t in p.types for _ in range(3 if t.animate else 1)]
    instances = []
    for n in range(INSTANCES):
        t = draw(st.sampled_from(weights))
        tkey = t.name.lower()
        values, kenmerken = {}, {}
        for key, a in t.attributes.items():
            computed = (tkey, key) in p.computed
            if draw(st.integers(0, 9)) < (1 if computed else 8):
                values[key] = _value(draw, p, a.type, rekendatum)
        for key in t.kenmerken:
            if (tkey, key) in p.computed:
                if draw(st.integers(0, 9)) == 0:
                    kenmerken[key] = True
            else:
                choice = draw(st.integers(0, 9))
                if choice < 9:
                    kenmerken[key] = choice < 5
        instances.append(Instance(f"{t.name.lower()[:1]}{n + 1}", t.name, values, kenmerken))
    return Population(tuple(instances), tuple(_facts(draw, p, instances))), rekendatum, parameterset


def _facts(draw, p: Profile, instances: list[Instance]) -> list[Fact]:
    facts = []
    strict = draw(st.integers(0, 9)) > 0          # mostly within the cardinality; sometimes not (R606)
    for ft in p.model.fact_types.values():
        roles = list(ft.roles) * 2 if len(ft.roles) == 1 else list(ft.roles)
        used: dict[str, set[str]] = {}
        for _ in range(draw(st.integers(0, len(instances)))):
            pairs = []
            for i, r in enumerate(roles):
                fits = [x for x in instances if x.type.lower() == r.object_type.lower()
                        and x.id not in {w for _, w in pairs}]
                if strict:                        # a second fact only in a role whose other side is 'meerdere'
                    others = [o for j, o in enumerate(roles) if j != i]
                    fits = [x for x in fits if x.id not in used or
                            (used[x.id] == {r.name} and all(o.multiple for o in others) and len(ft.roles) > 1)]
                if not fits:
                    break
                pairs.append((r.name, draw(st.sampled_from(fits)).id))
            if len(pairs) == len(roles):
                for role, who in pairs:
                    used.setdefault(who, set()).add(role)
                facts.append(Fact(ft.name, tuple(pairs)))
    return facts


# ================================================================== comparing the two engines

def _findings(ev) -> list[tuple]:
    return [(f.code, f.instance, f.attribute, f.message, tuple(r.label() for r in f.rules)) for f in ev.findings]


def outcome(make) -> tuple:
    try:
        ev = make()
    except RuleError as e:
        return ("fout", e.code, e.message), None
    if isinstance(ev, Evaluation):
        evaluate_all(ev)
    else:
        ev.evaluate_all()
    return (ev.memo, _findings(ev), ev.fired), ev


def as_case(population: Population, rekendatum: date, parameterset: str | None) -> str:
    """A failing population as a case file, ready for `regels run --engine compiled`."""
    def show(v):
        return format_number(v) if isinstance(v, Fraction) else v.isoformat() if isinstance(v, date) else v
    objects = [{"id": i.id, "type": i.type, **{k: show(v) for k, v in i.values.items()},
                **{k: ("waar" if v else "onwaar") for k, v in i.kenmerken.items()}} for i in population.instances]
    facts = []
    for f in population.facts:
        fact: dict = {"feittype": f.fact_type}
        for role, who in f.roles:
            fact[role] = [fact[role], who] if role in fact else who
        facts.append(fact)
    data = {"rekendatum": rekendatum.isoformat(), "objecten": objects, "feiten": facts}
    if parameterset:
        data["parameterset"] = parameterset
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def assert_same(model: M.Model, module, population: Population, rekendatum: date, parameterset=None) -> bool:
    """Interpreter, compiled functions and compiled case function agree; True when the case function carried it."""
    ref, _ = outcome(lambda: Evaluation(model, population, rekendatum, parameterset))
    filled = False
    for fast in (False, True):
        got, run = outcome(partial(module.evaluation, population, rekendatum, parameterset, fast=fast))
        filled = filled or bool(run is not None and run.filled)
        if ref == got:
            continue
        case = as_case(population, rekendatum, parameterset)
        engine = "evaluate_case" if run is not None and run.filled else "gecompileerd"
        if ref[0] == "fout" or got[0] == "fout":
            raise AssertionError(f"interpreter {ref[0]} / {engine} {got[0]}\n{case}")
        memo = {k: (v, got[0].get(k, "ontbreekt")) for k, v in ref[0].items() if got[0].get(k, "ontbreekt") != v}
        extra = set(got[0]) - set(ref[0])
        raise AssertionError(f"{engine}: verschil in waarden {memo} {extra}\nbevindingen {ref[1]}\n"
                             f"         vs {got[1]}\ngevuurd {set(ref[2].items()) ^ set(got[2].items())}\n{case}")
    return filled


@dataclass
class Tally:
    """What a differential run compared: instances, cases, and cases the case function carried itself."""
    instances: int = 0
    cases: int = 0
    fast: int = 0


def differential(model: M.Model, examples: int) -> Tally:
    """Runs `examples` generated populations through the interpreter and both compiled paths."""
    module = load_compiled(model)
    profile = Profile(model)
    count = Tally()

    # no shrinking: a failure is reported at once, as a case file (shrinking 5 instances takes minutes)
    @settings(max_examples=examples, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(cases(profile))
    def check_one(case):
        population, rekendatum, parameterset = case
        count.fast += assert_same(model, module, population, rekendatum, parameterset)
        count.instances += len(population.instances)
        count.cases += 1

    check_one()
    return count


@pytest.mark.parametrize("law", LAWS)
def test_compiled_equals_interpreter_on_generated_cases(law):
    tally = differential(law_model(law), 200)
    assert tally.instances >= 1000
    assert tally.fast >= 0.6 * tally.cases, tally          # the case function itself compared, not only its fallback


@pytest.mark.slow
@pytest.mark.parametrize("law", LAWS)
def test_compiled_equals_interpreter_on_many_generated_cases(law):
    tally = differential(law_model(law), 2000)
    assert tally.instances >= 10_000
    assert tally.fast >= 0.6 * tally.cases, tally


GOLDEN_MODELS = ["toeslag", "woning"]
CONSTRUCTS = sorted((ROOT / "tests" / "golden" / "constructs").glob("*.rgs")) + [GOLDEN / f"{n}.rgs" for n in GOLDEN_MODELS]


@pytest.mark.parametrize("path", CONSTRUCTS, ids=lambda p: p.stem)
def test_compiled_equals_interpreter_on_every_construct(path):
    model = model_of(path.read_text(encoding="utf-8"), path.name)
    if model.rules:
        differential(model, 60)


@pytest.mark.parametrize("law", LAWS[:-1] + ["alle"])
def test_every_testset_passes_with_the_compiled_engine(law, monkeypatch):
    """The testset runner accepts a compiled run; every testgeval of every law passes with it."""
    loaded = check([ROOT / "laws"] if law == "alle" else [ROOT / "laws" / law])
    module = load_compiled(loaded.model)
    runs = []

    def compiled(model, population, rekendatum, parameterset=None):
        runs.append(module.evaluation(population, rekendatum, parameterset, model=model))
        return runs[-1]
    monkeypatch.setattr(testing, "Evaluation", compiled)
    report = testing.run_testsets(loaded.model, loaded.sources)
    assert report.cases > 0 and len(runs) == report.cases
    assert not report.failures, "\n".join(f"{f.case}: {f.message}" for f in report.failures)


def test_r601_r602_r604_r605_r606_and_r603_are_the_same():
    model = model_of(HOSTILE_HELPER)
    module = load_compiled(model)
    p = [Instance("a", "Persoon", {"inkomen": Fraction(5), "deler": Fraction(0), "nummer": Fraction(7)}, {}),
         Instance("b", "Persoon", {"inkomen": Fraction(-5), "nummer": Fraction(7)}, {"verzekerd": True}),
         Instance("c", "Persoon", {"inkomen": Fraction(1, 3)}, {})]
    facts = (Fact("relatie", (("eerste", "a"), ("tweede", "b"))), Fact("relatie", (("eerste", "a"), ("tweede", "c"))))
    for when in (date(2024, 6, 1), date(2025, 6, 1)):
        assert_same(model, module, Population(tuple(p), facts), when)
    ev = module.run(Population(tuple(p), facts), date(2025, 6, 1))
    assert {f.code for f in ev.findings} == {"R601", "R602", "R603", "R604", "R606"}
    with pytest.raises(RuleError) as e:
        module.run(Population(tuple(p)), date(2025, 6, 1), "bestaat niet")
    assert e.value.code == "R605"
    assert_same(model, module, Population(tuple(p), facts), date(2023, 1, 1))      # no parameter set: R605


HOSTILE_HELPER = """Wetgeving Foutenwet (FW, BWBR0000011)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Bedrag;
  de deler Bedrag;
  het nummer Numeriek (geheel getal);
  de uitkomst Bedrag;
  het quotient Numeriek (getal) met eenheid €;
  de rest Numeriek (niet-negatief getal met 2 decimalen) met eenheid €;
  de partnerwaarde Bedrag;
  is verzekerd kenmerk (bijvoeglijk);

Feittype relatie
  de eerste Persoon
  de tweede Persoon
  één eerste heeft één tweede

Parameter de grens : Bedrag

Parameterset FW 2024
  geldig vanaf 01-01-2024 t/m 31-12-2024
  de grens 10 €

Parameterset FW 2025
  geldig vanaf 01-01-2025 t/m 31-12-2025
  de grens 3 €

Regel een
  geldig altijd
    // Bron: FW art. 1
    De uitkomst van een Persoon moet berekend worden als zijn inkomen plus 1 €
    indien zijn inkomen groter is dan 0 €.

Regel twee
  geldig altijd
    // Bron: FW art. 2
    De uitkomst van een Persoon moet berekend worden als zijn inkomen min 1 €
    indien zijn inkomen groter is dan 1 €.

Regel deling
  geldig altijd
    // Bron: FW art. 3
    Het quotient van een Persoon moet berekend worden als zijn inkomen gedeeld door zijn deler.

Regel rest
  geldig altijd
    // Bron: FW art. 4
    De rest van een Persoon moet berekend worden als zijn inkomen min de grens.

Regel partner
  geldig altijd
    // Bron: FW art. 5
    De partnerwaarde van een Persoon moet berekend worden als het inkomen van zijn tweede.

Regel verzekerd heeft nummer
  geldig altijd
    // Bron: FW art. 6
    Het nummer van een Persoon moet gevuld zijn indien hij verzekerd is.

Regel unieke nummers
  geldig altijd
    // Bron: FW art. 7
    Het nummer van alle Personen moeten uniek zijn.
"""


# ================================================================== (b) golden sources, determinism, style


@pytest.mark.parametrize("name", GOLDEN_MODELS)
def test_golden_source(name):
    text = (GOLDEN / f"{name}.rgs").read_text(encoding="utf-8")
    source = compile_python(model_of(text, f"{name}.rgs"), f"{name}.rgs")
    golden = GOLDEN / f"{name}.py"
    if os.environ.get("REGELSPRAAK_GOLDEN") == "1":
        golden.write_text(source, encoding="utf-8")
    assert source == golden.read_text(encoding="utf-8"), f"regenerate with REGELSPRAAK_GOLDEN=1 and review {golden}"
    assert compile_python(model_of(text, f"{name}.rgs"), f"{name}.rgs").encode() == source.encode()


def test_compiling_all_laws_twice_gives_the_same_bytes():
    first = compile_python(check([ROOT / "laws"]).model, "laws")
    assert compile_python(check([ROOT / "laws"]).model, "laws") == first


def style_problems(source: str) -> list[str]:
    """What ruff would say about the generated code (E501, F401, F841-ish, W291, syntax)."""
    problems = [f"regel {n}: {width(line)} tekens" for n, line in enumerate(source.split("\n"), 1)
                if width(line) > LIMIT]
    problems += [f"regel {n}: spaties aan het eind" for n, line in enumerate(source.split("\n"), 1)
                 if line != line.rstrip()]
    tree = ast.parse(source)
    imported = {(a.asname or a.name).split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used |= {c.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
             and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
             for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    problems += [f"ongebruikte import {name}" for name in sorted(imported - used)]
    if not source.endswith("\n") or source.endswith("\n\n"):
        problems.append("het bestand eindigt niet met precies één regeleinde")
    return problems


@pytest.mark.parametrize("law", LAWS)
def test_generated_code_is_clean(law):
    source = compile_python(law_model(law), law)
    assert style_problems(source) == []
    if shutil.which("ruff"):
        r = subprocess.run(["ruff", "check", "--isolated", "--select", "E,F,W,I", "--line-length", str(LIMIT),
                            "--stdin-filename", f"{python_name(law)}.py", "-"], input=source, text=True,
                           capture_output=True, check=False)
        assert r.returncode == 0, r.stdout


def test_generated_code_reads_like_the_law():
    source = compile_python(law_model("zorgtoeslag"))
    assert "def value_normpremie(run, subject):" in source
    assert "# regel 'normpremie' (berekend)" in source
    assert "#   Wzt art. 2 lid 2: jci1.3:c:BWBR0018451&artikel=2&lid=2" in source
    assert "#     https://wetten.overheid.nl/BWBR0018451#Artikel2" in source
    assert "#   bron: " in source and "art-02.rgs.md:" in source
    assert "F(0)" in source and "date(2025, 1, 1)" in source
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["from datetime import date", "from fractions import Fraction as F",
                       "from regelspraak.backends.python import runtime as rt"]


# ================================================================== (c) hostile names

HOSTILE = [
    # quotes, backslashes, line separators and code in every kind of free text; keywords, dunders, collisions
    """Wetgeving Wet "op" de 'rare' \\namen */ \"\"\" ''' (RN, BWBR0000009)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Domein Soort is van het type Enumeratie
  'a"b\\c'
  '\"\"\" drie \\n'

Objecttype de Persoon (mv: Personen) (bezield)
  de class Bedrag;
  de lambda Bedrag;
  de None Bedrag;
  de x__import__ Bedrag;
  de a-b Bedrag;
  de a b Bedrag;
  de Ｗａａｒｄｅ Bedrag;
  de waarde Bedrag;
  de w\u0430arde Bedrag;
  de soort Soort;
  de omschrijving Tekst;
  de uitkomst 2 Bedrag;
  is def kenmerk (bijvoeglijk);
  is import kenmerk (bijvoeglijk);

Objecttype de Ｐｅｒｓｏｏｎ
  de class Bedrag;

Parameter de None : Bedrag

Parameterset set "'\\ */
  geldig vanaf 01-01-2025
  de None 5 €

Regel bereken '\"\"\"\\'\\\\ */ __import__('os').system('echo pwned') # \u2028 x\u0085y\u202e
  geldig altijd
    // Bron: RN art. 1 */ \"\"\" ''' \\ \u2028 __import__('os') \x0c
    De class van een Persoon moet berekend worden als zijn lambda plus de None.

Regel x y
  geldig altijd
    // Bron: [RN art. 2](jci1.3:c:BWBR0000009&artikel=2)
    De a-b van een Persoon moet berekend worden als zijn a b plus 1 €
    indien zijn soort gelijk is aan 'a"b\\c'.

Regel x-y
  geldig altijd
    // Bron: [RN art. 3](jci1.3:c:BWBR0000009&artikel=3)
    De a-b van een Persoon moet berekend worden als zijn a b plus 2 €
    indien zijn omschrijving gelijk is aan "it's \\ ''' \\n".

Regel def
  geldig altijd
    // Bron: RN art. 4
    Een Persoon is def indien zijn Ｗａａｒｄｅ groter is dan zijn waarde.

Regel import
  geldig altijd
    // Bron: RN art. 5
    Een Persoon is import indien zijn w\u0430arde groter is dan zijn None.

Regel __dunder__ en class
  geldig altijd
    // Bron: RN art. 6
    De class van een Ｐｅｒｓｏｏｎ moet berekend worden als 3 €.

Regel 2e
  geldig altijd
    // Bron: RN art. 7
    De uitkomst 2 van een Persoon moet berekend worden als zijn x__import__ maal 2.
""",
    # names that only differ in case, accents, separators or script; variables named after keywords
    """Wetgeving Botsingen (BW, BWBR0000010)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  de één Bedrag;
  de eén Bedrag;
  de e-e-n Bedrag;
  de e_e_n Bedrag;
  de EÉN x Bedrag;
  de r Bedrag;
  de persoon Bedrag;
  de F Bedrag;
  de rt Bedrag;
  de date Bedrag;
  de run Bedrag;
  de subject Bedrag;
  de fired Bedrag;
  de value Bedrag;
  is True kenmerk (bijvoeglijk);
  is if kenmerk (bijvoeglijk);

Regel één
  geldig altijd
    // Bron: BW art. 1
    De één van een Persoon moet berekend worden als return maal 2
    indien hij True is.
    Daarbij geldt:
      return is zijn eén plus zijn e-e-n;
      yield is zijn EÉN x.

Regel eén
  geldig altijd
    // Bron: BW art. 1
    De eén van een Persoon moet berekend worden als zijn F plus zijn rt plus zijn date plus zijn run.

Regel Eén
  geldig altijd
    // Bron: BW art. 1
    Een Persoon is if
    indien hij aan ten minste 1 van de volgende voorwaarden voldoet:
      • zijn subject is groter dan zijn fired
      • zijn value is gelijk aan 0 €.

Regel e-e-n
  geldig altijd
    // Bron: BW art. 1
    De e-e-n van een Persoon moet berekend worden als zijn e_e_n min zijn r.
""",
]

MARKERS = ["__import__", "system(", "('os')", '"""', "'''", "*/", "\\", "\u0430", "Ｗ", "Ｐ", "\u2028", "\u0085",
           "\u202e", "\x0c", "eval(", "exec("]


def _code_outside_literals(source: str) -> str:
    """The generated source with every string literal and comment taken out."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.STRING, tokenize.COMMENT):
            out.append(tok.string)
    return " ".join(out)


def assert_safe_source(source: str, name: str) -> None:
    """Generated source compiles; no rule text outside a repr() literal or a comment; nothing that evaluates
    text; only ASCII identifiers without dunders; every line printable (no raw separators or bidi controls)."""
    compile(source, name, "exec")
    code = _code_outside_literals(source)
    for marker in MARKERS:
        assert marker not in code, marker
    names = {tok.string for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.NAME}
    assert all(x.isascii() and x.isidentifier() and not x.startswith("__") for x in names)
    assert not names & {"eval", "exec", "compile", "getattr", "open", "globals", "locals", "vars"}
    assert source.splitlines() == source.split("\n")[:-1]
    assert all(c.isprintable() for line in source.split("\n") for c in line)


@pytest.mark.parametrize("n", range(len(HOSTILE)))
def test_hostile_names_compile_safely_and_correctly(n):
    model = model_of(HOSTILE[n], f"hostile-{n}.rgs")
    source = compile_python(model, f"hostile \u2028 '''{n} \"\"\"")
    assert_safe_source(source, f"<hostile-{n}>")
    assert style_problems(source) == []
    # a condition and a value function per version where it has them, no two sharing a name
    module = load_compiled(model)
    versions = [r for r in model.rules if r.kind not in ("consistentie", "uniek")]
    assert [(r.rule, r.index) for r in module.FUNCTIONS] == [(r.rule, r.index) for r in versions]
    functions = [f for pair in module.FUNCTIONS.values() for f in pair if f is not None]
    assert len(functions) == sum((r.condition is not None) + (r.expr is not None) for r in versions)
    assert len({f.__name__ for f in functions}) == len(functions)
    assert len({id(r) for r in module.RULES}) == len(model.rules)
    differential(model, 40)


def test_identifiers():
    assert identifier("het recht op zorgtoeslag") == "het_recht_op_zorgtoeslag"
    assert identifier("AOW-ingangsdatum") == "aow_ingangsdatum"
    assert identifier("één café") == "een_cafe"
    assert identifier("Ｐｅｒｓｏｏｎ") == "persoon"
    assert identifier("__import__('os')") == "import_os"
    assert identifier("w\u0430arde") == "w_arde"
    for text in ("class", "None", "2e", "__init__", "'\"\\", "", "lambda", "\u2028", "_", "import"):
        name = python_name(text)
        assert name.isidentifier() and name.isascii() and not name.startswith("__") and name == name.lower()
        import keyword
        assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


# ================================================================== (d) regels compile, imported elsewhere

CASE = ROOT / "laws" / "zorgtoeslag" / "casussen" / "echtpaar-2025.yaml"

RUN_COMPILED = """
import json, sys
sys.path.insert(0, sys.argv[1])
import gecompileerd
from gecompileerd import zorgtoeslag
from regelspraak.cases import load_case, to_population
case = load_case(sys.argv[2])
ev = zorgtoeslag.run(to_population(case, zorgtoeslag.MODEL), case.rekendatum)
standalone = not any(m in sys.modules for m in ("regelspraak.parser", "regelspraak.api", "lark"))
from regelspraak.api import dumps, result_json
data = result_json(ev)
data["zonder parser"] = standalone
print(dumps(data))
"""


def test_regels_compile_writes_an_importable_package(tmp_path):
    out = tmp_path / "gecompileerd"
    r = regels("compile", "laws/zorgtoeslag", "-o", out)
    assert r.returncode == 0, r.stderr
    assert (out / "zorgtoeslag.py").exists() and (out / "__init__.py").exists()
    for f in (out / "zorgtoeslag.py", out / "__init__.py"):
        assert style_problems(f.read_text(encoding="utf-8")) == []
    first = (out / "zorgtoeslag.py").read_bytes()
    assert regels("compile", "laws/zorgtoeslag", "-o", out).returncode == 0
    assert (out / "zorgtoeslag.py").read_bytes() == first
    compiled = subprocess.run([sys.executable, "-c", RUN_COMPILED, str(tmp_path), str(CASE)], cwd=tmp_path,
                              capture_output=True, text=True, check=False)
    assert compiled.returncode == 0, compiled.stderr
    got = json.loads(compiled.stdout)
    assert got.pop("zonder parser") is True
    ref = json.loads(regels("run", "laws/zorgtoeslag", "--casus", CASE, "--format", "json").stdout)
    ref.pop("diagnostieken")
    assert got == ref
    p1 = next(o for o in got["objecten"] if o["id"] == "p1")
    assert p1["attributen"]["zorgtoeslag"] == 2792 and p1["attributen"]["normpremie"] == 1432.17


def test_compile_two_folders_into_one_module(tmp_path):
    r = regels("compile", "laws/aow", "laws/zorgtoeslag", "-o", tmp_path / "pkg")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pkg" / "aow_zorgtoeslag.py").exists()
    assert "from . import aow_zorgtoeslag" in (tmp_path / "pkg" / "__init__.py").read_text()


def test_compile_reports_rule_errors(tmp_path):
    bad = tmp_path / "fout.rgs"
    bad.write_text("Regel kapot\n  geldig altijd\n    De x van een Persoon moet berekend worden als 1.\n")
    r = regels("compile", bad, "-o", tmp_path / "out")
    assert r.returncode == 1 and "fout[" in r.stderr
    assert not (tmp_path / "out").exists()


# ================================================================== (e) regels run --engine compiled

HOUSEHOLD = ROOT / "laws" / "huishouden" / "casussen" / "gepensioneerd-echtpaar-2025.yaml"


@pytest.mark.parametrize("paths,case", [(["laws/zorgtoeslag"], CASE), (["laws"], HOUSEHOLD)],
                         ids=["zorgtoeslag", "huishouden"])
def test_run_engine_compiled_gives_the_same_output(paths, case):
    for extra in (["--format", "json"], ["--uitleg"], ["--rekendatum", "2024-03-01", "--format", "json"]):
        ref = regels("run", *paths, "--casus", case, *extra)
        got = regels("run", *paths, "--casus", case, *extra, "--engine", "compiled")
        assert (got.returncode, got.stdout, got.stderr) == (ref.returncode, ref.stdout, ref.stderr), extra


def test_run_engine_compiled_unknown_parameterset():
    ref = regels("run", "laws/zorgtoeslag", "--casus", CASE, "--parameterset", "Zorgtoeslag 1999")
    got = regels("run", "laws/zorgtoeslag", "--casus", CASE, "--parameterset", "Zorgtoeslag 1999",
                 "--engine", "compiled")
    assert got.returncode == ref.returncode == 2 and got.stderr == ref.stderr

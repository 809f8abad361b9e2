"""`regels simulate` with bad scenarios and failing records: Dutch messages that name the field (through the API
and the command, exit code 2, never a traceback), a rule conflict counted or stopping the run — and then
nothing written, not even half."""
from __future__ import annotations

import copy
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_simulate import aow_data, with_output, write, zt_data

from regelspraak.evaluate.findings import FAILED
from regelspraak import api
from regelspraak.cases import parse_case, to_population
from regelspraak.cli import main
from regelspraak.evaluate.interpreter import Evaluation
from regelspraak.simulate import ScenarioError, SimulationFailure, prepare, simulate
from regelspraak.simulate.generate import generate_block


def cli(*args) -> object:
    return CliRunner().invoke(main, ["simulate", *map(str, args)], catch_exceptions=True)


def _set(path: str, value):
    def change(d):
        *parents, last = path.split(".")
        for p in parents:
            d = d[int(p)] if isinstance(d, list) else d[p]
        d[last] = value
    return change


def _drop(key: str):
    return lambda d: d.pop(key)


# (name, change of the zorgtoeslag scenario, fragments the message must contain)
CASES = [
    ("onbekend veld", _set("varianten_", []), ["veld 'varianten_' is geen bekend veld", "bedoelde u 'varianten'?"]),
    ("onbekend veld dieper", _set("populatie.omvangg", 3),
     ["veld 'populatie.omvangg' is geen bekend veld", "bedoelde u 'omvang'?"]),
    ("tekst voor een getal", _set("populatie.omvang", "veel"), ["veld 'populatie.omvang' moet een geheel getal zijn"]),
    ("kommagetal voor een geheel getal", _set("populatie.zaad", 1.5),
     ["veld 'populatie.zaad' moet een geheel getal zijn"]),
    ("negatieve omvang", _set("populatie.omvang", -5), ["veld 'populatie.omvang' moet groter dan 0 zijn"]),
    ("negatieve minimumleeftijd", _set("populatie.partners.minimumleeftijd", -3),
     ["veld 'populatie.partners.minimumleeftijd'"]),
    ("maximumleeftijd onder minimumleeftijd", _set("populatie.partners.maximumleeftijd", 16),
     ["'maximumleeftijd' moet groter zijn dan 'minimumleeftijd'"]),
    ("per op een kenmerk", _set("populatie.attributen", {"verzekerd": {"kans": 0.9}, "toetsingsinkomen": {
        "verdeling": "lognormaal", "mediaan": 30000, "sigma": 0.7,
        "per": {"attribuut": "verzekerd", "klassen": [{"van": 0, "tot": 1, "mediaan": 5}]}}}),
     ["populatie.attributen.toetsingsinkomen", "'verzekerd' is geen getal"]),
    ("tekst voor een lijst", _set("wetten", "zorgtoeslag"), ["veld 'wetten' moet een lijst zijn"]),
    ("wetten ontbreekt", _drop("wetten"), ["veld 'wetten' ontbreekt"]),
    ("wetmap bestaat niet", _set("wetten", ["/bestaat/niet/zorgtoeslag"]),
     ["veld 'wetten'", "wetmap /bestaat/niet/zorgtoeslag bestaat niet"]),
    ("onbekend attribuut", _set("populatie.attributen.toetsingsinkomn", {"waarde": 3}),
     ["veld 'populatie.attributen.toetsingsinkomn'", "geen attribuut of kenmerk 'toetsingsinkomn'",
      "bedoelde u 'toetsingsinkomen'?"]),
    ("onbekend kenmerk", _set("populatie.attributen.verzekrd", {"kans": 0.5}),
     ["veld 'populatie.attributen.verzekrd'", "bedoelde u 'verzekerd'?"]),
    ("onbekende parameter", _set("varianten.1.parameters", {"standaardpremi": 2300}),
     ["veld 'varianten.1' (hervorming)", "onbekende parameter 'standaardpremi'", "bedoelde u 'standaardpremie'?"]),
    ("onbekend resultaat", _set("uitvoer.resultaten", ["zorgtoeslagg"]),
     ["veld 'uitvoer.resultaten.0'", "bedoelde u 'zorgtoeslag'?"]),
    ("onbekende invoer", _set("varianten.1.invoer", {"verzekerdd": "waar"}),
     ["veld 'varianten.1' (hervorming)", "bedoelde u 'verzekerd'?"]),
    ("kenmerk met een verdeling", _set("populatie.attributen.verzekerd", {"verdeling": "uniform", "van": 0, "tot": 1}),
     ["veld 'populatie.attributen.verzekerd'", "een kenmerk krijgt een 'kans'"]),
    ("verdeling zonder parameter", _set("populatie.attributen.toetsingsinkomen",
                                        {"verdeling": "lognormaal", "mediaan": 30000}),
     ["veld 'populatie.attributen.toetsingsinkomen'", "verdeling 'lognormaal' heeft 'sigma' nodig"]),
    ("onbekende verdeling", _set("populatie.attributen.toetsingsinkomen", {"verdeling": "gamma", "van": 1}),
     ["veld 'populatie.attributen.toetsingsinkomen.verdeling' moet een van deze zijn"]),
    ("rekendatum en projectie", _set("projectie", {"van": 2026, "tot": 2027}),
     ["geef een 'rekendatum' of een 'projectie' (van, tot), niet beide"]),
    ("geen datum", _set("rekendatum", "2026-13-01"), ["veld 'rekendatum'", "'2026-13-01' is geen datum"]),
    ("te veel decimalen", _set("varianten.1.parameters", {"standaardpremie": 2300.125}),
     ["parameter 'standaardpremie'", "meer dan de 2 decimalen"]),
    ("groeperen op een getal zonder grenzen", _set("uitvoer.groepen", [{"naam": "x", "attribuut": "toetsingsinkomen"}]),
     ["veld 'uitvoer.groepen.0'", "vraagt 'grenzen'"]),
    ("onbekend objecttype", _set("populatie.objecttype", "Persn"), ["veld 'populatie.objecttype'", "'Persn'"]),
]


def _scenario(tmp_path: Path, change) -> Path:
    data = copy.deepcopy(zt_data(omvang=300))
    change(data)
    return write(tmp_path, data)


@pytest.mark.parametrize("name,change,fragments", CASES, ids=[c[0] for c in CASES])
def test_scenario_error_through_the_api(tmp_path, name, change, fragments):
    with pytest.raises(ScenarioError) as e:
        prepare(_scenario(tmp_path, change))
    text = "\n".join(e.value.problems)
    for fragment in fragments:
        assert fragment in text
    assert "Traceback" not in text and "Error" not in text and "pydantic" not in text


@pytest.mark.parametrize("name,change,fragments", CASES, ids=[c[0] for c in CASES])
def test_scenario_error_through_the_command(tmp_path, name, change, fragments):
    out = tmp_path / "uit"
    r = cli(_scenario(tmp_path, change), "-o", out, "--stil")
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("fout in het scenario:\n")
    for fragment in fragments:
        assert fragment in r.stderr
    assert "Traceback" not in r.output and not r.stdout
    assert not out.exists()


def test_every_problem_is_reported_at_once(tmp_path):
    def change(d):
        d["populatie"]["attributen"]["toetsingsinkomn"] = {"waarde": 3}
        d["varianten"][1]["parameters"] = {"standaardpremi": 2300}
        d["uitvoer"]["resultaten"] = ["zorgtoeslagg"]
    with pytest.raises(ScenarioError) as e:
        prepare(_scenario(tmp_path, change))
    assert len(e.value.problems) == 3


def test_unknown_fact_type_is_a_scenario_error(tmp_path):
    path = _scenario(tmp_path, _set("populatie.partners.feittype", "toeslagpartnerschp"))
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert "veld 'populatie.partners.feittype'" in e.value.problems[0]
    assert "bedoelde u 'toeslagpartnerschap'?" in e.value.problems[0]


def test_unknown_fact_type_through_the_command(tmp_path):
    r = cli(_scenario(tmp_path, _set("populatie.partners.feittype", "toeslagpartnerschp")),
            "-o", tmp_path / "uit", "--stil", "--processen", "1")
    assert r.exit_code == 2
    assert "populatie.partners.feittype" in r.stderr


def test_invalid_yaml(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("naam: kapot\nwetten: [a\n  b: c\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems == [f"scenariobestand '{path}' is geen geldige YAML (regel 3)"]
    r = cli(path, "-o", tmp_path / "uit", "--stil")
    assert r.exit_code == 2 and f"'{path}' is geen geldige YAML (regel 3)" in r.stderr
    assert "Traceback" not in r.output


def test_missing_scenario_file(tmp_path):
    with pytest.raises(ScenarioError) as e:
        prepare(tmp_path / "weg.yaml")
    assert e.value.problems == [f"scenariobestand '{tmp_path / 'weg.yaml'}' bestaat niet"]
    r = cli(tmp_path / "weg.yaml", "--stil")
    assert r.exit_code == 2 and "bestaat niet" in r.stderr


def test_projection_names_are_checked(tmp_path):
    data = aow_data()
    data["projectie"]["indexatie"] = {"maandinkomen uit arbeidd": 2}
    data["projectie"]["bij_overlijden_partner"] = {"gehuwdd": "onwaar"}
    with pytest.raises(ScenarioError) as e:
        prepare(write(tmp_path, data))
    text = "\n".join(e.value.problems)
    assert "veld 'projectie.indexatie.maandinkomen uit arbeidd'" in text
    assert "veld 'projectie.bij_overlijden_partner.gehuwdd'" in text


# ---------------------------------------------------------------------------- a law with a conflict (R601)

CONFLICT_LAW = {
    "wet.rgs": """Wetgeving Proefwet conflicten (PWC, BWBR9999999)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  de geboortedatum Datum in dagen;
  het inkomen Bedrag;
  de uitkering Bedrag;

Parameter de inkomensgrens : Bedrag
""",
    "parameters.rgs": """// Bron: proef
Parameterset Proefwet 2026
  geldig vanaf 01-01-2026 t/m 31-12-2026
  de inkomensgrens 1.000,00 €
""",
    "uitkering.rgs.md": """# Proefwet — twee regels die elkaar overlappen

```regelspraak
Regel uitkering laag inkomen
  geldig altijd
    // Bron: [PWC art. 1](jci1.3:c:BWBR9999999&artikel=1)
    De uitkering van een Persoon moet berekend worden als 100 €
    indien zijn inkomen kleiner is dan de inkomensgrens.

Regel uitkering zeer laag inkomen
  geldig altijd
    // Bron: [PWC art. 2](jci1.3:c:BWBR9999999&artikel=2)
    De uitkering van een Persoon moet gesteld worden op 50 €
    indien zijn inkomen kleiner is dan 400 €.
```
""",
}


def conflict_scenario(tmp_path: Path, on_error: str, omvang: int = 900) -> Path:
    law = tmp_path / "proefwet"
    law.mkdir(exist_ok=True)
    for name, text in CONFLICT_LAW.items():
        (law / name).write_text(text, encoding="utf-8")
    data = {"naam": "conflict", "wetten": ["proefwet"], "rekendatum": "2026-01-01", "blok": 256,
            "populatie": {"omvang": omvang, "zaad": 3, "leeftijd": {"verdeling": "uniform", "van": 18, "tot": 80},
                          "attributen": {"inkomen": {"verdeling": "uniform", "van": 0, "tot": 3000}}},
            "uitvoer": {"resultaten": ["uitkering"], "bij_fout": on_error}}
    return write(tmp_path, data)


def interpreter_conflicts(path: Path):
    """(values by id, ids with an R601) from the interpreter, for the generated persons."""
    job = prepare(path)
    model = api.load([path.parent / "proefwet"])
    objects = []
    for b, size in enumerate(job.blocks):
        blk = generate_block(job.scenario.populatie, job.kinds, job.dates[0], b, job.scenario.blok, size)
        _, ints, decimals, _ = blk.values["inkomen"]
        for i in range(blk.n):
            objects.append({"id": str(int(blk.ids[i])), "type": "Persoon",
                            "geboortedatum": date.fromordinal(int(blk.birth[i])).isoformat(),
                            "inkomen": Fraction(int(ints[i]), 10 ** decimals)})
    ev = Evaluation(model, to_population(parse_case({"objecten": objects}), model), job.dates[0])
    values = {int(o["id"]): ev.result(o["id"], "uitkering") for o in objects}
    conflicts = sorted(int(f.instance) for f in ev.findings if f.code == "R601")
    assert all(f.code == "R601" and f.attribute.lower() == "uitkering" for f in ev.findings)
    return values, conflicts


@pytest.mark.parametrize("processes,chunk", [(1, 1 << 18), (2, 256)])
def test_conflict_is_counted_and_the_rest_stands(tmp_path, processes, chunk):
    path = conflict_scenario(tmp_path, "doorgaan")
    values, conflicts = interpreter_conflicts(path)
    assert 20 < len(conflicts) < len(values) // 2
    outcome = simulate(path, tmp_path / "uit", processes=processes, chunk=chunk, report=False)
    basis = outcome.summary["jaren"][0]["varianten"]["basis"]
    [error] = basis["fouten"]
    assert error["code"] == "R601" and error["attribuut"] == "uitkering"
    assert "uitkering laag inkomen" in error["regels"] and "uitkering zeer laag inkomen" in error["regels"]
    assert error["personen"] == len(conflicts)
    assert error["voorbeelden"] == conflicts[:5]
    res = basis["resultaten"]["uitkering"]
    assert Fraction(res["totaal"]) == sum(v for v in values.values() if v is not None and v is not FAILED)
    assert res["personen_met_waarde"] == sum(1 for v in values.values() if v is not None and v is not FAILED)
    assert res["leeg"] == sum(1 for v in values.values() if v is None) > 0
    assert res["mislukt"] == sum(1 for v in values.values() if v is FAILED) == len(conflicts)
    assert (tmp_path / "uit" / "samenvatting.json").is_file()


def _listing(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("processes,chunk,per_person", [(1, 1 << 18, False), (2, 256, True)])
def test_conflict_stops_the_run_and_nothing_is_written(tmp_path, processes, chunk, per_person):
    path = conflict_scenario(tmp_path, "stoppen")
    if per_person:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path = write(tmp_path, with_output(data, per_person=True))
    _, conflicts = interpreter_conflicts(path)
    before = _listing(tmp_path)
    with pytest.raises(SimulationFailure) as e:
        simulate(path, tmp_path / "uit", processes=processes, chunk=chunk, report=False)
    text = str(e.value)
    person = int(text.split("persoon ", 1)[1].split(" ", 1)[0])
    assert person in conflicts
    assert "R601" in text and "uitkering laag inkomen" in text and "uitkering zeer laag inkomen" in text
    assert "'uitvoer.bij_fout: doorgaan'" in text
    assert _listing(tmp_path) == before                     # no output folder, no work folder left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({Path(k).parts[0] for k in before})


def test_a_failed_run_leaves_an_earlier_output_untouched(tmp_path):
    path = conflict_scenario(tmp_path, "doorgaan")
    out = tmp_path / "uit"
    simulate(path, out, processes=1, report=False)
    before = _listing(out)
    stop = conflict_scenario(tmp_path, "stoppen")
    with pytest.raises(SimulationFailure):
        simulate(stop, out, processes=2, chunk=256, report=False)
    assert _listing(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_conflict_stop_through_the_command(tmp_path):
    path = conflict_scenario(tmp_path, "doorgaan")
    out = tmp_path / "uit"
    r = cli(path, "-o", out, "--stil", "--bij-fout", "stoppen", "--processen", "1")
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("de simulatie is gestopt; er is niets geschreven.")
    assert "R601" in r.stderr and "Traceback" not in r.output
    assert not out.exists()


# ---------------------------------------------------------------------------- the output folder

def test_an_output_folder_with_other_files_is_not_wiped(tmp_path):
    path = conflict_scenario(tmp_path, "doorgaan")
    (tmp_path / "aantekeningen.txt").write_text("niet weggooien", encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        simulate(path, tmp_path, processes=1, report=False)
    assert "bestaat al en bevat andere bestanden" in e.value.problems[0]
    assert (tmp_path / "aantekeningen.txt").read_text(encoding="utf-8") == "niet weggooien"
    assert path.is_file() and (tmp_path / "proefwet" / "wet.rgs").is_file()


def test_output_to_the_current_folder_is_no_traceback(tmp_path, monkeypatch):
    path = conflict_scenario(tmp_path, "doorgaan")
    monkeypatch.chdir(tmp_path)
    r = cli(path.name, "-o", ".", "--stil", "--processen", "1")
    assert r.exit_code == 2 and "bevat andere bestanden" in r.stderr and "Traceback" not in r.output
    assert path.is_file()

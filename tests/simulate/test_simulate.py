"""`regels simulate`: the same summary whatever the chunking or the number of processes, and every figure equal
to what the interpreter (the reference semantics) gives person by person.

The expected values never come from the simulator itself: the persons are rebuilt as interpreter cases (the
generated inputs are taken from the generator, block by block, since the generator is the input and not what
is checked), the interpreter computes their results, and the totals, counts, groups, deciles and winners and
losers are summed here by hand.  The other `test_simulate_*.py` files import the scenario builders below.
"""
from __future__ import annotations

import dataclasses
import itertools
import shutil
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from regelspraak import api
from regelspraak.cases import parse_case, to_population
from regelspraak.evaluate.interpreter import Evaluation
from regelspraak.evaluate.values import duration_between
from regelspraak.model import nodes as M
from regelspraak.simulate import prepare, simulate
from regelspraak.simulate.engine import balanced_chunks
from regelspraak.simulate.generate import HEAD, generate_block

ROOT = Path(__file__).resolve().parents[2]
LAWS = ROOT / "laws"
ZT_ON = date(2026, 1, 1)


# ---------------------------------------------------------------------------- scenarios

def write(folder: Path, data: dict, name: str = "scenario.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def zt_data(omvang: int = 600, zaad: int = 11, blok: int = 256, reform_law: Path | None = None) -> dict:
    """Zorgtoeslag 2026 with partners, children, leeg incomes, a reform by parameters (and by law folder)."""
    variants = [{"naam": "basis"},
                {"naam": "hervorming", "parameters": {"standaardpremie": 2300, "percentage toetsingsinkomen": 16}}]
    if reform_law is not None:
        variants.append({"naam": "hervorming als wet", "wetten": [str(reform_law)]})
    return {
        "naam": "Zorgtoeslag 2026 (test)",
        "wetten": [str(LAWS / "zorgtoeslag")],
        "rekendatum": ZT_ON.isoformat(),
        "blok": blok,
        "populatie": {
            "omvang": omvang, "zaad": zaad,
            "leeftijd": {"verdeling": "tabel", "klassen": [[16, 30, 2], [30, 67, 5], [67, 95, 2]]},
            "partners": {"feittype": "toeslagpartnerschap", "kans": 0.5,
                         "leeftijdsverschil": {"verdeling": "normaal", "gemiddelde": 2, "sd": 3}},
            "kinderen": {"aantal": {"verdeling": "poisson", "gemiddelde": 0.5}},
            "attributen": {
                "toetsingsinkomen": {"verdeling": "lognormaal", "mediaan": 30000, "sigma": 0.7, "nul": 0.05,
                                     "leeg": 0.03},
                "rendementsgrondslag": {"verdeling": "lognormaal", "mediaan": 20000, "sigma": 1.5, "nul": 0.4},
                "verzekerd": {"kans": 0.95},
            },
        },
        "varianten": variants,
        "uitvoer": {
            "resultaten": ["zorgtoeslag", "recht op zorgtoeslag", "normpremie"],
            "groepen": [{"naam": "leeftijd", "attribuut": "leeftijd", "grenzen": [18, 30, 67]},
                        {"naam": "partner", "attribuut": "partner"},
                        {"naam": "verzekerd", "attribuut": "verzekerd"},
                        {"naam": "inkomen", "attribuut": "toetsingsinkomen", "grenzen": [20000, 40000]}],
        },
    }


def aow_data(omvang: int = 400, zaad: int = 5, blok: int = 256, van: int = 2015, tot: int = 2020,
             mortality_a: float = 0.00005) -> dict:
    """The AOW-toeslag tail, projected: heads over 65 with younger partners, deaths, widows, carried parameters."""
    return {
        "naam": "AOW-toeslag projectie (test)",
        "wetten": [str(LAWS / "aow")],
        "blok": blok,
        "projectie": {
            "van": van, "tot": tot,
            "sterfte": {"model": "gompertz", "a": mortality_a, "b": 0.1},
            "indexatie": {"maandinkomen uit arbeid": 2, "overig maandinkomen": 2},
            "parameters": {"buiten_bereik": "dichtstbijzijnde", "indexatie": 2},
            "bij_overlijden_partner": {"gehuwd": "onwaar"},
        },
        "parameters": {"geraamde levensverwachting op 65 jaar in 2032": 20.9},
        "populatie": {
            "omvang": omvang, "zaad": zaad,
            "leeftijd": {"verdeling": "tabel", "klassen": [[65.5, 70, 5], [70, 80, 3], [80, 92, 1]]},
            "partners": {"feittype": "partnerschap", "kans": 0.9,
                         "leeftijdsverschil": {"verdeling": "uniform", "van": 1, "tot": 14},
                         "minimumleeftijd": 50, "maximumleeftijd": 65},
            "attributen": {
                "aantal verzekerde jaren": {"waarde": 50, "voor": "iedereen"},
                "gehuwd": {"kans": 1, "voor": "iedereen"},
                "doorlopend toeslagrecht": {"kans": 0.9, "voor": "hoofd"},
                "maandinkomen uit arbeid": {"verdeling": "lognormaal", "mediaan": 1500, "sigma": 0.6, "nul": 0.5,
                                            "voor": "partner"},
                "overig maandinkomen": {"verdeling": "lognormaal", "mediaan": 400, "sigma": 0.8, "nul": 0.6,
                                        "voor": "partner"},
            },
        },
        "uitvoer": {"resultaten": [{"attribuut": "AOW-toeslag", "factor": 12}, "gehuwd"],
                    "groepen": [{"naam": "partner", "attribuut": "partner"}]},
    }


def with_output(data: dict, per_person: bool = False, on_error: str | None = None) -> dict:
    data = {**data, "uitvoer": dict(data["uitvoer"])}
    if per_person:
        data["uitvoer"]["per_persoon"] = True
    if on_error:
        data["uitvoer"]["bij_fout"] = on_error
    return data


def reform_law(folder: Path) -> Path:
    """A copy of the zorgtoeslag with the reform written into the 2026 parameter set (for the interpreter)."""
    target = folder / "zorgtoeslag-hervorming"
    if not target.exists():
        shutil.copytree(LAWS / "zorgtoeslag", target, ignore=shutil.ignore_patterns("casussen", "*.test.rgs"))
        params = target / "parameters.rgs"
        text = params.read_text(encoding="utf-8")
        for old, new in (("de standaardpremie 2.119,00 €", "de standaardpremie 2.300,00 €"),
                         ("het percentage toetsingsinkomen 13,730 %", "het percentage toetsingsinkomen 16,000 %")):
            assert text.count(old) == 1, f"{old!r} staat niet precies één keer in {params}"
            text = text.replace(old, new)
        params.write_text(text, encoding="utf-8")
    return target


# ---------------------------------------------------------------------------- the generated inputs, as cases

@dataclasses.dataclass
class Person:
    id: int
    role: int
    partner: int | None
    birth: date
    values: dict            # attribute key → Fraction / date / text, or None (leeg)
    kenmerken: dict         # kenmerk key → bool


def generated_persons(job) -> dict[int, Person]:
    """The persons of the job as the generator makes them (block by block: the inputs, not the outcome)."""
    out: dict[int, Person] = {}
    for b, size in enumerate(job.blocks):
        blk = generate_block(job.scenario.populatie, job.kinds, job.dates[0], b, job.scenario.blok, size)
        for i in range(blk.n):
            values, kenmerken = {}, {}
            for key, col in blk.values.items():
                if col[0] == "kenmerk":
                    kenmerken[key] = bool(col[1][i])
                elif col[0] == "num":
                    leeg = col[3] is not None and bool(col[3][i])
                    values[key] = None if leeg else Fraction(int(col[1][i]), 10 ** col[2])
                else:
                    leeg = col[-1] is not None and bool(col[-1][i])
                    values[key] = None if leeg else col[1][i]
            partner = int(blk.ids[blk.partner[i]]) if blk.partner[i] >= 0 else None
            out[int(blk.ids[i])] = Person(int(blk.ids[i]), int(blk.role[i]), partner,
                                          date.fromordinal(int(blk.birth[i])), values, kenmerken)
    return out


def age_on(birth: date, on: date) -> int:
    """Whole years as the law counts them (born 29 February: a year older on 28 February in other years)."""
    return int(duration_between(birth, on, "jaren"))


def interpret(model: M.Model, people: list[Person], on: date, fact: str, values=None, partners=None):
    """An interpreter Evaluation of the persons (through the case-file machinery); `values(person)` may replace
    the inputs, `partners` the couples ({head id: partner id})."""
    objects = []
    for p in people:
        vals = values(p) if values else {**p.values, **p.kenmerken}
        obj = {"id": str(p.id), "type": "Persoon", "geboortedatum": p.birth.isoformat()}
        obj.update({k: v for k, v in vals.items() if v is not None})
        objects.append(obj)
    if partners is None:
        partners = {p.id: p.partner for p in people if p.role == HEAD and p.partner is not None}
    facts = []
    for head, mate in sorted(partners.items()):
        if fact == "toeslagpartnerschap":
            facts.append({"feittype": fact, "aanvrager": str(head), "toeslagpartner": str(mate)})
        else:
            facts.append({"feittype": fact, "partner": [str(head), str(mate)]})
    population = to_population(parse_case({"objecten": objects, "feiten": facts}), model)
    return Evaluation(model, population, on)


def read_persons(folder: Path) -> list[dict]:
    """All per-person Parquet rows of a run (every file under `personen/`)."""
    files = sorted((folder / "personen").glob("*.parquet"))
    assert files, f"geen Parquet-bestanden in {folder / 'personen'}"
    return pa.concat_tables([pq.read_table(f) for f in files]).to_pylist()


def frac(x) -> Fraction | None:
    return None if x is None else Fraction(x) if not isinstance(x, Decimal) else Fraction(str(x))


def nearest_rank(values: list[Fraction], q: Fraction) -> Fraction:
    """The smallest value with at least q·n values at or below it."""
    s = sorted(values)
    rank = max(1, -(-q.numerator * len(s) // q.denominator))
    return s[rank - 1]


def band(x, edges, age: bool) -> str:
    names = ([f"jonger dan {edges[0]}" if age else f"minder dan {edges[0]}"]
             + [f"{a} tot {b}" for a, b in itertools.pairwise(edges)]
             + [f"{edges[-1]} en ouder" if age else f"{edges[-1]} of meer"])
    return names[sum(1 for e in edges if x >= e)]


# ---------------------------------------------------------------------------- shared runs

@pytest.fixture(scope="module")
def zt_run(tmp_path_factory):
    """The zorgtoeslag scenario (a few hundred persons, three variants) run once with per-person output."""
    folder = tmp_path_factory.mktemp("zt")
    law = reform_law(folder)
    path = write(folder, with_output(zt_data(omvang=500, reform_law=law), per_person=True))
    out = folder / "uit"
    outcome = simulate(path, out, processes=1, report=False)
    job = prepare(path)
    return {"path": path, "out": out, "outcome": outcome, "summary": outcome.summary, "job": job, "law": law,
            "persons": generated_persons(job), "rows": read_persons(out)}


@pytest.fixture(scope="module")
def zt_reference(zt_run):
    """The interpreter's values for every person: baseline law and reformed law."""
    people = list(zt_run["persons"].values())
    out = {}
    for name, folder in (("basis", LAWS / "zorgtoeslag"), ("hervorming", zt_run["law"])):
        ev = interpret(api.load([folder]), people, ZT_ON, "toeslagpartnerschap")
        out[name] = {p.id: {k: ev.value(str(p.id), k) for k in ("zorgtoeslag", "recht op zorgtoeslag", "normpremie")}
                     for p in people}
        assert not ev.findings, [f.message for f in ev.findings[:3]]
    return out


# ---------------------------------------------------------------------------- 1. determinism (local engine)

def _summaries(path: Path, runs) -> list[dict]:
    return [simulate(path, None, processes=p, chunk=c, report=False).summary for p, c in runs]


@pytest.mark.parametrize("kind", ["zorgtoeslag met hervorming", "AOW-projectie"])
def test_same_summary_whatever_processes_and_chunks(tmp_path, kind):
    data = zt_data(omvang=2000) if kind.startswith("zorg") else aow_data(omvang=1500)
    path = write(tmp_path, data)
    first, *others = _summaries(path, [(1, 1 << 18), (2, 1 << 18), (1, 300), (2, 300), (2, 5000), (1, 1000)])
    assert len(prepare(path).blocks) > 4                    # several blocks, so the chunkings really differ
    for other in others:
        assert other == first
    if kind.startswith("zorg"):
        diffs = first["jaren"][0]["winnaars_verliezers"]["hervorming"]["zorgtoeslag"]
        assert diffs["winnaars"] and diffs["verliezers"]     # the comparison covers both sides
    else:
        persons = [y["personen"] for y in first["jaren"]]
        assert persons[-1] < persons[0]                      # people died, the series are not trivial


def test_balanced_chunks_share_the_blocks_evenly(tmp_path):
    """The local engine's chunks: every block once and in order, a multiple of the processes where the blocks
    allow it, nearly equal persons, and never more than the chunk size asked."""
    job = prepare(write(tmp_path, zt_data(omvang=2000)))
    assert len(job.blocks) == 8
    for processes, chunk in ((2, 768), (3, 768), (2, 256), (4, 1 << 18), (16, 1 << 18)):
        chunks = balanced_chunks(job, chunk, processes)
        assert [b for c in chunks for b in c] == list(range(len(job.blocks)))
        sizes = [sum(job.blocks[b] for b in c) for c in chunks]
        assert len(chunks) % processes == 0 or len(chunks) == len(job.blocks)
        assert max(sizes) <= max(chunk, max(job.blocks)) and max(sizes) - min(sizes) <= 2 * max(job.blocks)


def test_same_seed_same_summary_other_seed_other_summary(tmp_path):
    a = simulate(write(tmp_path / "a", zt_data(omvang=700, zaad=3)), None, processes=1, report=False).summary
    b = simulate(write(tmp_path / "b", zt_data(omvang=700, zaad=3)), None, processes=2, chunk=256,
                 report=False).summary
    c = simulate(write(tmp_path / "c", zt_data(omvang=700, zaad=4)), None, processes=1, report=False).summary

    def strip(s):                                           # the scenario part names the file, which differs
        return {k: v for k, v in s.items() if k != "scenario"}
    assert strip(a) == strip(b)
    assert strip(a)["jaren"] != strip(c)["jaren"]


# ---------------------------------------------------------------------------- 2. correctness against the interpreter

def test_every_person_equals_the_interpreter(zt_run, zt_reference):
    rows = zt_run["rows"]
    assert {r["id"] for r in rows} == set(zt_run["persons"])
    checked = 0
    for r in rows:
        for variant, ref in (("basis", "basis"), ("hervorming", "hervorming"), ("hervorming als wet", "hervorming")):
            want = zt_reference[ref][r["id"]]
            assert frac(r[f"zorgtoeslag [{variant}]"]) == want["zorgtoeslag"], (r["id"], variant)
            assert frac(r[f"normpremie [{variant}]"]) == want["normpremie"], (r["id"], variant)
            assert r[f"recht op zorgtoeslag [{variant}]"] == want["recht op zorgtoeslag"], (r["id"], variant)
            checked += 1
    assert checked == 3 * len(zt_run["persons"])
    paid = [v["zorgtoeslag"] for v in zt_reference["basis"].values() if v["zorgtoeslag"]]
    assert len(paid) > 50                                   # the population reaches the interesting rules
    assert any(p.values["toetsingsinkomen"] is None for p in zt_run["persons"].values())     # and leeg inputs


@pytest.mark.parametrize("variant", ["basis", "hervorming"])
def test_summary_totals_counts_and_deciles_are_the_interpreters(zt_run, zt_reference, variant):
    ref = zt_reference[variant]
    s = zt_run["summary"]["jaren"][0]
    assert s["personen"] == len(ref)
    got = s["varianten"][variant]["resultaten"]
    for key in ("zorgtoeslag", "normpremie"):
        values = [v[key] for v in ref.values()]
        nonzero = [x for x in values if x]
        g = got[key]
        assert Fraction(g["totaal"]) == sum(x for x in values if x is not None)
        assert Fraction(g["totaal_per_jaar"]) == Fraction(g["totaal"])          # factor 1
        assert g["personen_met_waarde"] == sum(1 for x in values if x is not None)
        assert g["leeg"] == sum(1 for x in values if x is None)
        assert g["niet_nul"] == len(nonzero)
        assert [Fraction(x) for x in g["decielen_niet_nul"]] == [nearest_rank(nonzero, Fraction(i, 10))
                                                                 for i in range(1, 10)]
        assert sum(g["histogram_niet_nul"]["aantallen"]) == len(nonzero)
    recht = got["recht op zorgtoeslag"]
    assert recht["personen"] == len(ref)
    assert recht["waar"] == sum(1 for v in ref.values() if v["recht op zorgtoeslag"])


def test_group_totals_are_the_interpreters(zt_run, zt_reference):
    persons, ref = zt_run["persons"], zt_reference["basis"]
    groups = zt_run["summary"]["jaren"][0]["varianten"]["basis"]["resultaten"]["zorgtoeslag"]["groepen"]
    label_of = {
        "leeftijd": lambda p: band(age_on(p.birth, ZT_ON), [18, 30, 67], True),
        "partner": lambda p: "met partner" if p.partner is not None else "zonder partner",
        "verzekerd": lambda p: "waar" if p.kenmerken["verzekerd"] else "onwaar",
    }
    for name, label in label_of.items():
        want: dict[str, list] = {}
        for p in persons.values():
            acc = want.setdefault(label(p), [0, 0, Fraction(0)])
            acc[0] += 1
            acc[1] += bool(ref[p.id]["zorgtoeslag"])
            acc[2] += ref[p.id]["zorgtoeslag"] or 0
        got = {g["groep"]: [g["personen"], g["niet_nul"], Fraction(g["totaal"])] for g in groups[name]}
        assert got == want, name
    assert len(groups["leeftijd"]) == 4                     # minors, children and pensioners are all there


def test_reform_winners_and_losers_add_up(zt_run, zt_reference):
    s = zt_run["summary"]["jaren"][0]
    base, reform = zt_reference["basis"], zt_reference["hervorming"]
    diff = {i: (reform[i]["zorgtoeslag"] or 0) - (base[i]["zorgtoeslag"] or 0) for i in base}
    for variant in ("hervorming", "hervorming als wet"):
        w = s["winnaars_verliezers"][variant]["zorgtoeslag"]
        assert w["winnaars"] == sum(1 for d in diff.values() if d > 0)
        assert w["verliezers"] == sum(1 for d in diff.values() if d < 0)
        assert w["winnaars"] + w["verliezers"] + w["gelijk"] == s["personen"]
        assert Fraction(w["winst"]) == sum(d for d in diff.values() if d > 0)
        assert Fraction(w["verlies"]) == -sum(d for d in diff.values() if d < 0)
        totals = {v: Fraction(s["varianten"][v]["resultaten"]["zorgtoeslag"]["totaal"]) for v in ("basis", variant)}
        assert Fraction(w["winst"]) - Fraction(w["verlies"]) == totals[variant] - totals["basis"]
        assert Fraction(w["netto_voor_personen"]) == totals[variant] - totals["basis"]
        assert w["winnaars"] > 0 and w["verliezers"] > 0
    assert s["winnaars_verliezers"]["hervorming"] == s["winnaars_verliezers"]["hervorming als wet"]


def _carried_sets(model: M.Model, on: date, pct: Fraction, overrides: dict) -> M.Model:
    """The model with the parameters a projection uses on `on` when no set holds: for a year before the first set
    that set's values, amounts (€) times (1 + pct)^(year − the set's year), rounded half away from zero to the
    parameter's decimals — worked out here from the law's own sets."""
    sets = list(model.parameter_sets)
    extra = [M.ParameterSetInfo("scenario", None, None, dict(overrides), ())]
    for law in sorted({s.law for s in sets if s.law}):
        own = [s for s in sets if s.law == law]
        if any(s.holds(on) for s in own):
            continue
        first = min(own, key=lambda s: s.start)
        assert on < first.start, "deze test kent alleen jaren vóór de eerste parameterset"
        factor = (1 + pct) ** (on.year - first.start.year)
        values = {}
        for k, v in first.values.items():
            p = model.parameters[k]
            if v is not None and "€" in str(p.type.unit):
                scaled = v * factor * 10 ** p.type.decimals
                whole = int(abs(scaled) + Fraction(1, 2))
                v = Fraction(whole if scaled >= 0 else -whole, 10 ** p.type.decimals)
            values[k] = v
        extra.append(M.ParameterSetInfo(f"{first.name} doorgetrokken", on, on, values, (), law))
    return dataclasses.replace(model, parameter_sets=tuple(extra) + model.parameter_sets)


def test_projection_equals_the_interpreter_year_by_year(tmp_path):
    """Every alive person in every year of an AOW projection (deaths, widows, parameters carried back from the
    first set and indexed) gets the interpreter's AOW-toeslag; incomes are not indexed here (see
    test_simulate_projection.py for the uprating)."""
    data = aow_data(omvang=300, zaad=8, mortality_a=0.0002)
    data["projectie"]["indexatie"] = {}
    path = write(tmp_path, with_output(data, per_person=True))
    outcome = simulate(path, tmp_path / "uit", processes=1, report=False)
    job = prepare(path)
    persons = generated_persons(job)
    rows = read_persons(tmp_path / "uit")
    model = api.load([LAWS / "aow"])
    alive = {y: {r["id"] for r in rows if r["jaar"] == y} for y in range(2015, 2021)}
    paid_years = widows = 0
    for y, year in zip(range(2015, 2021), outcome.summary["jaren"]):
        on = date(y, 1, 1)
        here = [persons[i] for i in sorted(alive[y])]
        widowed = {p.id for p in here if p.partner is not None and p.partner not in alive[y]}

        def inputs(p, widowed=widowed):
            return {**p.values, **p.kenmerken, **({"gehuwd": False} if p.id in widowed else {})}
        couples = {p.id: p.partner for p in here if p.role == HEAD and p.partner in alive[y]}
        ev = interpret(_carried_sets(model, on, Fraction(2, 100), {"geraamde levensverwachting op 65 jaar in 2032":
                                                                    Fraction("20.9")}),
                       here, on, "partnerschap", inputs, couples)
        want = {p.id: ev.value(str(p.id), "AOW-toeslag") for p in here}
        got = {r["id"]: frac(r["AOW-toeslag [basis]"]) for r in rows if r["jaar"] == y}
        assert got == want, y
        married = {r["id"]: r["gehuwd [basis]"] for r in rows if r["jaar"] == y}
        assert married == {p.id: ev.value(str(p.id), "gehuwd") for p in here}, y
        widows += len(widowed)
        total = sum(v for v in want.values() if v is not None)
        res = year["varianten"]["basis"]["resultaten"]["aow-toeslag"]
        assert Fraction(res["totaal"]) == total
        assert Fraction(res["totaal_per_jaar"]) == 12 * total
        assert res["niet_nul"] == sum(1 for v in want.values() if v)
        paid_years += total > 0
    assert paid_years >= 3 and widows > 0
    assert len(alive[2020]) < len(alive[2015])


# ---------------------------------------------------------------------------- 6. per-person Parquet

def test_per_person_parquet_one_row_per_person_and_year(zt_run):
    rows, s = zt_run["rows"], zt_run["summary"]
    assert len(rows) == s["jaren"][0]["personen"] == sum(zt_run["job"].blocks)
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["jaar"] for r in rows} == {2026}
    schema = pa.unify_schemas([pq.read_schema(f) for f in (zt_run["out"] / "personen").glob("*.parquet")])
    assert schema.field("zorgtoeslag [basis]").type == pa.decimal128(38, 0)
    assert schema.field("normpremie [basis]").type == pa.decimal128(38, 2)
    assert schema.field("recht op zorgtoeslag [basis]").type == pa.bool_()
    for variant in ("basis", "hervorming", "hervorming als wet"):
        for key, name in (("zorgtoeslag", "zorgtoeslag"), ("normpremie", "normpremie")):
            values = [r[f"{name} [{variant}]"] for r in rows]
            assert all(v is None or isinstance(v, Decimal) for v in values)
            total = sum((v for v in values if v is not None), Decimal(0))
            assert total == Decimal(s["jaren"][0]["varianten"][variant]["resultaten"][key]["totaal"])


def test_per_person_parquet_in_a_projection(tmp_path):
    path = write(tmp_path, with_output(aow_data(omvang=600, mortality_a=0.0002), per_person=True))
    outcome = simulate(path, tmp_path / "uit", processes=2, chunk=300, report=False)
    rows = read_persons(tmp_path / "uit")
    by_year: dict[int, list[int]] = {}
    for r in rows:
        by_year.setdefault(r["jaar"], []).append(r["id"])
    assert sorted(by_year) == list(range(2015, 2021))
    for year in outcome.summary["jaren"]:
        ids = by_year[year["jaar"]]
        assert len(ids) == len(set(ids)) == year["personen"]
        total = sum((r["AOW-toeslag [basis]"] for r in rows if r["jaar"] == year["jaar"]), Decimal(0))
        assert total == Decimal(year["varianten"]["basis"]["resultaten"]["aow-toeslag"]["totaal"])
        assert all(r["AOW-toeslag [basis]"].as_tuple().exponent == -2 for r in rows if r["jaar"] == year["jaar"])
    assert sum(r["jaar"] == 2015 for r in rows) == 600

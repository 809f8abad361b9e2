"""Projections in `regels simulate`: deaths, partners left behind, uprating of incomes, parameters carried past
their sets — each checked against values worked out here by hand (a death table with probabilities 0 and 1 makes
who dies exact; amounts are indexed with Fractions and rounded half away from zero)."""
from __future__ import annotations

import itertools
from datetime import date
from fractions import Fraction

import pytest
from test_simulate import (
    LAWS,
    age_on,
    aow_data,
    frac,
    generated_persons,
    read_persons,
    with_output,
    write,
)

from regelspraak import api
from regelspraak.simulate import ScenarioError, prepare, simulate
from regelspraak.simulate.generate import HEAD, PARTNER


def rekenkundig(x: Fraction, decimals: int = 2) -> Fraction:
    """x rounded half away from zero to `decimals` (the law's 'rekenkundig afgerond')."""
    scaled = x * 10 ** decimals
    whole = int(abs(scaled) + Fraction(1, 2))
    return Fraction(whole if scaled >= 0 else -whole, 10 ** decimals)


def run(tmp_path, data, processes=1, chunk=1 << 18):
    path = write(tmp_path, with_output(data, per_person=True))
    outcome = simulate(path, tmp_path / "uit", processes=processes, chunk=chunk, report=False)
    job = prepare(path)
    rows = read_persons(tmp_path / "uit")
    return outcome.summary, generated_persons(job), rows


def by_year(rows) -> dict[int, dict[int, dict]]:
    out: dict[int, dict[int, dict]] = {}
    for r in rows:
        assert r["id"] not in out.setdefault(r["jaar"], {}), f"persoon {r['id']} twee keer in {r['jaar']}"
        out[r["jaar"]][r["id"]] = r
    return out


# ---------------------------------------------------------------------------- deaths

def test_deaths_by_table_are_exact_and_the_dead_stay_gone(tmp_path):
    """With the death table 0 below 75 and 1 from 75 on, a person is counted in year Y exactly when Y is the
    first year or he is younger than 75 on 1 January of Y."""
    data = aow_data(omvang=700, zaad=21, van=2015, tot=2021)
    data["projectie"]["sterfte"] = {"model": "tabel", "tabel": {0: 0.0, 75: 1.0}}
    summary, persons, rows = run(tmp_path, data, processes=2, chunk=300)
    years = by_year(rows)
    counts = []
    for year in summary["jaren"]:
        y = year["jaar"]
        want = {p.id for p in persons.values() if y == 2015 or age_on(p.birth, date(y, 1, 1)) < 75}
        assert set(years[y]) == want, y
        assert year["personen"] == len(want)
        counts.append(len(want))
    assert counts == sorted(counts, reverse=True) and counts[-1] < counts[0]
    for y in range(2016, 2022):
        assert set(years[y]) <= set(years[y - 1])            # nobody comes back


def test_gompertz_deaths_only_remove_people(tmp_path):
    data = aow_data(omvang=1000, zaad=4, mortality_a=0.0001)
    summary, persons, rows = run(tmp_path, data, processes=2, chunk=256)
    years = by_year(rows)
    counts = [y["personen"] for y in summary["jaren"]]
    assert counts == [len(years[y]) for y in range(2015, 2021)]
    assert all(b < a for a, b in itertools.pairwise(counts))   # q(x) ≥ 0.07 from 66 on: deaths every year
    for y in range(2016, 2021):
        assert set(years[y]) <= set(years[y - 1])
    assert set(years[2015]) == set(persons)


def test_no_mortality_no_deaths(tmp_path):
    data = aow_data(omvang=300)
    del data["projectie"]["sterfte"]
    summary, persons, rows = run(tmp_path, data)
    assert [y["personen"] for y in summary["jaren"]] == [300] * 6
    assert all(set(ids) == set(persons) for ids in by_year(rows).values())


# ---------------------------------------------------------------------------- partners left behind

def test_surviving_partner_gets_the_values_for_a_partner_death(tmp_path):
    data = aow_data(omvang=800, zaad=9, van=2015, tot=2021)
    data["projectie"]["sterfte"] = {"model": "tabel", "tabel": {0: 0.0, 78: 1.0}}
    _, persons, rows = run(tmp_path, data)
    years = by_year(rows)
    widows = 0
    for y, alive in years.items():
        for i, r in alive.items():
            p = persons[i]
            partner_dead = p.partner is not None and p.partner not in alive
            if partner_dead:
                widows += 1
            assert r["gehuwd [basis]"] is (not partner_dead), (i, y)   # everybody was generated gehuwd
            assert r["partner"] == ("met partner" if p.partner is not None and not partner_dead
                                    else "zonder partner"), (i, y)
    assert widows > 20
    # a widow no longer gets the toeslag for a partner (the head's partner is gone)
    for y, alive in years.items():
        for i, r in alive.items():
            if persons[i].role == HEAD and persons[i].partner not in alive:
                assert r["AOW-toeslag [basis]"] == 0, (i, y)


def test_widow_value_of_an_uprated_attribute_stays(tmp_path):
    data = aow_data(omvang=800, zaad=9, van=2015, tot=2021)
    data["projectie"]["sterfte"] = {"model": "tabel", "tabel": {0: 0.0, 78: 1.0}}
    data["projectie"]["bij_overlijden_partner"] = {"gehuwd": "onwaar", "maandinkomen uit arbeid": 0}
    data["uitvoer"]["resultaten"] = ["maandinkomen uit arbeid"]
    _, persons, rows = run(tmp_path, data)
    years = by_year(rows)
    wrong, widows = [], 0
    for y, alive in years.items():
        for i, r in alive.items():
            p = persons[i]
            if p.role == PARTNER and p.partner not in alive:
                widows += 1
                if r["maandinkomen uit arbeid [basis]"] != 0:
                    wrong.append((i, y, r["maandinkomen uit arbeid [basis]"]))
    assert widows > 20
    assert not wrong, f"{len(wrong)} van {widows}, bv. {wrong[:3]}"


# ---------------------------------------------------------------------------- uprating

def test_uprating_multiplies_the_generated_amounts_by_the_factor(tmp_path):
    data = aow_data(omvang=500, zaad=12, van=2015, tot=2021)
    del data["projectie"]["sterfte"]
    data["projectie"]["indexatie"] = {"maandinkomen uit arbeid": 2, "overig maandinkomen": 3.5}
    data["populatie"]["attributen"]["maandinkomen uit arbeid"] = {
        "verdeling": "keuze", "waarden": [0, 1234.56, 2000, 517.13, 99.99], "kansen": [1, 1, 1, 1, 1],
        "voor": "partner"}
    data["populatie"]["attributen"]["overig maandinkomen"] = {
        "verdeling": "keuze", "waarden": [888.88, 1500, 314.15], "kansen": [1, 1, 1], "voor": "partner"}
    data["uitvoer"]["resultaten"] = ["maandinkomen uit arbeid", "overig maandinkomen"]
    summary, persons, rows = run(tmp_path, data, processes=2, chunk=256)
    checked = 0
    for r in rows:
        p = persons[r["id"]]
        k = r["jaar"] - 2015
        for key, pct in (("maandinkomen uit arbeid", Fraction(2, 100)), ("overig maandinkomen", Fraction(35, 1000))):
            base = p.values[key]
            want = None if base is None else rekenkundig(base * (1 + pct) ** k)
            assert frac(r[f"{key} [basis]"]) == want, (r["id"], r["jaar"], key, base)
            checked += base is not None and base != 0 and k > 0
    assert checked > 1000
    totals = [Fraction(y["varianten"]["basis"]["resultaten"]["overig maandinkomen"]["totaal"])
              for y in summary["jaren"]]
    assert all(b > a for a, b in itertools.pairwise(totals))


def test_uprating_rounds_half_away_from_zero_like_the_parameters(tmp_path):
    data = aow_data(omvang=300, van=2015, tot=2017)
    del data["projectie"]["sterfte"]
    data["projectie"]["indexatie"] = {"maandinkomen uit arbeid": 2}
    data["populatie"]["attributen"]["maandinkomen uit arbeid"] = {"waarde": 100.75, "voor": "partner"}
    data["uitvoer"]["resultaten"] = ["maandinkomen uit arbeid"]
    _, persons, rows = run(tmp_path, data)
    got = {frac(r["maandinkomen uit arbeid [basis]"]) for r in rows
           if r["jaar"] == 2016 and persons[r["id"]].role == PARTNER}
    assert got == {rekenkundig(Fraction("100.75") * Fraction(102, 100))} == {Fraction("102.77")}


# ---------------------------------------------------------------------------- parameters outside their sets

def _carried(model, law: str, name: str, year: int, pct: Fraction) -> Fraction:
    """The value of parameter `name` on 1 January `year`: the set that holds, else the nearest set (the first
    for earlier years, the last for later ones) times (1 + pct) per year of distance, rekenkundig afgerond."""
    sets = [s for s in model.parameter_sets if s.law == law]
    on = date(year, 1, 1)
    holding = [s for s in sets if s.holds(on)]
    if holding:
        return holding[0].values[name]
    first, last = min(sets, key=lambda s: s.start), max(sets, key=lambda s: s.end)
    if on < first.start:
        return rekenkundig(first.values[name] * (1 + pct) ** (year - first.start.year))
    return rekenkundig(last.values[name] * (1 + pct) ** (year - last.end.year))


def test_parameters_are_carried_to_years_without_a_set_and_indexed(tmp_path):
    """Heads on AOW since before 2015 with a young partner without income get the full AOW-toeslag: the law's
    amount of the nearest set, indexed 3 % per year before 2024 and after mid-2026, the set's own amount in
    between."""
    data = aow_data(omvang=400, zaad=2, van=2021, tot=2029)
    del data["projectie"]["sterfte"]
    data["projectie"]["indexatie"] = {}
    data["projectie"]["parameters"]["indexatie"] = 3
    data["populatie"]["leeftijd"] = {"verdeling": "uniform", "van": 75, "tot": 80}
    data["populatie"]["partners"].update(kans=1, minimumleeftijd=50, maximumleeftijd=55,
                                         leeftijdsverschil={"verdeling": "uniform", "van": 20, "tot": 30})
    attrs = data["populatie"]["attributen"]
    attrs["doorlopend toeslagrecht"] = {"kans": 1, "voor": "hoofd"}
    attrs["maandinkomen uit arbeid"] = {"waarde": 0, "voor": "partner"}
    attrs["overig maandinkomen"] = {"waarde": 0, "voor": "partner"}
    summary, _, rows = run(tmp_path, data)
    model = api.load([LAWS / "aow"])
    law = next(s.law for s in model.parameter_sets if s.law)
    seen = set()
    for year in summary["jaren"]:
        y = year["jaar"]
        want = _carried(model, law, "volledige aow-toeslag", y, Fraction(3, 100))
        paid = {frac(r["AOW-toeslag [basis]"]) for r in rows if r["jaar"] == y and r["AOW-toeslag [basis]"]}
        assert paid == {want}, y
        res = year["varianten"]["basis"]["resultaten"]["aow-toeslag"]
        assert Fraction(res["totaal"]) == want * res["niet_nul"] and res["niet_nul"] > 100
        seen.add(want)
    assert len(seen) == 9                                   # a different amount every year


def test_years_without_parameters_are_an_error_by_default(tmp_path):
    data = aow_data(van=2015, tot=2020)
    del data["projectie"]["parameters"]
    with pytest.raises(ScenarioError) as e:
        prepare(write(tmp_path, data))
    text = "\n".join(e.value.problems)
    assert "wet AOW heeft geen parameterset op 01-01-2015, 01-01-2016, 01-01-2017" in text
    assert "buiten_bereik: dichtstbijzijnde" in text
    assert "Traceback" not in text


def test_a_rekendatum_without_parameters_is_an_error(tmp_path):
    from test_simulate import zt_data
    data = zt_data()
    data["rekendatum"] = "2031-01-01"
    with pytest.raises(ScenarioError) as e:
        prepare(write(tmp_path, data))
    [problem] = e.value.problems
    assert "wet Wzt heeft geen parameterset op 01-01-2031" in problem and "rekendatum" in problem

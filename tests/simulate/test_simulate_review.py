"""Regression tests for what a review of the simulator found: each was a wrong result or a traceback."""
from __future__ import annotations

import shutil

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml
from test_simulate import LAWS, aow_data, write, zt_data

from regelspraak.simulate import ScenarioError, prepare, simulate
from regelspraak.simulate.engine import run_dask


def _problems(path) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    return e.value.problems


def test_class_limits_must_increase(tmp_path):
    data = zt_data()
    data["uitvoer"]["groepen"] = [{"naam": "leeftijd", "attribuut": "leeftijd", "grenzen": [67, 18, 30]}]
    assert any("grenzen moeten oplopen" in p for p in _problems(write(tmp_path, data)))


def test_grouping_names_are_unique(tmp_path):
    data = zt_data()
    data["uitvoer"]["groepen"] = [{"naam": "g", "attribuut": "partner"}, {"naam": "g", "attribuut": "verzekerd"}]
    assert any("eigen naam" in p for p in _problems(write(tmp_path, data)))


def _persons_scenario(tmp_path, rows: list[str], header: str = "id,partner,geboortedatum,toetsingsinkomen,"
                                                                    "rendementsgrondslag,verzekerd") -> object:
    (tmp_path / "personen.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return write(tmp_path, {
        "naam": "bestand", "wetten": [str(LAWS / "zorgtoeslag")], "rekendatum": "2026-01-01", "blok": 256,
        "populatie": {"omvang": 100000, "bestand": "personen.csv", "partners": {"feittype": "toeslagpartnerschap"}},
        "uitvoer": {"resultaten": ["zorgtoeslag", "meerderjarig"], "per_persoon": True}})


def test_text_ids_stay_unique_over_blocks(tmp_path):
    rows = [f"p{i},,1980-01-01,20000,0,waar" for i in range(600)]
    path = _persons_scenario(tmp_path, rows)
    out = tmp_path / "uit"
    simulate(path, out, processes=1, report=False)
    ids = pq.read_table(out / "personen").column("id").to_pylist()
    assert sorted(ids) == list(range(600))


def test_a_missing_birth_date_is_leeg_not_1970(tmp_path):
    path = _persons_scenario(tmp_path, ["1,,,20000,0,waar", "2,,2015-01-01,20000,0,waar"])
    s = simulate(path, None, processes=1, report=False).summary["jaren"][0]["varianten"]["basis"]["resultaten"]
    assert s["meerderjarig"]["waar"] == 0 and s["zorgtoeslag"]["niet_nul"] == 0


def test_an_empty_persons_file_is_a_scenario_error(tmp_path):
    path = _persons_scenario(tmp_path, [])
    assert any("bevat geen personen" in p for p in _problems(path))


def test_a_variant_with_laws_that_lack_the_fact_type(tmp_path):
    data = zt_data()
    data["varianten"] = [{"naam": "basis"}, {"naam": "andere wet", "wetten": [str(LAWS / "aow")]}]
    problems = _problems(write(tmp_path, data))
    assert any("andere wet" in p and "toeslagpartnerschap" in p for p in problems)


def test_a_variant_whose_result_has_other_decimals(tmp_path):
    law = tmp_path / "centen"
    shutil.copytree(LAWS / "zorgtoeslag", law)
    wet = law / "wet.rgs"
    text = wet.read_text(encoding="utf-8")
    assert "de zorgtoeslag Numeriek (geheel getal) met eenheid €;" in text
    wet.write_text(text.replace("de zorgtoeslag Numeriek (geheel getal) met eenheid €;",
                                "de zorgtoeslag Numeriek (getal met 2 decimalen) met eenheid €;"), encoding="utf-8")
    data = zt_data()
    data["varianten"] = [{"naam": "basis"}, {"naam": "centen", "wetten": [str(law)]}]
    problems = _problems(write(tmp_path, data))
    assert any("centen" in p and "decimalen" in p for p in problems), problems


def test_buy_out_is_checked_before_the_run(tmp_path):
    data = aow_data()
    data["afkoop"] = {"resultaat": "AOW-toeslag", "variant": "basiss", "vanaf": 2010, "rentevoet": 2,
                      "uitvoeringskosten_per_jaar": 0}
    problems = _problems(write(tmp_path, data))
    assert any("bedoelde u 'basis'" in p for p in problems)
    assert any("2010 ligt buiten de projectie" in p for p in problems)


def test_a_malformed_scheduler_address(tmp_path):
    job = prepare(write(tmp_path, zt_data(omvang=300)))
    with pytest.raises(ScenarioError) as e:
        run_dask(job, "foo")
    assert "geen adres van een Dask-scheduler" in e.value.problems[0]


def test_a_parquet_file_from_pandas_with_float_partner_ids_and_nan(tmp_path):
    from datetime import date

    import pyarrow as pa
    table = pa.table({"id": [1, 2, 3], "partner": [2.0, 1.0, float("nan")],
                      "geboortedatum": [date(1980, 1, 1), date(1982, 1, 1), date(1990, 1, 1)],
                      "toetsingsinkomen": [25000.0, 10000.0, float("nan")], "rendementsgrondslag": [0.0, 0.0, 0.0],
                      "verzekerd": [True, True, True]})
    pq.write_table(table, tmp_path / "personen.parquet")
    path = write(tmp_path, {
        "naam": "parquet", "wetten": [str(LAWS / "zorgtoeslag")], "rekendatum": "2026-01-01",
        "populatie": {"omvang": 10, "bestand": "personen.parquet", "partners": {"feittype": "toeslagpartnerschap"}},
        "uitvoer": {"resultaten": ["zorgtoeslag"], "groepen": [{"naam": "partner", "attribuut": "partner"}]}})
    s = simulate(path, None, processes=1, report=False).summary["jaren"][0]["varianten"]["basis"]["resultaten"]
    groups = {g["groep"]: g["personen"] for g in s["zorgtoeslag"]["groepen"]["partner"]}
    assert groups == {"met partner": 2, "zonder partner": 1}
    # the couple: 2 × 2.119 − (4,289% × 29.736 + 13,73% × (35.000 − 29.736)) = 2.239,87 → 2.240;
    # person 3 (NaN income = leeg, which counts as 0 in a sum): 2.119 − 1,912% × 29.736 = 1.550,45 → 1.550
    assert s["zorgtoeslag"]["leeg"] == 0 and s["zorgtoeslag"]["totaal"] == str(2240 + 1550)


def test_a_kenmerk_with_a_value_that_is_not_waar_or_onwaar(tmp_path):
    data = zt_data()
    data["populatie"]["attributen"]["verzekerd"] = {"waarde": "misschien"}
    data["varianten"] = [{"naam": "basis", "invoer": {"verzekerd": "soms"}}]
    problems = _problems(write(tmp_path, data))
    assert any("waarde 'misschien'" in p and "verwacht waar of onwaar" in p for p in problems), problems
    assert any("invoer 'verzekerd'" in p and "niet 'soms'" in p for p in problems), problems


def test_a_missing_birth_date_is_its_own_age_group(tmp_path):
    """An age grouping puts persons without a birth date in 'leeg', not in the class of 1 January 1970."""
    path = _persons_scenario(tmp_path, ["1,,,20000,0,waar", "2,,1990-01-01,20000,0,waar", "3,,1950-06-01,0,0,waar"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["uitvoer"]["groepen"] = [{"naam": "leeftijd", "attribuut": "leeftijd", "grenzen": [18, 67]}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    groups = simulate(path, None, processes=1, report=False).summary["jaren"][0]["varianten"]["basis"][
        "resultaten"]["zorgtoeslag"]["groepen"]["leeftijd"]
    assert {g["groep"]: g["personen"] for g in groups} == {"18 tot 67": 1, "67 en ouder": 1, "leeg": 1}


@pytest.mark.parametrize("values, leeg, err", [
    (["havo", "mbo", None, "havo", "vwo"], None, None),
    (["havo", "mbo", "x", "havo", "vwo"], [False, True, False, False, False], [0, 0, 2, 0, 0]),
    ("mbo", None, None),
    ([True, False, True, True, False], None, None),
    ([f"t{i % 37}" for i in range(80)], [i % 9 == 0 for i in range(80)], None),      # many values: np.unique
])
def test_a_text_grouping_labels_as_each_rows_value(values, leeg, err):
    """The vectorized labels of a text/enumeration grouping are the sorted texts of col.python(i), 'leeg' for
    leeg and 'niet te berekenen' for failed rows (it used to loop over the rows in Python)."""
    from regelspraak.backends.numpy import runtime as vector
    from regelspraak.backends.numpy.runtime.run import Column
    from regelspraak.evaluate.findings import FAILED
    from regelspraak.simulate.evaluate import _text_labels
    n = 5 if isinstance(values, str) else len(values)
    cat = vector.Cat(values, True if values is None else leeg) if isinstance(values, str) else \
        vector.Cat.of(values, leeg)
    col = Column(cat, None if err is None else np.array(err, np.int8), False)
    want = ["leeg" if col.python(i) is None else "niet te berekenen" if col.python(i) is FAILED
            else str(col.python(i)) for i in range(n)]
    labels, names = _text_labels(col, n)
    assert names == sorted(set(want)) and [names[i] for i in labels] == want

"""Case and scenario files (issue 11): a person is not their own partner; errors carry the line of the field and
echo the value as written; dates in both forms; YAML timestamps, huge numbers, deep nesting, aliases and keys
given twice give a Dutch error, never pydantic's or Python's English and never a traceback."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from regelspraak.api import load, result_json, run
from regelspraak.cases import load_case, parse_case, to_population
from regelspraak.cli import main
from regelspraak.errors import CaseError, ScenarioError
from regelspraak.simulate.scenario import load_scenario

ROOT = Path(__file__).resolve().parent
LAWS = ROOT.parent / "laws"
ZT, AOW = LAWS / "zorgtoeslag", LAWS / "aow"
SIMULATIONS = ROOT.parent / "simulations"

PERSON = ("{id: p1, type: Persoon, geboortedatum: 1990-03-01, toetsingsinkomen: 30000, rendementsgrondslag: 0, "
          "verzekerd: waar}")
ENGLISH = ("Input should", "Exceeds", "Error", "Traceback", "validation", "datetime", "recursion")


@pytest.fixture(scope="module")
def zorgtoeslag():
    return load([ZT])


@pytest.fixture(scope="module")
def aow():
    return load([AOW])


def _write(tmp_path: Path, text: str, name: str = "casus.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path, model) -> list[str]:
    with pytest.raises(CaseError) as e:
        to_population(load_case(path), model)
    text = "\n".join(e.value.problems)
    assert not any(word in text for word in ENGLISH), text
    return e.value.problems


# ------------------------------------------------------------------------------------------- A: own partner

def test_aanvrager_who_is_own_toeslagpartner_is_refused(tmp_path, zorgtoeslag):
    """Before: exit code 0, the joint income counted twice and the zorgtoeslag 0 € instead of 1.355 €."""
    path = _write(tmp_path, f"rekendatum: 2025-01-01\nobjecten:\n  - {PERSON}\nfeiten:\n"
                            f"  - {{feittype: toeslagpartnerschap, aanvrager: p1, toeslagpartner: p1}}\n")
    [problem] = _problems(path, zorgtoeslag)
    assert problem.startswith(f"{path}:5: feit 1 (toeslagpartnerschap)")
    assert "'p1' is zowel aanvrager als toeslagpartner" in problem
    assert "kan niet zijn eigen toeslagpartner zijn" in problem
    r = CliRunner().invoke(main, ["run", str(ZT), "--casus", str(path)])
    assert r.exit_code == 2 and "kan niet zijn eigen toeslagpartner zijn" in r.output


def test_without_the_partner_fact_the_same_person_gets_1355(tmp_path, zorgtoeslag):
    path = _write(tmp_path, f"rekendatum: 2025-01-01\nobjecten:\n  - {PERSON}\n")
    ev = run(zorgtoeslag, to_population(load_case(path), zorgtoeslag), date(2025, 1, 1))
    assert result_json(ev)["objecten"][0]["attributen"]["zorgtoeslag"] == 1355


def test_reciprocal_partner_of_oneself_says_so(tmp_path, aow):
    path = _write(tmp_path, "rekendatum: 2024-01-01\nobjecten:\n"
                            "  - {id: p1, type: Persoon, geboortedatum: 1948-05-15, aantal verzekerde jaren: 50}\n"
                            "feiten:\n  - {feittype: partnerschap, partner: [p1, p1]}\n")
    [problem] = _problems(path, aow)
    assert "'p1' kan niet zijn eigen partner zijn" in problem and "meer dan één" not in problem
    assert problem.startswith(f"{path}:5: feit 1 (partnerschap)")


def test_a_fact_given_twice_is_refused(tmp_path, aow):
    path = _write(tmp_path, "rekendatum: 2024-01-01\nobjecten:\n"
                            "  - {id: p1, type: Persoon, geboortedatum: 1948-05-15, aantal verzekerde jaren: 50}\n"
                            "  - {id: p2, type: Persoon, geboortedatum: 1950-05-15, aantal verzekerde jaren: 50}\n"
                            "feiten:\n  - {feittype: partnerschap, partner: [p1, p2]}\n"
                            "  - {feittype: partnerschap, partner: [p2, p1]}\n")
    [problem] = _problems(path, aow)
    assert "feit 2 (partnerschap): hetzelfde feit staat al in de casus (feit 1)" in problem


def test_the_laws_example_cases_still_load():
    for case in sorted(LAWS.glob("*/casussen/*.yaml")):
        law = LAWS if case.parent.parent.name == "huishouden" else case.parent.parent
        to_population(load_case(case), load([law]))


# ------------------------------------------------------------------------------------------- B: case files

def test_errors_carry_the_line_and_echo_the_value_as_written(tmp_path, zorgtoeslag):
    path = _write(tmp_path, "rekendatum: 2025-01-01\nobjecten:\n  - id: p1\n    type: Persoon\n"
                            "    toetsingsinkomen: \"38000 €/mnd\"\n    rendementsgrondslag: 1.234,567\n"
                            "    geboortedatum: 31-02-1990\n")
    problems = _problems(path, zorgtoeslag)
    assert f"{path}:5: object 'p1', veld 'toetsingsinkomen': '38000 €/mnd' is geen getal in €" in problems[0]
    assert f"{path}:6: object 'p1', veld 'rendementsgrondslag': '1.234,567' heeft meer dan de 2 decimalen" \
        in problems[1]
    assert f"{path}:7: object 'p1', veld 'geboortedatum': '31-02-1990' is geen datum (deze dag bestaat niet)" \
        in problems[2]


def test_pydantic_errors_carry_the_line(tmp_path):
    path = _write(tmp_path, "rekendatum: 2025-01-01\nobjecten:\n  - id: 12\n    type: Persoon\n  - {type: Persoon}\n"
                            "onbekend: 1\n")
    with pytest.raises(CaseError) as e:
        load_case(path)
    text = "\n".join(e.value.problems)
    assert f"{path}:3: veld 'objecten.0.id' moet tekst zijn (gevonden: '12')" in text
    assert f"{path}:5: veld 'objecten.1.id' ontbreekt" in text
    assert f"{path}:6: veld 'onbekend' is geen bekend veld" in text


def test_json_errors_carry_the_line_too(tmp_path, zorgtoeslag):
    data = {"rekendatum": "2025-01-01", "objecten": [{"id": "p1", "type": "Persoon", "toetsingsinkomen": "veel"}]}
    path = _write(tmp_path, json.dumps(data, indent=2), "casus.json")
    [problem] = _problems(path, zorgtoeslag)
    assert problem.startswith(f"{path}:7: object 'p1', veld 'toetsingsinkomen': 'veel' is geen getal")


def test_an_enumeration_value_must_be_declared(tmp_path):
    text = (LAWS / "wtos" / "casussen" / "vavo-thuiswonend-2021.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("onderwijstype: vavo", "onderwijstype: vavoo"))
    [problem] = _problems(path, load([LAWS / "wtos"]))
    assert "'vavoo' is geen waarde van Onderwijstype; bedoelde u 'vavo'?" in problem


@pytest.mark.parametrize("written", ["01-01-2025", "2025-01-01", "!!timestamp 2025-01-01",
                                     "!!timestamp 2025-01-01 00:00:00"])
def test_rekendatum_in_either_form_and_as_yaml_timestamp(tmp_path, written):
    path = _write(tmp_path, f"rekendatum: {written}\nobjecten:\n  - {PERSON}\n")
    assert load_case(path).rekendatum == date(2025, 1, 1)


@pytest.mark.parametrize("value,words", [
    (datetime(2025, 1, 1, 10, 30), "'2025-01-01 10:30:00' is een tijdstip, geen datum"),
    ("2025-13-01", "'2025-13-01' is geen datum"),
    (20250101, "'20250101' is geen datum"),
    ([2025], "is geen datum"),
])
def test_a_bad_rekendatum_is_dutch(value, words):
    with pytest.raises(CaseError) as e:
        parse_case({"rekendatum": value, "objecten": []})
    [problem] = e.value.problems
    assert "veld 'rekendatum': " in problem and words in problem
    assert not any(word in problem for word in ENGLISH), problem


def test_a_timestamp_through_the_command(tmp_path):
    path = _write(tmp_path, f"rekendatum: !!timestamp 2025-01-01 10:00:00\nobjecten:\n  - {PERSON}\n")
    r = CliRunner().invoke(main, ["run", str(ZT), "--casus", str(path)])
    assert r.exit_code == 2 and f"{path}:1: veld 'rekendatum': '2025-01-01 10:00:00' is een tijdstip" in r.output
    assert "Input should" not in r.output


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_number_of_thousands_of_digits_is_dutch(tmp_path, suffix):
    digits = "1" * 5000
    text = (f"rekendatum: 2025-01-01\nobjecten:\n  - {{id: p1, type: Persoon, toetsingsinkomen: {digits}}}\n"
            if suffix == "yaml" else
            f'{{"rekendatum": "2025-01-01",\n "objecten": [{{"id": "p1", "toetsingsinkomen": {digits}}}]}}')
    path = _write(tmp_path, text, f"casus.{suffix}")
    with pytest.raises(CaseError) as e:
        load_case(path)
    [problem] = e.value.problems
    assert f"regel {3 if suffix == 'yaml' else 2}:" in problem
    assert "heeft 5000 cijfers, meer dan de 100" in problem and "Exceeds" not in problem


def test_a_number_of_thousands_of_digits_as_text_is_dutch(tmp_path, zorgtoeslag):
    path = _write(tmp_path, f"rekendatum: 2025-01-01\nobjecten:\n  - {{id: p1, type: Persoon, "
                            f"toetsingsinkomen: '{'9' * 5000}'}}\n")
    [problem] = _problems(path, zorgtoeslag)
    assert problem.startswith(f"{path}:3: object 'p1', veld 'toetsingsinkomen'") and "5000 cijfers" in problem


@pytest.mark.parametrize("suffix,text", [
    ("yaml", "rekendatum: 2025-01-01\nobjecten:\n  - {id: p1, type: Persoon, x: " + "[" * 5000 + "]" * 5000 + "}\n"),
    ("json", '{"rekendatum": "2025-01-01",\n "objecten": [{"x": ' + "[" * 5000 + "]" * 5000 + "}]}"),
])
def test_deep_nesting_is_a_located_dutch_error(tmp_path, suffix, text):
    path = _write(tmp_path, text, f"casus.{suffix}")
    with pytest.raises(CaseError) as e:
        load_case(path)
    [problem] = e.value.problems
    assert f"'{path}', regel {3 if suffix == 'yaml' else 2}: is te diep genest" in problem


@pytest.mark.parametrize("text,words", [
    ("rekendatum: 2025-01-01\nobjecten: []\nx: &a [*a]\n", "regel 3: veld 'x.0': een YAML-verwijzing (*anker) "
                                                            "bevat zichzelf"),
    ("rekendatum: 2025-01-01\nobjecten:\n  - {id: p1, type: Persoon, verzekerd: waar, verzekerd: onwaar}\n",
     "regel 3: veld 'objecten.0.verzekerd' staat twee keer in hetzelfde object"),
    ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]\n"
        for i in range(1, 9)), "bevat meer dan 1.000.000 waarden"),
    ("rekendatum: 2025-01-01\nobjecten: \x00\n", "(regel 2): het teken U+0000 mag niet in YAML staan"),
])
def test_yaml_that_would_mislead_or_blow_up_is_refused(tmp_path, text, words):
    path = _write(tmp_path, text)
    with pytest.raises(CaseError) as e:
        load_case(path)
    assert words in e.value.problems[0]


def test_a_case_file_that_is_not_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "casus.yaml"
    path.write_bytes("rekendatum: 2025-01-01\n# café\n".encode("latin-1"))
    with pytest.raises(CaseError) as e:
        load_case(path)
    assert "is geen UTF-8-tekst (regel 2, kolom 6: byte 0xE9)" in e.value.problems[0]


# ------------------------------------------------------------------------------------------- B: scenario files

def _scenario(tmp_path: Path, old: str, new: str, suffix: str = "yaml") -> Path:
    folder = tmp_path / "simulations" / "zt"
    folder.mkdir(parents=True, exist_ok=True)
    if not (tmp_path / "laws").exists():
        (tmp_path / "laws").symlink_to(LAWS)
    text = (SIMULATIONS / "zorgtoeslag-2026" / "scenario.yaml").read_text(encoding="utf-8")
    assert old in text
    return _write(folder, text.replace(old, new, 1), f"scenario.{suffix}")


@pytest.mark.parametrize("written", ["01-01-2026", "2026-01-01", "!!timestamp 2026-01-01"])
def test_scenario_rekendatum_in_either_form(tmp_path, written):
    path = _scenario(tmp_path, "rekendatum: 2026-01-01", f"rekendatum: {written}")
    assert load_scenario(path).rekendatum == date(2026, 1, 1)


def test_scenario_timestamp_and_line(tmp_path):
    path = _scenario(tmp_path, "rekendatum: 2026-01-01", "rekendatum: !!timestamp 2026-01-01 12:00:00")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    [problem] = e.value.problems
    assert problem.startswith(f"{path}:23: veld 'rekendatum'") and "is een tijdstip, geen datum" in problem


def test_scenario_errors_carry_the_line(tmp_path):
    path = _scenario(tmp_path, "  omvang: 18000000", "  omvang: veel")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert e.value.problems == [f"{path}:25: veld 'populatie.omvang' moet een geheel getal zijn"]


def test_scenario_deep_nesting_is_a_located_dutch_error(tmp_path):
    path = _scenario(tmp_path, "  omvang: 18000000", "  omvang: " + "[" * 3000 + "]" * 3000)
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    [problem] = e.value.problems
    assert f"scenariobestand '{path}', regel 25: is te diep genest" in problem

"""End to end: the `regels` command as a user runs it (exit codes, Dutch messages, JSON shape)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAW = ROOT / "laws" / "zorgtoeslag"
CASE = LAW / "casussen" / "echtpaar-2025.yaml"


def regels(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "regelspraak.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def test_check_laws_exits_zero():
    r = regels("check", ROOT / "laws")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 fouten" in r.stdout


def test_run_json_is_exact_and_complete():
    r = regels("run", LAW, "--casus", CASE, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    p1 = next(o for o in data["objecten"] if o["id"] == "p1")
    assert p1["attributen"]["zorgtoeslag"] == 2792
    assert p1["attributen"]["normpremie"] == 1432.17
    assert '"normpremie": 1432.17' in r.stdout
    assert p1["kenmerken"]["recht op zorgtoeslag"] is True
    assert data["rekendatum"] == "2025-01-01"
    from regelspraak.output import RunOutput
    RunOutput.model_validate(data)


def test_published_schemas_are_current():
    import jsonschema
    for flag, name in (((), "case-schema.json"), (("--uitvoer",), "run-output-schema.json")):
        r = regels("schema", *flag)
        assert r.returncode == 0
        published = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert json.loads(r.stdout) == json.loads(published), f"docs/{name} is out of date: regels schema {flag}"
    import yaml
    case = yaml.safe_load(CASE.read_text())
    case["rekendatum"] = str(case["rekendatum"])
    jsonschema.validate(case, json.loads((ROOT / "docs" / "case-schema.json").read_text()))


def test_uitleg_on_partner_case_shows_article_chain():
    r = regels("run", LAW, "--casus", CASE, "--uitleg", "--waarde", "zorgtoeslag")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for needle in ("zorgtoeslag van p1 = 2.792 €", "Wzt art. 2 lid 1", "Awir art. 14 lid 4",
                   "https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel2",
                   "regel 'berekende zorgtoeslag alleenstaande' is niet gevuurd",
                   "toetsingsinkomen van p2 = 0,00 €", "hij is geen toeslagpartner"):
        assert needle in out, needle


def test_bad_case_file_names_object_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("""rekendatum: 2025-01-01
objecten:
  - {id: p1, type: Persoon, toetsingsinkomen: veel, geboortedatum: 2025-13-40}
  - {id: p2, type: Persoen}
feiten:
  - {feittype: toeslagpartnerschap, aanvrager: p1, toeslagpartner: p9}
""")
    r = regels("run", LAW, "--casus", bad)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "object 'p1', veld 'toetsingsinkomen'" in r.stderr
    assert "object 'p1', veld 'geboortedatum'" in r.stderr
    assert "onbekend objecttype 'Persoen'" in r.stderr
    assert "'p9', dat niet bestaat" in r.stderr


def test_case_file_with_missing_fields_and_bad_yaml(tmp_path):
    missing = tmp_path / "missing.yaml"
    missing.write_text("objecten:\n  - {type: Persoon}\n")
    r = regels("run", LAW, "--casus", missing)
    assert r.returncode == 2 and "veld 'objecten.0.id' ontbreekt" in r.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("objecten: [\n")
    r = regels("run", LAW, "--casus", broken)
    assert r.returncode == 2 and "geen geldige YAML" in r.stderr and "Traceback" not in r.stderr


def test_parameterset_that_does_not_hold_is_an_error(tmp_path):
    r = regels("run", LAW, "--casus", CASE, "--parameterset", "Zorgtoeslag 2024")
    assert r.returncode == 2
    assert "geldt niet op de rekendatum 01-01-2025" in r.stderr


def test_test_command_passes_on_laws():
    r = regels("test", ROOT / "laws")
    assert r.returncode == 0, r.stdout
    assert "0 mislukt" in r.stdout


def test_check_reports_errors_with_caret(tmp_path):
    f = tmp_path / "fout.rgs"
    f.write_text("Objecttype de Persoon\n  het inkomen Bedrg;\n")
    r = regels("check", f)
    assert r.returncode == 1
    assert "fout[R201]: onbekend datatype of domein 'Bedrg'" in r.stdout
    assert f"{f}:2:15" in r.stdout and "^^^^^" in r.stdout

"""The published JSON Schema of scenario files is current, and every bundled scenario is valid: against that
schema and against its laws (`prepare`)."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from regelspraak.cases import _Loader
from regelspraak.cli import main
from regelspraak.simulate import ScenarioError, prepare, scenario_schema

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "docs" / "scenario-schema.json"
REGENERATE = "regenereer met: regels schema --scenario > docs/scenario-schema.json"


def test_published_scenario_schema_is_current():
    assert PUBLISHED.is_file(), f"docs/scenario-schema.json ontbreekt; {REGENERATE}"
    text = PUBLISHED.read_text(encoding="utf-8")
    assert text == json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n", \
        f"docs/scenario-schema.json is verouderd; {REGENERATE}"
    r = CliRunner().invoke(main, ["schema", "--scenario"])
    assert r.exit_code == 0 and r.stdout == text, REGENERATE


def test_bundled_scenarios_are_valid():
    """Every simulations/*/scenario.yaml (none yet is fine) validates against the published schema and its laws."""
    import jsonschema
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    problems = []
    for path in sorted((ROOT / "simulations").glob("*/scenario.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        try:
            jsonschema.validate(data, schema)
        except jsonschema.ValidationError as e:
            problems.append(f"{path.relative_to(ROOT)}: schema: {e.message} (op {list(e.absolute_path)})")
        try:
            job = prepare(path)
        except ScenarioError as e:
            problems.extend(f"{path.relative_to(ROOT)}: {p}" for p in e.problems)
            continue
        if not (job.variants and job.results and sum(job.blocks) > 0):
            problems.append(f"{path.relative_to(ROOT)}: geen varianten, resultaten of personen")
    assert not problems, "\n".join(problems)


def test_the_schema_rejects_what_the_scenario_rejects():
    """The schema is no decoration: an unknown field and a wrong type fail it, as they fail the scenario."""
    import jsonschema
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    good = {"naam": "x", "wetten": ["a"], "rekendatum": "2026-01-01",
            "populatie": {"omvang": 10, "leeftijd": {"waarde": 40}}, "uitvoer": {"resultaten": ["zorgtoeslag"]}}
    jsonschema.validate(good, schema)
    for bad in ({**good, "onbekend": 1}, {**good, "populatie": {"omvang": "veel", "leeftijd": {"waarde": 40}}},
                {**good, "uitvoer": {"resultaten": []}}):
        try:
            jsonschema.validate(bad, schema)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"het schema laat dit door: {bad}")

"""The exit codes the README promises, per command: 0 fine, 1 findings or failures, 2 wrong use."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from regelspraak.cli import main

ROOT = Path(__file__).resolve().parents[1]

LAW = """Objecttype de Persoon (mv: Personen) (bezield)
  het inkomen Numeriek (getal met 2 decimalen) met eenheid €;
  de toeslag Numeriek (getal met 2 decimalen) met eenheid €;
  het netto bedrag Numeriek (getal met 2 decimalen) met eenheid €;
  is verzekerd kenmerk (bijvoeglijk);

Regel een
  geldig altijd
    // Bron: art. 1
    De toeslag van een Persoon moet gesteld worden op 100 €.

Regel twee
  geldig altijd
    // Bron: art. 2
    De toeslag van een Persoon moet gesteld worden op 200 €
    indien hij verzekerd is.

Regel netto
  geldig altijd
    // Bron: art. 3
    Het netto bedrag van een Persoon moet berekend worden als zijn inkomen min zijn toeslag, met een minimum van 0 €.
"""

TESTSET = """
Testset t
  Rekendatum 01-01-2025

  Testgeval g
    Gegeven een Persoon (p1) met
      inkomen 1000 €
    Verwacht p1 met
      netto bedrag {netto} €
"""


def case(verzekerd: bool) -> str:
    return ("rekendatum: 2025-01-01\nobjecten:\n  - id: p1\n    type: Persoon\n    inkomen: 1000\n"
            f"    verzekerd: {'waar' if verzekerd else 'onwaar'}\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "wet.rgs").write_text(LAW, encoding="utf-8")
    (tmp_path / "goed.yaml").write_text(case(False), encoding="utf-8")
    (tmp_path / "conflict.yaml").write_text(case(True), encoding="utf-8")
    (tmp_path / "kapot.yaml").write_text("objecten: [{id: p1, type: Persoon, inkomen: veel}]\n", encoding="utf-8")
    (tmp_path / "fout.rgs").write_text(LAW.replace("zijn inkomen min", "zijn inkomn min"), encoding="utf-8")
    return tmp_path


def code(*args: str) -> int:
    return CliRunner().invoke(main, list(args)).exit_code


def test_check(folder):
    assert code("check", str(folder / "wet.rgs")) == 0
    assert code("check", str(folder / "fout.rgs")) == 1
    assert code("check", "--onbekend", str(folder / "wet.rgs")) == 2


def test_run(folder):
    law = str(folder / "wet.rgs")
    assert code("run", law, "--casus", str(folder / "goed.yaml")) == 0
    assert code("run", law, "--casus", str(folder / "conflict.yaml")) == 1          # a finding: R601
    assert code("run", str(folder / "fout.rgs"), "--casus", str(folder / "goed.yaml")) == 1
    assert code("run", law, "--casus", str(folder / "kapot.yaml")) == 2
    assert code("run", law, "--casus", str(folder / "goed.yaml"), "--parameterset", "bestaat-niet") == 2
    assert code("run", law) == 2                                                      # no --casus


def test_test(folder):
    (folder / "goed.rgs").write_text(LAW + TESTSET.format(netto="900"), encoding="utf-8")
    (folder / "mis.rgs").write_text(LAW + TESTSET.format(netto="800"), encoding="utf-8")
    assert code("test", str(folder / "goed.rgs")) == 0
    assert code("test", str(folder / "mis.rgs")) == 1


def test_simulate_wrong_use(tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("wetten: [x]\nbevolking: {omvang: -5}\n", encoding="utf-8")
    assert code("simulate", str(scenario)) == 2


def test_run_prints_a_finding_once(tmp_path):
    """One role with two players is one R606 for the user, however many values read the role (it was printed
    three times)."""
    people = "\n".join(f"  - {{id: {p}, type: Persoon, geboortedatum: 1990-03-01, toetsingsinkomen: 0, "
                       f"rendementsgrondslag: 0, verzekerd: waar}}" for p in ("p1", "p2", "p3"))
    (tmp_path / "twee.yaml").write_text(
        f"rekendatum: 2025-01-01\nobjecten:\n{people}\nfeiten:\n"
        "  - {feittype: toeslagpartnerschap, aanvrager: p1, toeslagpartner: p2}\n"
        "  - {feittype: toeslagpartnerschap, aanvrager: p1, toeslagpartner: p3}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(ROOT / "laws" / "zorgtoeslag"), "--casus",
                                       str(tmp_path / "twee.yaml")])
    assert result.exit_code == 1
    assert result.output.count("fout[R606]") == 1

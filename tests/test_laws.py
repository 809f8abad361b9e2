"""Every law in laws/ checks clean and passes its testsets; the runner really detects a wrong expectation."""
from pathlib import Path

import pytest

from regelspraak.api import check, check_sources
from regelspraak.source import SourceFile
from regelspraak.testing import run_testsets

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(p for p in (ROOT / "laws").iterdir() if p.is_dir())
LAWS = [p for p in FOLDERS if any("Wetgeving " in f.read_text(encoding="utf-8") for f in p.glob("*.rgs*"))]


def test_all_laws_check_together_without_errors():
    loaded = check([ROOT / "laws"])
    assert loaded.model is not None, [d.message for d in loaded.diagnostics.errors()]


@pytest.mark.parametrize("law", LAWS, ids=lambda p: p.name)
def test_law_testsets_pass(law):
    loaded = check([law])
    assert loaded.model is not None
    report = run_testsets(loaded.model, loaded.sources)
    assert report.cases > 0
    assert not report.failures, "\n".join(f"{f.case}: {f.message}\n{f.explanation}" for f in report.failures)


def test_all_testsets_pass_with_all_laws_loaded():
    """Views over several laws (laws/huishouden) only run with the laws they use."""
    loaded = check([ROOT / "laws"])
    report = run_testsets(loaded.model, loaded.sources)
    assert report.cases >= 200
    assert not report.failures, "\n".join(f"{f.case}: {f.message}\n{f.explanation}" for f in report.failures)


def test_every_law_folder_has_a_readme_and_testsets():
    for folder in FOLDERS:
        assert (folder / "README.md").exists(), folder.name
        assert list(folder.glob("*.test.rgs")), folder.name


def test_every_rule_version_cites_an_article():
    loaded = check([ROOT / "laws"])
    for r in loaded.model.rules:
        if r.kind != "uniek":
            assert any(a.article for a in r.articles), r.rule


def test_a_wrong_expectation_fails_with_explanation():
    folder = ROOT / "laws" / "zorgtoeslag"
    sources = [SourceFile.read(p) for p in sorted(folder.glob("*.rgs*")) if not p.name.endswith(".test.rgs")]
    sources.append(SourceFile.from_text("fout.test.rgs", """Testset fout
  Rekendatum 01-01-2025

  Testgeval verkeerde verwachting
    Gegeven een Persoon (Anna) met
      geboortedatum 14-09-1990
      toetsingsinkomen 20000 €
      rendementsgrondslag 0 €
      is verzekerd
    Verwacht Anna met
      zorgtoeslag 1572 €
"""))
    loaded = check_sources(sources)
    report = run_testsets(loaded.model, loaded.sources)
    assert len(report.failures) == 1
    f = report.failures[0]
    assert "verwacht 1.572 €, berekend 1.573 €" in f.message
    assert "Awir art. 14 lid 4" in f.explanation

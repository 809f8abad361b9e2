"""The simulation report (rapport.md, rapport.html, plots): tiny scenarios run end to end, then the content checked
against the summary — Dutch section titles, figures formatted in Dutch, embedded PNGs, escaping, projection,
buy-out and errors; and its parts on their own (the document, Dutch numbers, assumptions in words)."""
import base64
import io
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from regelspraak.evaluate.values import format_number
from regelspraak.simulate import simulate
from regelspraak.simulate.assumptions import distribution_words
from regelspraak.simulate.document import Doc
from regelspraak.simulate.dutch import amount, dmy, money, n, number, pct, yearly_unit
from regelspraak.simulate.report import detail_years, write_report

LAWS = Path(__file__).resolve().parents[2] / "laws"
SECTIONS = ["Aannames", "Uitkomsten", "Winnaars en verliezers", "Projectie", "Afkoop", "Regels en artikelen",
            "Fouten", "Uitvoering"]
HOSTILE = "<script>alert(1)</script> | x"

REFORM = """
naam: '@HOSTILE@'
beschrijving: '@HOSTILE@'
aannames: ['iedereen is verzekerd | behalve 1%']
wetten: ['@LAWS@/zorgtoeslag']
rekendatum: 2026-01-01
populatie:
  omvang: 800
  zaad: 7
  leeftijd: {verdeling: tabel, klassen: [[18, 30, 2], [30, 67, 5], [67, 95, 2]]}
  partners: {feittype: toeslagpartnerschap, kans: 0.5, leeftijdsverschil: {verdeling: normaal, gemiddelde: 2, sd: 3}}
  attributen:
    toetsingsinkomen: {verdeling: lognormaal, mediaan: 30000, sigma: 0.7, nul: 0.05}
    rendementsgrondslag: {verdeling: lognormaal, mediaan: 20000, sigma: 1.5, nul: 0.4}
    verzekerd: {kans: 0.99}
varianten:
  - naam: basis
  - naam: 'premie | <b>hoger</b>'
    parameters: {standaardpremie: 2300}
uitvoer:
  resultaten: [zorgtoeslag, recht op zorgtoeslag]
  groepen:
    - {naam: leeftijd, attribuut: leeftijd, grenzen: [30, 67]}
    - {naam: partner, attribuut: partner}
"""

PROJECTION = """
naam: AOW-toeslag na 2015
wetten: ['@LAWS@/aow']
projectie:
  van: 2015
  tot: @TOT@
  sterfte: {model: gompertz, a: 0.000015, b: 0.1}
  indexatie: {maandinkomen uit arbeid: 2, overig maandinkomen: 2}
  parameters: {buiten_bereik: dichtstbijzijnde, indexatie: 2}
  bij_overlijden_partner: {gehuwd: onwaar}
parameters: {geraamde levensverwachting op 65 jaar in 2032: 20.9}
populatie:
  omvang: 400
  zaad: 2015
  leeftijd: {verdeling: tabel, klassen: [[65.5, 70, 5], [70, 80, 3], [80, 90, 1]]}
  partners:
    feittype: partnerschap
    kans: 1
    leeftijdsverschil: {verdeling: uniform, van: 1, tot: 16}
    minimumleeftijd: 50
    maximumleeftijd: 65
  attributen:
    aantal verzekerde jaren: {waarde: 50, voor: iedereen}
    gehuwd: {kans: 1, voor: iedereen}
    doorlopend toeslagrecht: {kans: 1, voor: hoofd}
    maandinkomen uit arbeid: {verdeling: lognormaal, mediaan: 1500, sigma: 0.6, nul: 0.5, voor: partner}
    overig maandinkomen: {verdeling: lognormaal, mediaan: 400, sigma: 0.8, nul: 0.6, voor: partner}
uitvoer:
  resultaten: [{attribuut: AOW-toeslag, factor: 12}]
afkoop: {resultaat: AOW-toeslag, vanaf: @VANAF@, rentevoet: 2.5, uitvoeringskosten_per_jaar: 2000000}
"""

DIVISION_LAW = """Wetgeving Proefwet deling (Pwd, BWBR0000001)

Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €

Objecttype de Persoon (mv: Personen) (bezield)
  de geboortedatum Datum in dagen;
  het inkomen Bedrag;
  het aantal delen Numeriek (geheel getal);
  het deel Bedrag;

Regel deel per persoon
  geldig altijd
    Het deel van een Persoon moet berekend worden als
      zijn inkomen gedeeld door zijn aantal delen, rekenkundig afgerond op 2 decimalen.
"""

DIVISION = """
naam: Deling
wetten: [wet]
rekendatum: 2026-01-01
populatie:
  omvang: 300
  zaad: 1
  leeftijd: {verdeling: uniform, van: 20, tot: 60}
  attributen:
    inkomen: {verdeling: lognormaal, mediaan: 30000, sigma: 0.5}
    aantal delen: {verdeling: keuze, waarden: [0, 1, 2], kansen: [0.1, 0.5, 0.4]}
uitvoer:
  resultaten: [deel]
"""


def _run(folder: Path, scenario: str, **fill) -> tuple[dict, Path]:
    """Write the scenario (placeholders @NAME@ filled in) into folder, simulate it; (summary, output folder)."""
    for key, value in {"LAWS": LAWS.as_posix(), "HOSTILE": HOSTILE, **fill}.items():
        scenario = scenario.replace(f"@{key}@", str(value))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
    out = folder / "uitvoer"
    outcome = simulate(folder / "scenario.yaml", out, processes=1)
    return outcome.summary, out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("rapport")
    (root / "deling" / "wet").mkdir(parents=True)
    (root / "deling" / "wet" / "wet.rgs").write_text(DIVISION_LAW, encoding="utf-8")
    return {"hervorming": _run(root / "hervorming", REFORM),
            "projectie": _run(root / "projectie", PROJECTION, TOT=2040, VANAF=2027),
            "lopend": _run(root / "lopend", PROJECTION, TOT=2016, VANAF=2016),
            "deling": _run(root / "deling", DIVISION)}


def _md(runs, name) -> str:
    return (runs[name][1] / "rapport.md").read_text(encoding="utf-8")


def _html(runs, name) -> str:
    return (runs[name][1] / "rapport.html").read_text(encoding="utf-8")


def _row(md: str, label: str) -> list[str]:
    """The cells after the first cell of the first Markdown table row whose first cell is `label`."""
    for line in md.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"geen rij '{label}'")


def _nl(text: str, decimals: int) -> str:
    return format_number(Fraction(text), decimals, thousands=True)


@pytest.mark.parametrize("name", ["hervorming", "projectie", "deling"])
def test_sections_in_order_in_markdown_and_html(runs, name):
    md, page = _md(runs, name), _html(runs, name)
    heads = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert heads == SECTIONS
    h2 = re.findall(r"<h2 id=\"s\d+\">(.*?)</h2>", page)
    assert h2 == SECTIONS


def test_totals_in_tables_are_the_summary_in_dutch(runs):
    summary, _ = runs["hervorming"]
    md = _md(runs, "hervorming")
    year = summary["jaren"][0]
    variants = list(year["varianten"])
    results = [year["varianten"][v]["resultaten"]["zorgtoeslag"] for v in variants]
    totals = [_nl(r["totaal"], 0) for r in results]
    assert all("." in t for t in totals)                     # thousands dots: the amounts are above 1.000
    assert _row(md, "totaal (€)") == totals
    assert _row(md, "waarvan niet nul") == [_nl(str(r["niet_nul"]), 0) for r in results]
    assert _row(md, "gemiddelde van de waarden ≠ 0 (€)") == [_nl(r["gemiddelde_niet_nul"], 2) for r in results]
    group = results[1]["groepen"]["leeftijd"][1]
    assert _row(md, group["groep"])[-1] == _nl(group["totaal"], 0)
    wv = year["winnaars_verliezers"][variants[1]]["zorgtoeslag"]
    assert wv["winnaars"] > 0
    assert _row(md, "winst, opgeteld") == [_nl(wv["winst"], 0)]
    assert _row(md, "netto voor de personen") == [_nl(wv["netto_voor_personen"], 0)]
    ken = year["varianten"]["basis"]["resultaten"]["recht op zorgtoeslag"]
    assert _row(md, "waarvan 'recht op zorgtoeslag'")[0] == _nl(str(ken["waar"]), 0)


def test_assumptions_are_written_out(runs):
    md = _md(runs, "hervorming")
    section = md.split("\n## Aannames\n")[1].split("\n## Uitkomsten\n")[0]
    assert "iedereen is verzekerd \\| behalve 1%" in section
    assert "Omvang: 800 personen" in section and "(zaad): 7" in section
    assert "kans op een partner 50%" in section
    words = "lognormaal verdeeld, mediaan 30.000, spreiding (sigma) 0,7; 5% precies 0"
    assert _row(section, "toetsingsinkomen") == [words, "volwassenen"]
    assert "parameter standaardpremie = 2.300" in section
    assert "basis (basisvariant, de referentie): geen wijzigingen" in section
    proj = _md(runs, "projectie").split("### Projectie")[1].split("### Parameters")[0]
    assert "a = 0,000015 en b = 0,1" in proj and "maandinkomen uit arbeid 2%" in proj
    assert "gehuwd = onwaar" in proj


def test_html_embeds_the_plots_as_png(runs):
    import matplotlib.image

    _, out = runs["hervorming"]
    page = _html(runs, "hervorming")
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    pngs = sorted((out / "plots").glob("*.png"))
    assert len(images) == len(pngs) >= 2                   # a distribution and a winners/losers chart
    data = base64.b64decode(images[0])
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    pixels = matplotlib.image.imread(io.BytesIO(data))
    assert pixels.shape[0] > 200 and pixels.shape[1] > 400 and pixels.std() > 0.05
    assert data == pngs[0].read_bytes()
    assert "<script" not in page and "<link" not in page and "http://" not in page and "https://" not in page
    links = re.findall(r"!\[[^\]]*\]\((plots/[^)]+\.png)\)", _md(runs, "hervorming"))
    assert sorted(out / x for x in links) == pngs


def test_hostile_names_are_escaped(runs):
    page, md = _html(runs, "hervorming"), _md(runs, "hervorming")
    assert "<script>" not in page and "<b>hoger</b>" not in page
    assert "<h1>Simulatierapport: &lt;script&gt;alert(1)&lt;/script&gt; | x</h1>" in page
    assert "<th class=\"n\">premie | &lt;b&gt;hoger&lt;/b&gt;</th>" in page
    assert "<script>" not in md and "\\<script\\>alert(1)\\</script\\> \\| x" in md
    for table in re.findall(r"((?:^\|.*\|$\n?)+)", md, re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table.strip().splitlines()}
        assert len(widths) == 1, table
    assert _row(md, "personen") == ["800", "800"]


def test_projection_report(runs):
    summary, _ = runs["projectie"]
    md = _md(runs, "projectie")
    series = summary["reeksen"]["basis"]["aow-toeslag"]
    last = series["laatste_jaar_met_betaling"]
    assert last is not None and last < 2040 and not series["loopt_door_na_projectie"]
    assert f"Laatste jaar met een betaling: {last}." in md
    assert f"Van {last + 2} tot en met 2040 zijn er geen betalingen meer." in md
    table = md.split("### Alle jaren")[1].split("\n### ")[0]
    for year, cost in zip(series["jaren"], series["kosten_per_jaar"]):
        assert _row(table, str(year))[-1] == _nl(cost, 2)
    assert _row(md.split("\n## Projectie\n")[1], "2015")[-1] == _nl(series["resterend_vanaf"][0], 2)
    details = re.findall(r"^### (\d{4}) \(rekendatum", md, re.MULTILINE)
    assert details == [str(y) for y in detail_years(summary)] and 3 <= len(details) < 26
    assert "2015" in details and str(last) in details and "2027" in details
    buy = summary["afkoop"]
    assert _row(md, "contante waarde, totaal") == [f"€ {_nl(buy['contante_waarde_totaal'], 2)}"]
    assert _row(md, "break-evenbedrag per ontvanger") == [f"€ {_nl(buy['break_even_per_ontvanger'], 2)}"]
    assert "contante waarde is wat alle toekomstige betalingen" in md and "break-evenbedrag is het" in md
    assert _row(md, "totaal per jaar (× 12, €)") == [_nl(summary["jaren"][0]["varianten"]["basis"]["resultaten"]
                                                         ["aow-toeslag"]["totaal_per_jaar"], 2)]


def test_projection_still_paying_and_buy_out_error(runs, tmp_path):
    summary, _ = runs["lopend"]
    md = _md(runs, "lopend")
    series = summary["reeksen"]["basis"]["aow-toeslag"]
    assert series["loopt_door_na_projectie"]
    assert f"> Let op: in 2016, het laatste jaar van de projectie, krijgen nog {_nl(str(series['ontvangers'][-1]), 0)}" in md
    # the scenario check refuses a buy-out outside the projection; the report still shows a summary's error text
    broken = dict(summary, afkoop={"fout": "het afkoopjaar 2030 ligt buiten de projectie"})
    write_report(broken, tmp_path, {"engine": "lokaal", "processen": 1, "deel": 1000, "seconden": {}})
    text = (tmp_path / "rapport.md").read_text(encoding="utf-8")
    assert "De afkoop kon niet worden berekend: het afkoopjaar 2030 ligt buiten de projectie." in text


def test_errors_are_listed(runs):
    summary, _ = runs["deling"]
    md = _md(runs, "deling")
    fault = summary["jaren"][0]["varianten"]["basis"]["fouten"][0]
    assert fault["code"] == "R602" and fault["personen"] > 0
    row = _row(md, "2026")
    assert row == ["basis", "R602", "rekenfout (deling door nul)", "deel", "deel per persoon",
                   ", ".join(str(i) for i in fault["voorbeelden"]), _nl(str(fault["personen"]), 0)]
    deel = summary["jaren"][0]["varianten"]["basis"]["resultaten"]["deel"]
    assert deel["mislukt"] == fault["personen"] and deel["leeg"] == 0       # a failure is not leeg, nor 0
    assert _row(md, "niet te berekenen (fout, zie Fouten)") == [_nl(str(fault["personen"]), 0)]
    assert "Er zijn geen fouten" in _md(runs, "hervorming") and "Er zijn geen fouten" not in md


def test_write_report_directly_returns_what_it_wrote(runs, tmp_path):
    summary, out = runs["hervorming"]
    again = json.loads((out / "samenvatting.json").read_text(encoding="utf-8"))
    assert again == summary
    info = {"engine": "dask", "processen": 3, "deel": 4096, "seconden": {"kernel": 1.25, "totaal": 1234.5}}
    files = write_report(summary, tmp_path / "r", info)
    assert sorted(files) == sorted(p for p in (tmp_path / "r").rglob("*") if p.is_file())
    assert {p.name for p in files} >= {"rapport.md", "rapport.html"}
    md = (tmp_path / "r" / "rapport.md").read_text(encoding="utf-8")
    section = md.split("\n## Uitvoering\n")[1]
    assert "Rekenwijze: op een Dask-cluster" in section and "Processen: 3" in section
    assert "Personen per deel: 4.096" in section
    assert _row(section, "rekenkernen (opgeteld over alle delen)") == ["1,25"]
    assert _row(section, "totaal") == ["1.234,50"]


def test_detail_years_and_distribution_words():
    years = [{"jaar": y} for y in range(2015, 2061)]
    series = {"basis": {"x": {"laatste_jaar_met_betaling": 2032}}, "hervorming": {"x": {"laatste_jaar_met_betaling": None}}}
    assert detail_years({"jaren": years, "reeksen": series, "afkoop": {"vanaf": 2027}}) == [2015, 2027, 2032, 2060]
    assert detail_years({"jaren": years, "reeksen": {}}) == [2015, 2038, 2060]
    assert detail_years({"jaren": years[:2]}) == [2015, 2016]
    assert distribution_words({"verdeling": "keuze", "waarden": [0, 1], "kansen": [1, 3], "leeg": 0.125}) == \
        "een van: 0 (25%), 1 (75%); 12,5% leeg"
    assert distribution_words({"verdeling": "uniform", "van": 1.5, "tot": 16, "max": 12, "partner": "gelijk"}) == \
        "gelijk verdeeld van 1,5 tot 16; hoogstens 12; de partner krijgt dezelfde waarde als het hoofd"


def test_document_renders_every_block_in_markdown_and_html(tmp_path):
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "a.png").write_bytes(b"\x89PNG fake")
    d = Doc()
    d.h(1, "Titel <1>")
    d.p("intro\n  twee")
    d.h(2, "Deel | één")
    d.note("let *op*")
    d.items(["a_b", "c"])
    d.items([])                                            # an empty list adds nothing
    d.table(["naam", "aantal"], [["x|y", 1234]])
    d.image(Path("plots/a.png"), "grafiek")
    assert d.markdown() == ("# Titel \\<1\\>\n\nintro twee\n\n## Deel \\| één\n\n> let \\*op\\*\n\n- a\\_b\n- c\n\n"
                            "| naam | aantal |\n| --- | ---: |\n| x\\|y | 1234 |\n\n![grafiek](plots/a.png)\n")
    page = d.html(tmp_path, "T & t")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>T &amp; t</title>')
    assert page.endswith(
        "<h1>Titel &lt;1&gt;</h1>\n<p>intro\n  twee</p>\n"
        '<nav><h2>Inhoud</h2><ul><li><a href="#s1">Deel | één</a></li></ul></nav>\n'
        '<h2 id="s1">Deel | één</h2>\n<p class="note">let *op*</p>\n<ul><li>a_b</li><li>c</li></ul>\n'
        '<table><thead><tr><th>naam</th><th class="n">aantal</th></tr></thead>'
        '<tbody><tr><td>x|y</td><td class="n">1234</td></tr></tbody></table>\n'
        '<figure><img src="data:image/png;base64,iVBORyBmYWtl" alt="grafiek">'
        "<figcaption>grafiek</figcaption></figure>\n</body>\n</html>\n")


def test_numbers_in_dutch():
    assert [n(1234567), amount("1234.5", 2), amount(None, 2), pct(1, 3), pct(0.25), pct(1, 0)] == \
        ["1.234.567", "1.234,50", "–", "33,3%", "25%", "–"]
    assert [money("12.5", 2, "€/mnd"), money("3", 0, "jr"), money("3", 0, "")] == ["€ 12,50/mnd", "3 jr", "3"]
    assert [number(True), number(0.5), number("abc"), dmy("2026-01-31")] == ["waar", "0,5", "abc", "31-01-2026"]
    assert yearly_unit({"eenheid": "€/mnd", "factor_per_jaar": 12}) == "€"
    assert yearly_unit({"eenheid": "€/mnd", "factor_per_jaar": 1}) == "€/mnd"

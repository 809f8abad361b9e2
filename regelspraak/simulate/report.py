"""The simulation report in Dutch: Markdown, one self-contained HTML file, and the plots as PNG.

In: the JSON summary (``summary.py``), an output folder and run information (engine, processes, chunk size,
seconds per phase).  Out: ``rapport.md``, ``rapport.html`` and ``plots/*.png`` in that folder.  The sections
are built here, once, into a ``Doc`` (``document.py``) that is rendered twice, so both files say the same;
numbers are written by ``dutch.py``, the assumptions by ``assumptions.py`` and the charts by ``plots.py``.
"""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from ..evaluate.values import format_number
from .assumptions import (
    FOR_WHOM,
    distribution_words,
    population_words,
    projection_words,
    result_words,
    variant_words,
)
from .document import Doc
from .dutch import amount, decimals, dmy, money, n, number, pct, yearly_unit

MAX_ERROR_ROWS = 60
PHASES = {"voorbereiden": "voorbereiden (scenario en wetten inlezen en controleren)",
          "genereren": "bevolking genereren (opgeteld over alle delen)",
          "kernel": "rekenkernen (opgeteld over alle delen)",
          "projecteren": "projecteren: ouder worden, sterfte, indexatie (opgeteld over alle delen)",
          "rekenen": "rekenen (doorlooptijd van de hele berekening)", "totaal": "totaal"}
ENGINES = {"lokaal": "lokaal, op deze machine", "dask": "op een Dask-cluster"}


def write_report(summary: dict, out_dir: Path, run_info: dict) -> list[Path]:
    """Write rapport.md, rapport.html and plots/*.png for a summary into out_dir; return the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rep = _Report(summary, out_dir)
    for section in (rep.title, rep.assumptions, rep.outcomes, rep.winners, rep.projection, rep.buy_out,
                    rep.rules, rep.errors):
        section()
    rep.run(run_info)
    md = out_dir / "rapport.md"
    md.write_text(rep.doc.markdown(), encoding="utf-8")
    page = out_dir / "rapport.html"
    page.write_text(rep.doc.html(out_dir, summary["scenario"]["naam"]), encoding="utf-8")
    return [md, page, *rep.pngs]


class _Report:
    """Builds the Doc section by section from the summary; plots go to out_dir/plots."""

    def __init__(self, summary: dict, out_dir: Path) -> None:
        from . import plots
        self.plots = plots
        self.s, self.out, self.doc = summary, out_dir, Doc()
        self.pngs: list[Path] = []
        self.results = {r["sleutel"]: r for r in summary["resultaten"]}
        self.years = summary["jaren"]
        self.variants = [v["naam"] for v in summary["scenario"]["varianten"]]
        self.detail = detail_years(summary)

    def vh(self, label: str, variant: str) -> str:
        """A column header for one variant (the variant is only named when there are several)."""
        return label if len(self.variants) == 1 else f"{label} – {variant}"

    def plot(self, name: str, draw, title: str, *args) -> None:
        """Draw a PNG into plots/ and put it in the report under its title."""
        rel = Path("plots") / f"{len(self.pngs) + 1:02d}-{slug(name)}.png"
        draw(self.out / rel, title, *args)
        self.pngs.append(self.out / rel)
        self.doc.image(rel, title)

    def title(self) -> None:
        d, sc = self.doc, self.s["scenario"]
        d.h(1, f"Simulatierapport: {sc['naam']}")
        for para in re.split(r"\n\s*\n", sc["beschrijving"]):
            if para.strip():
                d.p(para)
        years = sc["jaren"]
        when = (f"op rekendatum {dmy(self.years[0]['rekendatum'])}" if len(years) == 1
                else f"over de jaren {years[0]} tot en met {years[-1]} (projectie)")
        d.items([f"Wetten: {', '.join(sc['wetten'])}", f"Berekend {when}",
                 f"Bevolking: {n(sc['personen'])} personen", f"Varianten: {', '.join(self.variants)}",
                 f"Scenariobestand: {sc['bestand']}"])
        d.p("De exacte cijfers staan in samenvatting.json in dezelfde map; dit rapport toont ze afgerond zoals "
            "de resultaten zelf.")

    def assumptions(self) -> None:
        d, sc = self.doc, self.s["scenario"]
        d.h(2, "Aannames")
        d.p("Alles wat deze berekening aanneemt naast de wetten zelf.")
        d.h(3, "Aannames in woorden")
        d.items(sc["aannames"]) if sc["aannames"] else d.p("Het scenario noemt geen aannames in woorden.")
        d.h(3, "Bevolking")
        pop = sc["populatie"]
        d.items(population_words(pop, sc["personen"]))
        if pop.get("attributen"):
            d.table(["attribuut", "verdeling", "voor wie"],
                    [[name, distribution_words(x), FOR_WHOM[x.get("voor", "volwassenen")]]
                     for name, x in pop["attributen"].items()], left=3)
        if sc.get("projectie"):
            d.h(3, "Projectie")
            d.items(projection_words(sc["projectie"]))
        d.h(3, "Parameters")
        if sc["parameters"]:
            d.p("Deze parameterwaarden gelden in alle varianten, naast of in plaats van die uit de wetten:")
            d.items([f"{k}: {number(v)}" for k, v in sc["parameters"].items()])
        else:
            d.p("Het scenario stelt geen parameters vast; alle parameterwaarden komen uit de wetten.")
        d.h(3, "Varianten")
        d.items([variant_words(v, i == 0) for i, v in enumerate(sc["varianten"])])
        d.h(3, "Resultaten")
        d.items([result_words(r) for r in self.s["resultaten"]])

    def outcomes(self) -> None:
        d = self.doc
        d.h(2, "Uitkomsten")
        if len(self.years) > 1:
            d.p(f"De bevolking is {len(self.years)} jaar doorgerekend. Eerst de reeks over alle jaren, daarna de "
                f"details voor {', '.join(str(y) for y in self.detail)}. De details van elk jaar staan in "
                f"samenvatting.json.")
            d.h(3, "Alle jaren")
            self.series_table()
        for y in self.years:
            if y["jaar"] not in self.detail:
                continue
            d.h(3, f"{y['jaar']} (rekendatum {dmy(y['rekendatum'])}, {n(y['personen'])} personen)")
            for key, r in self.results.items():
                d.h(4, r["naam"])
                rows = {v: y["varianten"][v]["resultaten"][key] for v in self.variants}
                (self.kenmerk_block if r["soort"] == "kenmerk" else self.number_block)(y["jaar"], r, rows)

    def series_table(self) -> None:
        head, cols = ["jaar", "personen"], []
        for key, r in self.results.items():
            for v in self.variants:
                if r["soort"] == "kenmerk":
                    cols.append((v, key, "waar"))
                    head.append(self.vh(f"{r['naam']}: waar", v))
                else:
                    cols += [(v, key, "niet_nul"), (v, key, "totaal_per_jaar")]
                    unit = yearly_unit(r)
                    head += [self.vh(f"{r['naam']} ≠ 0", v),
                             self.vh(f"{r['naam']} per jaar" + (f" ({unit})" if unit else ""), v)]
        rows = []
        for y in self.years:
            row = [str(y["jaar"]), n(y["personen"])]
            for v, key, field in cols:
                x = y["varianten"][v]["resultaten"][key][field]
                row.append(amount(x, decimals(self.results[key])) if field == "totaal_per_jaar" else n(x))
            rows.append(row)
        self.doc.table(head, rows)

    def number_block(self, year: int, r: dict, rows: dict) -> None:
        d, dec, unit = self.doc, decimals(r), r["eenheid"]
        u = f" ({unit})" if unit else ""
        table = [["personen met een waarde", *[n(x["personen_met_waarde"]) for x in rows.values()]],
                 ["waarvan niet nul", *[n(x["niet_nul"]) for x in rows.values()]]]
        if any(x["leeg"] for x in rows.values()):
            table.append(["zonder waarde (leeg)", *[n(x["leeg"]) for x in rows.values()]])
        if any(x.get("mislukt") for x in rows.values()):
            table.append(["niet te berekenen (fout, zie Fouten)", *[n(x.get("mislukt", 0)) for x in rows.values()]])
        table.append([f"totaal{u}", *[amount(x["totaal"], dec) for x in rows.values()]])
        if r["factor_per_jaar"] != 1:
            yu = yearly_unit(r)
            table.append([f"totaal per jaar (× {r['factor_per_jaar']}{', ' + yu if yu else ''})",
                          *[amount(x["totaal_per_jaar"], dec) for x in rows.values()]])
        table.append([f"gemiddelde van de waarden ≠ 0{u}", *[amount(x["gemiddelde_niet_nul"], 2) for x in rows.values()]])
        d.table(["", *self.variants], table)
        if any(x["decielen_niet_nul"] for x in rows.values()):
            d.p(f"Decielen van de waarden ongelijk aan nul{u}: 10% van deze personen heeft hoogstens het eerste "
                f"bedrag, 20% hoogstens het tweede, enzovoort.")
            d.table(["variant", *[f"{10 * i}%" for i in range(1, 10)]],
                    [[v, *([amount(q, dec) for q in x["decielen_niet_nul"]] or ["–"] * 9)] for v, x in rows.items()])
            panels = [(v, [float(e) for e in x["histogram_niet_nul"]["grenzen"]], x["histogram_niet_nul"]["aantallen"],
                       [float(q) for q in x["decielen_niet_nul"]]) for v, x in rows.items() if x["niet_nul"]]
            self.plot(f"verdeling-{year}-{r['sleutel']}", self.plots.distribution,
                      f"Verdeling van {r['naam']} in {year} (waarden ≠ 0)", f"{r['naam']}{u}", panels)
        else:
            d.p(f"In {year} heeft niemand een waarde ongelijk aan nul.")
        self.group_tables(rows, ["personen", "≠ 0", f"totaal{u}"], ["0", "0", "0"],
                          lambda g: [n(g["personen"]), n(g["niet_nul"]), amount(g["totaal"], dec)])

    def kenmerk_block(self, year: int, r: dict, rows: dict) -> None:
        d = self.doc
        d.table(["", *self.variants], [["personen", *[n(x["personen"]) for x in rows.values()]],
                                       [f"waarvan '{r['naam']}'", *[n(x["waar"]) for x in rows.values()]],
                                       ["aandeel", *[pct(x["waar"], x["personen"]) for x in rows.values()]]])
        self.group_tables(rows, ["personen", f"'{r['naam']}'", "aandeel"], ["0", "0", "–"],
                          lambda g: [n(g["personen"]), n(g["waar"]), pct(g["waar"], g["personen"])])

    def group_tables(self, rows: dict, heads: list[str], empty: list[str], cells) -> None:
        """Per grouping a table: a row per group, `heads` columns per variant filled by cells(group row)."""
        for gname, labels in groupings(rows):
            self.doc.p(f"Naar {gname}:")
            body = []
            for label in labels:
                row = [label]
                for x in rows.values():
                    g = next((g for g in x["groepen"].get(gname, []) if g["groep"] == label), None)
                    row += cells(g) if g else empty
                body.append(row)
            self.doc.table(["groep", *[self.vh(h, v) for v in self.variants for h in heads]], body)

    def winners(self) -> None:
        d = self.doc
        d.h(2, "Winnaars en verliezers")
        if len(self.variants) < 2:
            d.p("Het scenario heeft één variant; er is geen hervorming om mee te vergelijken.")
            return
        base = self.variants[0]
        d.p(f"Elke variant is vergeleken met de basisvariant '{base}', op dezelfde personen. Een winnaar ontvangt in "
            f"de variant meer (of betaalt minder) dan in de basisvariant, een verliezer ontvangt minder (of betaalt "
            f"meer). Winst en verlies zijn de bedragen van dat verschil, opgeteld.")
        for y in self.years:
            if y["jaar"] not in self.detail:
                continue
            for v in self.variants[1:]:
                d.h(3, f"{v} tegenover {base}" + (f" ({y['jaar']})" if len(self.years) > 1 else ""))
                self.diff_block(y["jaar"], v, y["winnaars_verliezers"][v])

    def diff_block(self, year: int, variant: str, wv: dict) -> None:
        d = self.doc
        numeric = [k for k, r in self.results.items() if r["soort"] != "kenmerk"]
        for k, r in self.results.items():
            if r["soort"] == "kenmerk":
                x = wv[k]
                d.p(f"'{r['naam']}': {n(x['winnaars'])} personen krijgen het erbij, {n(x['verliezers'])} verliezen "
                    f"het, bij {n(x['gelijk'])} blijft het gelijk.")
        if not numeric:
            return
        head = [""] + [self.results[k]["naam"] + (f" ({self.results[k]['eenheid']})" if self.results[k]["eenheid"]
                                                  else "") for k in numeric]
        rows = [["winnaars", *[n(wv[k]["winnaars"]) for k in numeric]],
                ["verliezers", *[n(wv[k]["verliezers"]) for k in numeric]],
                ["gelijk", *[n(wv[k]["gelijk"]) for k in numeric]],
                ["winst, opgeteld", *[amount(wv[k]["winst"], decimals(self.results[k])) for k in numeric]],
                ["verlies, opgeteld", *[amount(wv[k]["verlies"], decimals(self.results[k])) for k in numeric]],
                ["netto voor de personen", *[amount(wv[k]["netto_voor_personen"], decimals(self.results[k]))
                                             for k in numeric]]]
        if any(self.results[k]["factor_per_jaar"] != 1 for k in numeric):
            rows.append(["netto per jaar", *[amount(wv[k]["netto_voor_personen_per_jaar"], decimals(self.results[k]))
                                             for k in numeric]])
        d.table(head, rows)
        for k in numeric:
            r, x, dec = self.results[k], wv[k], decimals(self.results[k])
            panels = []
            for gname, groups in x["groepen"].items():
                if not groups:
                    continue
                d.p(f"{r['naam']} naar {gname}:")
                d.table(["groep", "winnaars", "verliezers", "winst", "verlies", "netto"],
                        [[g["groep"], n(g["winnaars"]), n(g["verliezers"]), amount(g["winst"], dec),
                          amount(g["verlies"], dec), amount(str(Fraction(g["winst"]) - Fraction(g["verlies"])), dec)]
                         for g in groups])
                panels.append((f"naar {gname}", [g["groep"] for g in groups], [g["winnaars"] for g in groups],
                               [g["verliezers"] for g in groups]))
            if x["winnaars"] or x["verliezers"]:
                panels = panels or [("alle personen", ["alle personen"], [x["winnaars"]], [x["verliezers"]])]
                self.plot(f"winnaars-{year}-{variant}-{k}", self.plots.winners_losers,
                          f"Winnaars en verliezers: {r['naam']}, {variant} ({year})", panels)

    def projection(self) -> None:
        d, series = self.doc, self.s.get("reeksen")
        d.h(2, "Projectie")
        if not series:
            d.p("Het scenario rekent één jaar door; er is geen projectie over meerdere jaren.")
            return
        end = self.years[-1]["jaar"]
        d.p("Per jaar het aantal ontvangers en de kosten in dat jaar. 'Resterend vanaf dit jaar' is de som van de "
            f"kosten van dat jaar tot en met {end}, het laatste jaar van de projectie (niet verdisconteerd).")
        for key, r in self.results.items():
            if r["soort"] == "kenmerk":
                continue
            d.h(3, r["naam"])
            unit, dec = yearly_unit(r), decimals(r)
            lines = [(v, series[v][key]["jaren"], series[v][key]["ontvangers"],
                      [float(c) for c in series[v][key]["kosten_per_jaar"]], series[v][key]["laatste_jaar_met_betaling"])
                     for v in self.variants]
            self.plot(f"reeks-{key}", self.plots.series, f"{r['naam']}: ontvangers en kosten per jaar", unit, lines)
            for v in self.variants:
                x = series[v][key]
                if len(self.variants) > 1:
                    d.h(4, f"variant {v}")
                last = x["laatste_jaar_met_betaling"]
                d.p(f"Laatste jaar met een betaling: {last}." if last is not None
                    else "In geen enkel jaar van de projectie is er een betaling.")
                if x["loopt_door_na_projectie"]:
                    d.note(f"Let op: in {end}, het laatste jaar van de projectie, krijgen nog {n(x['ontvangers'][-1])} "
                           f"personen een betaling. Wat na {end} wordt betaald is niet doorgerekend; de resterende "
                           f"kosten zijn dus hoger dan hier staat.")
                upto = len(x["jaren"]) if last is None or x["loopt_door_na_projectie"] else \
                    min(len(x["jaren"]), x["jaren"].index(last) + 2)
                u = f" ({unit})" if unit else ""
                d.table(["jaar", "ontvangers", f"kosten per jaar{u}", f"resterend vanaf dit jaar{u}"],
                        [[str(x["jaren"][i]), n(x["ontvangers"][i]), amount(x["kosten_per_jaar"][i], dec),
                          amount(x["resterend_vanaf"][i], dec)] for i in range(upto if last is not None else 0)])
                if last is not None and upto < len(x["jaren"]):
                    d.p(f"Van {x['jaren'][upto]} tot en met {end} zijn er geen betalingen meer.")

    def buy_out(self) -> None:
        d, a = self.doc, self.s.get("afkoop")
        d.h(2, "Afkoop")
        if a is None:
            d.p("Het scenario bevat geen afkoopberekening.")
            return
        if "fout" in a:
            d.note(f"De afkoop kon niet worden berekend: {a['fout']}.")
            return
        r = self.results.get(a["resultaat"].lower())
        unit = yearly_unit(r) if r else "€"
        d.p(f"Wat kost het om '{a['resultaat']}' (variant '{a['variant']}') in {a['vanaf']} af te kopen, in plaats "
            f"van de regeling te laten uitlopen?")
        d.p("De contante waarde is wat alle toekomstige betalingen in het afkoopjaar waard zijn: een bedrag dat "
            "later wordt betaald telt minder, teruggerekend met de rentevoet per jaar. Het break-evenbedrag is het "
            "eenmalige bedrag per ontvanger waarbij afkopen precies evenveel kost als de regeling laten doorlopen.")
        rows = [["afkoopjaar", str(a["vanaf"])], ["rentevoet (disconteringsvoet)", f"{number(a['rentevoet'])}% per jaar"],
                ["uitvoeringskosten per jaar, zolang er ontvangers zijn", money(a["uitvoeringskosten_per_jaar"], 2, "€")],
                ["ontvangers in het afkoopjaar", n(a["ontvangers_bij_afkoop"])],
                ["contante waarde van de betalingen", money(a["contante_waarde_betalingen"], 2, unit)],
                ["contante waarde van de uitvoeringskosten", money(a["contante_waarde_uitvoering"], 2, "€")],
                ["contante waarde, totaal", money(a["contante_waarde_totaal"], 2, unit)],
                ["break-evenbedrag per ontvanger", money(a["break_even_per_ontvanger"], 2, unit)]]
        if "afkoopsom" in a:
            saving = Fraction(a["besparing_door_afkoop"])
            rows += [["eenmalige betaling per ontvanger", money(a["eenmalige_betaling_per_ontvanger"], 2, unit)],
                     ["afkoopsom (alle ontvangers)", money(a["afkoopsom"], 2, unit)],
                     ["besparing door afkoop" if saving >= 0 else "extra kosten door afkoop",
                      money(str(abs(saving)), 2, unit)]]
        d.table(["", "waarde"], rows)
        if a["reeks_loopt_door_na_projectie"]:
            d.note("Let op: in het laatste jaar van de projectie wordt nog betaald; latere betalingen zitten niet in de "
                   "contante waarde, die is dus te laag.")

    def rules(self) -> None:
        d, y = self.doc, self.years[0]
        d.h(2, "Regels en artikelen")
        d.p(f"Hoeveel personen elke regel en elk wetsartikel in {y['jaar']} een waarde gaf (een persoon telt één "
            f"keer per regel en één keer per artikel).")
        for title, field, name in (("Regels", "regels", "regel"), ("Artikelen", "artikelen", "artikel")):
            d.h(3, title)
            counts = {v: {x[name]: x["personen"] for x in y["varianten"][v][field]} for v in self.variants}
            names = list(dict.fromkeys(k for v in self.variants for k in counts[v]))
            if not names:
                d.p("Geen van de regels verwijst naar een wetsartikel." if field == "artikelen"
                    else "Geen enkele regel gaf een waarde.")
                continue
            d.table([name, *[self.vh("personen", v) for v in self.variants]],
                    [[k, *[n(counts[v].get(k, 0)) for v in self.variants]] for k in names])

    def errors(self) -> None:
        d = self.doc
        d.h(2, "Fouten")
        rows = [[str(y["jaar"]), v, f["code"], f["omschrijving"], f["attribuut"], f["regels"],
                 ", ".join(str(i) for i in f["voorbeelden"]), n(f["personen"])]
                for y in self.years for v in self.variants for f in y["varianten"][v]["fouten"]]
        if not rows:
            d.p("Er zijn geen fouten: voor elke persoon, in elk jaar en in elke variant konden alle regels worden "
                "toegepast.")
            return
        d.p("Voor deze personen kon een regel niet worden toegepast. Zij zijn geteld en de berekening is "
            "doorgegaan; de voorbeelden zijn de nummers (id) van enkele van die personen.")
        d.table(["jaar", "variant", "code", "omschrijving", "attribuut", "regels", "voorbeelden (id)", "personen"],
                rows[:MAX_ERROR_ROWS], left=7)
        if len(rows) > MAX_ERROR_ROWS:
            d.p(f"En nog {n(len(rows) - MAX_ERROR_ROWS)} regels; ze staan allemaal in samenvatting.json.")

    def run(self, info: dict) -> None:
        d = self.doc
        d.h(2, "Uitvoering")
        engine = info.get("engine") or "lokaal"
        procs, chunk = info.get("processen"), info.get("deel")
        d.items([f"Rekenwijze: {ENGINES.get(engine, engine)}",
                 f"Processen: {n(procs) if procs else 'alle kernen van de machine'}",
                 *([f"Personen per deel: {n(chunk)}"] if chunk else [])])
        secs = info.get("seconden") or {}
        if secs:
            d.table(["fase", "seconden"], [[PHASES.get(k, k), format_number(Fraction(f"{v:.2f}"), 2, thousands=True)]
                                          for k, v in secs.items()])
        d.p("De rekentijden verschillen per run en per machine, de uitkomsten niet: hetzelfde scenario met hetzelfde "
            "zaad geeft dezelfde samenvatting, welke rekenwijze, welk aantal processen of welke deelgrootte ook.")


def detail_years(summary: dict) -> list[int]:
    """The years shown in detail: all of one to three; else the first, the buy-out year, each last year with a
    payment and the last year (the middle year too while that makes fewer than four)."""
    years = [y["jaar"] for y in summary["jaren"]]
    if len(years) <= 3:
        return years
    pick = {years[0], years[-1]}
    buy = (summary.get("afkoop") or {}).get("vanaf")
    pick |= {buy} & set(years)
    pick |= {s["laatste_jaar_met_betaling"] for per in summary.get("reeksen", {}).values() for s in per.values()
             if s["laatste_jaar_met_betaling"] is not None}
    if len(pick) < 4:
        pick.add(years[len(years) // 2])
    return sorted(pick)


def groupings(rows: dict) -> list[tuple[str, list[str]]]:
    """(grouping, labels in order) over the variants' results; empty groupings are left out."""
    out: dict[str, dict] = {}
    for x in rows.values():
        for gname, groups in x["groepen"].items():
            out.setdefault(gname, {}).update({g["groep"]: None for g in groups})
    return [(g, list(labels)) for g, labels in out.items() if labels]


def slug(text: str) -> str:
    """A file-name part: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"

"""The scenario's assumptions in Dutch words: distributions, population, projection, variants and results.

In: the parts of the scenario as dumped in the summary (``summary["scenario"]``) and the result descriptions.
Out: Dutch sentences (a string, or a list of them) for the report's "Aannames" section.
"""
from __future__ import annotations

from fractions import Fraction

from .dutch import n, number, pct

FOR_WHOM = {"iedereen": "iedereen", "volwassenen": "volwassenen", "hoofd": "hoofd van het huishouden",
            "partner": "partners", "kind": "kinderen"}


def distribution_words(x: dict) -> str:
    """A distribution from the scenario (as dumped in the summary) in Dutch words."""
    kind = x.get("verdeling")
    if "waarde" in x:
        text = f"voor iedereen {number(x['waarde'])}"
    elif "kans" in x:
        text = f"waar met kans {pct(x['kans'])}"
    elif kind == "uniform":
        text = f"gelijk verdeeld van {number(x['van'])} tot {number(x['tot'])}"
    elif kind == "normaal":
        text = f"normaal verdeeld, gemiddelde {number(x['gemiddelde'])}, standaardafwijking {number(x['sd'])}"
    elif kind == "lognormaal":
        text = f"lognormaal verdeeld, mediaan {number(x['mediaan'])}, spreiding (sigma) {number(x['sigma'])}"
    elif kind == "keuze":
        total = sum(Fraction(str(k)) for k in x["kansen"])
        text = "een van: " + ", ".join(f"{number(w)} ({pct(k, total)})" for w, k in zip(x["waarden"], x["kansen"]))
    elif kind == "tabel":
        total = sum(Fraction(str(k[2])) for k in x["klassen"])
        text = "in klassen: " + ", ".join(f"{number(a)} tot {number(b)}: {pct(w, total)}" for a, b, w in x["klassen"])
    elif kind == "poisson":
        text = f"Poisson-verdeeld, gemiddelde {number(x['gemiddelde'])}"
    else:
        text = str(kind)
    extra = [f"{pct(x['nul'])} precies 0" if x.get("nul") else "", f"{pct(x['leeg'])} leeg" if x.get("leeg") else "",
             f"minstens {number(x['min'])}" if x.get("min") is not None else "",
             f"hoogstens {number(x['max'])}" if x.get("max") is not None else "",
             f"afgerond op {x['afronden']} decimalen" if x.get("afronden") is not None else "",
             "de partner krijgt dezelfde waarde als het hoofd" if x.get("partner") == "gelijk" else ""]
    if x.get("per"):
        bands = "; ".join(f"{number(b['van'])} tot {number(b['tot'])}: " + ", ".join(
            f"{k} {number(v)}" for k, v in b.items() if k not in ("van", "tot")) for b in x["per"]["klassen"])
        extra.append(f"andere waarden per klasse van {x['per']['attribuut']} ({bands})")
    return "; ".join([text, *[e for e in extra if e]])


def population_words(pop: dict, persons: int) -> list[str]:
    """The population settings as Dutch sentences (attributes are listed separately)."""
    out = [(f"Omvang: {n(persons)} personen. Startgetal van het toeval (zaad): {pop.get('zaad', 0)}; hetzelfde "
            f"zaad geeft dezelfde bevolking.")]
    if pop.get("bestand"):
        out.append(f"De personen komen uit het bestand {pop['bestand']}.")
    if pop.get("leeftijd"):
        out.append(f"Leeftijd op de eerste rekendatum (jaren): {distribution_words(pop['leeftijd'])}.")
    p = pop.get("partners")
    if p and pop.get("bestand"):
        out.append(f"Partners (feittype '{p['feittype']}') volgens de kolom 'partner' van het bestand.")
    elif p:
        chance = (f"kans op een partner {pct(p['kans'])}" if p.get("kans") is not None else
                  "kans op een partner per leeftijd van het hoofd: " + ", ".join(
                      f"{number(a)} tot {number(b)} jaar {pct(k)}" for a, b, k in p["kans_per_leeftijd"]))
        older = f" en jonger dan {number(p['maximumleeftijd'])} jaar" if p.get("maximumleeftijd") is not None else ""
        out.append(f"Partners (feittype '{p['feittype']}'): {chance}; leeftijd van het hoofd min die van de partner: "
                   f"{distribution_words(p['leeftijdsverschil'])}; partners zijn minstens "
                   f"{number(p.get('minimumleeftijd', 18))} jaar{older}.")
    else:
        out.append("Geen partners: iedereen is alleenstaand.")
    if pop.get("kinderen"):
        out.append(f"Kinderen per huishouden met een hoofd van 20 tot 50 jaar: "
                   f"{distribution_words(pop['kinderen']['aantal'])}.")
    if not pop.get("attributen"):
        out.append("Er worden geen attributen getrokken.")
    return out


def projection_words(p: dict) -> list[str]:
    """The projection settings as Dutch sentences."""
    out = [(f"Jaren {p['van']} tot en met {p['tot']}, elk jaar op {p.get('peildatum', '01-01')}; tussen de "
            f"jaren worden de personen een jaar ouder (geboortedata blijven gelijk).")]
    m = p.get("sterfte")
    if not m:
        out.append("Sterfte: niet gemodelleerd; niemand overlijdt.")
    elif m.get("model") == "tabel":
        ages = sorted(m["tabel"].items(), key=lambda kv: int(kv[0]))
        out.append("Sterftekans per jaar naar leeftijd (tabel): " + ", ".join(f"{a} jaar {pct(q)}" for a, q in ages)
                   + ".")
    else:
        out.append(f"Sterftekans per jaar op leeftijd x (Gompertz): a·e^(b·x) met a = {number(m['a'])} en "
                   f"b = {number(m['b'])}.")
    if p.get("indexatie"):
        out.append("Groei per jaar: " + ", ".join(f"{k} {number(v)}%" for k, v in p["indexatie"].items()) + ".")
    par = p.get("parameters") or {}
    if par.get("buiten_bereik") == "dichtstbijzijnde":
        out.append(f"Een jaar waarvoor geen parameterset geldt, gebruikt de dichtstbijzijnde set; bedragen (€) groeien "
                   f"vanaf die set met {number(par.get('indexatie', 0))}% per jaar.")
    else:
        out.append("Een jaar waarvoor geen parameterset geldt, geeft een fout.")
    if p.get("bij_overlijden_partner"):
        out.append("Bij overlijden van de partner krijgt de achterblijver: " + ", ".join(
            f"{k} = {number(v)}" for k, v in p["bij_overlijden_partner"].items()) + ".")
    return out


def variant_words(v: dict, base: bool) -> str:
    """One variant and its changes in a sentence."""
    changes = [f"parameter {k} = {number(x)}" for k, x in v["parameters"].items()]
    changes += [f"andere wetten: {', '.join(v['wetten'])}"] if v["wetten"] else []
    changes += [f"voor iedereen {k} = {number(x)}" for k, x in v["invoer"].items()]
    text = v["naam"] + (" (basisvariant, de referentie)" if base else "") + ": "
    text += "; ".join(changes) if changes else "geen wijzigingen"
    return text + (f". {v['beschrijving']}" if v["beschrijving"] else "")


def result_words(r: dict) -> str:
    """What a result is and how it is counted."""
    if r["soort"] == "kenmerk":
        return f"{r['naam']}: kenmerk; geteld wordt voor hoeveel personen het geldt"
    unit = f" in {r['eenheid']}" if r["eenheid"] else ""
    year = f"; jaarbedrag = {r['factor_per_jaar']} × het bedrag" if r["factor_per_jaar"] != 1 else ""
    side = ("een betaling door de persoon (meer is verlies)" if r["richting"] == "betaling"
            else "een ontvangst voor de persoon (meer is winst)")
    return f"{r['naam']}{unit}, {side}{year}"

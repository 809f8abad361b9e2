"""The summary of a simulation as plain JSON data: per year and variant, per result, with the projection
series and the buy-out business case.

In: a ``Job`` and the merged ``Partial``.  Out: a dict (JSON-ready, deterministic: no timings, no engine).
Amounts are exact decimal strings with a point (``"1234.56"``), in the result's unit; ``per_jaar`` fields
multiply by the result's factor (12 for monthly amounts).  The report (``report.py``) renders this in Dutch.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..codes import meaning
from . import aggregate as A
from .job import Job
from .scenario import BuyOut

DECILES = [i / 10 for i in range(1, 10)]


def amount(x: Fraction | int, decimals: int) -> str:
    """Exact decimal text of x (rounded half away from zero to `decimals` when it has more)."""
    x = Fraction(x)
    scale = 10 ** decimals
    n = abs(x) * scale
    q = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    sign = "-" if x < 0 and q else ""
    whole, frac = divmod(q, scale)
    return f"{sign}{whole}" + (f".{frac:0{decimals}d}" if decimals else "")


def summarize(job: Job, p: A.Partial) -> dict:
    """The JSON summary (see the module docstring)."""
    sc = job.scenario
    results = [{"sleutel": r.key, "naam": r.name, "soort": "kenmerk" if r.kind == "kenmerk" else "getal",
                "eenheid": r.unit, "decimalen": r.decimals, "factor_per_jaar": r.factor,
                "richting": "betaling" if r.pays else "ontvangst"} for r in job.results]
    years = []
    for yi, on in enumerate(job.dates):
        variants = {}
        for v in job.variants:
            variants[v.name] = _variant(job, p, yi, v.name)
        year = {"jaar": on.year, "rekendatum": on.isoformat(), "personen": p.persons.get(yi, 0),
                "varianten": variants}
        if len(job.variants) > 1:
            year["winnaars_verliezers"] = {v.name: _diffs(job, p, yi, v.name) for v in job.variants[1:]}
        years.append(year)
    out: dict[str, Any] = {"scenario": _scenario(job), "resultaten": results, "jaren": years}
    if len(job.dates) > 1:
        out["reeksen"] = _series(job, years)
    if sc.afkoop is not None:
        out["afkoop"] = _buy_out(job, sc.afkoop, out.get("reeksen", {}))
    return out


def _scenario(job: Job) -> dict:
    sc = job.scenario
    pop = sc.populatie
    return {
        "naam": sc.naam, "beschrijving": sc.beschrijving.strip(), "bestand": job.scenario_path,
        "aannames": list(sc.aannames), "wetten": list(sc.wetten),
        "jaren": [d.year for d in job.dates], "personen": sum(job.blocks), "zaad": pop.zaad,
        "populatie": pop.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "projectie": sc.projectie.model_dump(mode="json", exclude_none=True) if sc.projectie else None,
        "parameters": {k: str(v) for k, v in sc.parameters.items()},
        "varianten": [{"naam": v.naam, "beschrijving": v.beschrijving or "",
                       "parameters": {k: str(x) for k, x in v.parameters.items()},
                       "wetten": list(v.wetten or []), "invoer": {k: str(x) for k, x in v.invoer.items()}}
                      for v in sc.varianten],
    }


def _variant(job: Job, p: A.Partial, yi: int, name: str) -> dict:
    res = {}
    for r in job.results:
        s = p.stats.get((yi, name, r.key), A.Stat())
        d = r.places
        scale = 10 ** d
        if r.kind == "kenmerk":
            res[r.key] = {"personen": s.count, "waar": s.nonzero, "mislukt": s.failed, "groepen": _groups(job, p, (yi, name, r.key), d, True)}
            continue
        total = Fraction(s.total, scale)
        edges, counts = A.histogram(s.values, s.counts, job.scenario.uitvoer.histogram_klassen)
        res[r.key] = {
            "personen_met_waarde": s.count, "niet_nul": s.nonzero, "leeg": s.leeg, "mislukt": s.failed,
            "totaal": amount(total, d), "totaal_per_jaar": amount(total * r.factor, d),
            "gemiddelde_niet_nul": amount(total / s.nonzero, 2) if s.nonzero else None,
            "decielen_niet_nul": [amount(Fraction(x, scale), d) for x in A.quantiles(s.values, s.counts, DECILES)],
            "histogram_niet_nul": {"grenzen": [amount(Fraction(e, scale), d) for e in edges], "aantallen": counts},
            "groepen": _groups(job, p, (yi, name, r.key), d, False),
        }
    rules = sorted(((k[2], n) for k, n in p.rules.items() if k[:2] == (yi, name)), key=lambda x: (-x[1], x[0]))
    arts = sorted(((k[2], n) for k, n in p.articles.items() if k[:2] == (yi, name)), key=lambda x: (-x[1], x[0]))
    errors = sorted(((k[2:], v) for k, v in p.errors.items() if k[:2] == (yi, name)), key=lambda x: x[0])
    return {
        "resultaten": res,
        "regels": [{"regel": r, "personen": n} for r, n in rules],
        "artikelen": [{"artikel": a, "personen": n} for a, n in arts],
        "fouten": [{"code": c, "omschrijving": meaning(c), "attribuut": attr, "regels": rules_,
                    "personen": v[0], "voorbeelden": v[1]} for (c, attr, rules_), v in errors],
    }


def _groups(job: Job, p: A.Partial, key: tuple, d: int, kenmerk: bool) -> dict:
    out = {}
    for g in job.scenario.uitvoer.groepen:
        rows = [(k[4], v) for k, v in p.groups.items() if k[:3] == key and k[3] == g.naam]
        rows.sort(key=lambda kv: _label_order(kv[0]))
        if kenmerk:
            out[g.naam] = [{"groep": label, "personen": v[0], "waar": v[1]} for label, v in rows]
        else:
            out[g.naam] = [{"groep": label, "personen": v[0], "niet_nul": v[1],
                            "totaal": amount(Fraction(v[2], 10 ** d), d)} for label, v in rows]
    return out


def _label_order(label: str):
    """Band labels in numeric order ('jonger dan 18' first, '… en ouder' last), other labels alphabetically."""
    import re
    m = re.search(r"-?\d[\d.]*(,\d+)?", label)
    first = label.startswith(("jonger", "minder"))
    number = float(m.group(0).replace(".", "").replace(",", ".")) if m else 0.0
    return (0 if m else 1, number, 0 if first else 1, label)


def _diffs(job: Job, p: A.Partial, yi: int, name: str) -> dict:
    out = {}
    for r in job.results:
        d = r.places
        scale = 10 ** d
        w = p.diffs.get((yi, name, r.key), [0, 0, 0, 0])
        persons = p.persons.get(yi, 0)
        groups = {}
        for g in job.scenario.uitvoer.groepen:
            rows = sorted(((k[4], v) for k, v in p.diff_groups.items()
                           if k[:3] == (yi, name, r.key) and k[3] == g.naam), key=lambda kv: _label_order(kv[0]))
            groups[g.naam] = [{"groep": label, "winnaars": v[0], "verliezers": v[1],
                               "winst": amount(Fraction(v[2], scale), d), "verlies": amount(Fraction(v[3], scale), d)}
                              for label, v in rows]
        out[r.key] = {"winnaars": w[0], "verliezers": w[1], "gelijk": persons - w[0] - w[1],
                      "winst": amount(Fraction(w[2], scale), d), "verlies": amount(Fraction(w[3], scale), d),
                      "netto_voor_personen": amount(Fraction(w[2] - w[3], scale), d),
                      "netto_voor_personen_per_jaar": amount(Fraction((w[2] - w[3]) * r.factor, scale), d),
                      "groepen": groups}
    return out


def _series(job: Job, years: list[dict]) -> dict:
    """Per variant and numeric result: recipients and yearly cost per year, last year with a payment, and the
    remaining cost from each year on (undiscounted)."""
    out = {}
    for v in job.variants:
        per = {}
        for r in job.results:
            if r.kind == "kenmerk":
                continue
            d = r.places
            rows = [y["varianten"][v.name]["resultaten"][r.key] for y in years]
            yearly = [Fraction(x["totaal_per_jaar"]) for x in rows]
            remaining, acc = [], Fraction(0)
            for x in reversed(yearly):
                acc += x
                remaining.append(acc)
            remaining.reverse()
            paying = [y["jaar"] for y, x in zip(years, rows) if x["niet_nul"]]
            per[r.key] = {"jaren": [y["jaar"] for y in years], "ontvangers": [x["niet_nul"] for x in rows],
                          "kosten_per_jaar": [amount(x, d) for x in yearly],
                          "resterend_vanaf": [amount(x, d) for x in remaining],
                          "laatste_jaar_met_betaling": paying[-1] if paying else None,
                          "loopt_door_na_projectie": bool(rows and rows[-1]["niet_nul"])}
        out[v.name] = per
    return out


def _buy_out(job: Job, b: BuyOut, series: dict) -> dict:
    """Present value of the remaining payments plus the running cost, against a one-time payment."""
    variant = b.variant or job.variants[0].name
    s = series.get(variant, {}).get(b.resultaat.lower())
    if s is None:
        return {"fout": f"geen reeks voor '{b.resultaat}' in variant '{variant}' (alleen bij een projectie)"}
    rate = 1 + Fraction(str(b.rentevoet)) / 100
    running = Fraction(str(b.uitvoeringskosten_per_jaar))
    pv_pay, pv_run, rows = Fraction(0), Fraction(0), []
    recipients_at = None
    for year, n, cost in zip(s["jaren"], s["ontvangers"], s["kosten_per_jaar"]):
        if year < b.vanaf:
            continue
        if recipients_at is None:
            recipients_at = n
        disc = rate ** (year - b.vanaf)
        pv_pay += Fraction(cost) / disc
        pv_run += (running if n else 0) / disc
        rows.append(year)
    if recipients_at is None:
        return {"fout": f"het afkoopjaar {b.vanaf} ligt buiten de projectie"}
    total = pv_pay + pv_run
    out = {"resultaat": b.resultaat, "variant": variant, "vanaf": b.vanaf, "rentevoet": str(b.rentevoet),
           "uitvoeringskosten_per_jaar": amount(running, 2), "ontvangers_bij_afkoop": recipients_at,
           "contante_waarde_betalingen": amount(pv_pay, 2), "contante_waarde_uitvoering": amount(pv_run, 2),
           "contante_waarde_totaal": amount(total, 2),
           "break_even_per_ontvanger": amount(total / recipients_at, 2) if recipients_at else None,
           "reeks_loopt_door_na_projectie": s["loopt_door_na_projectie"]}
    if b.eenmalige_betaling is not None:
        pay = Fraction(str(b.eenmalige_betaling)) * recipients_at
        out["eenmalige_betaling_per_ontvanger"] = amount(Fraction(str(b.eenmalige_betaling)), 2)
        out["afkoopsom"] = amount(pay, 2)
        out["besparing_door_afkoop"] = amount(total - pay, 2)
    return out

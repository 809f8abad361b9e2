"""Speed of the compiled backends for the zorgtoeslag: vectorized numpy over populations, one case scalar.

    python benchmarks/compile.py            # 10^6 persons
    python benchmarks/compile.py --groot    # also 10^7 persons (takes a few minutes and ~10 GB)

Prints, measured in this run:
* the generated numpy kernel (regelspraak.backends.numpy) against a hand-written numpy implementation of
  the same formula on the same arrays (exact too: integer cents, the same rounding), time per run and
  ratio, and the peak memory of each (tracemalloc peak of the kernel, in a fresh subprocess per variant);
  the two results are compared value by value;
* one zorgtoeslag case through the interpreter with its explanation, and through the scalar compiled
  module (regelspraak.backends.python) when it exists;
* OpenFisca, when openfisca_core is importable (otherwise one line says it is skipped).

Targets (issue): numpy kernel <= 1.3x the hand-written time and <= 1.5x its peak memory; interpreter with
explanation <= 1 ms per case; compiled scalar <= 20 us per case.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

REKENDATUM = date(2025, 1, 1)
# the parameters of Zorgtoeslag 2025 (laws/zorgtoeslag/parameters.rgs), in cents / thousandths of a percent
P = dict(leeftijd=18, drempel=2_840_600, standaard=211_200, pct_alleen=1_896, pct_partner=4_273, pct_ti=13_700,
         grens_alleen=14_189_600, grens_partner=17_942_900, ondergrens=24)


# ---------------------------------------------------------------------------- synthetic population

def arrays(n: int, seed: int = 1) -> dict:
    """Synthetic persons: incomes (cents), capital, birth dates, verzekerd, ~40 % in a couple."""
    rng = np.random.default_rng(seed)
    inkomen = (rng.lognormal(10.2, 0.7, n) * 100).astype(np.int64)
    inkomen[rng.random(n) < 0.05] = 0
    vermogen = np.where(rng.random(n) < 0.8, 0, (rng.lognormal(11, 1.2, n) * 100).astype(np.int64))
    born = rng.integers(date(1930, 1, 1).toordinal(), date(2010, 12, 31).toordinal(), n, dtype=np.int64)
    verzekerd = rng.random(n) < 0.97
    perm = rng.permutation(n)
    pairs = int(n * 0.2)
    aanvrager, partner = perm[:pairs], perm[pairs:2 * pairs]
    return dict(n=n, inkomen=inkomen, vermogen=vermogen, born=born, verzekerd=verzekerd,
                aanvrager=np.sort(aanvrager), partner=partner[np.argsort(aanvrager)])


def population(a: dict):
    from regelspraak import vector as rt
    persons = rt.Table(a["n"], columns={
        "toetsingsinkomen": rt.Num.fixed(a["inkomen"], 2),
        "rendementsgrondslag": rt.Num.fixed(a["vermogen"], 2),
        "geboortedatum": rt.Date.of(a["born"]),
    }, kenmerken={"verzekerd": a["verzekerd"]})
    facts = [rt.Facts("toeslagpartnerschap", [("aanvrager", "Persoon", a["aanvrager"]),
                                              ("toeslagpartner", "Persoon", a["partner"])])]
    return rt.Population({"Persoon": persons}, facts)


# ---------------------------------------------------------------------------- hand-written baseline

def _ym(ordinals):
    """Year and month of day numbers, integer civil-from-days (the fast way; datetime64 casts are 3x slower)."""
    z = (ordinals + 305).astype(np.int32)
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    late = mp >= 10
    return yoe + era * 400 + late, mp + 3 - 12 * late


def _first_of_month(ym):
    """Day number of the first day of month ym = year·12 + month − 1 (integer days-from-civil)."""
    y, m = ym // 12, ym % 12 + 1
    early = m <= 2
    y = y - early
    mp = m - 3 + 12 * early
    era = y // 400
    yoe = y - era * 400
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + (153 * mp + 2) // 5 - 305


def handwritten(a: dict, rekendatum: date = REKENDATUM) -> dict:
    """The zorgtoeslag 2025 for every person, written by hand with exact integers (same outputs as the rules)."""
    n = a["n"]
    ink, verm, verz = a["inkomen"], a["vermogen"], a["verzekerd"]
    is_aanvrager = np.zeros(n, bool)
    is_aanvrager[a["aanvrager"]] = True
    is_partner = np.zeros(n, bool)
    is_partner[a["partner"]] = True
    partner = np.full(n, -1, np.int64)
    partner[a["aanvrager"]] = a["partner"]
    heeft = partner >= 0
    p = np.where(heeft, partner, 0)
    # art. 1: meerderjarig from the first day of the month after the 18th birthday
    y, m = _ym(a["born"])
    ym = y * 12 + (m - 1) + 12 * P["leeftijd"] + 1
    meerderjarigheidsdatum = _first_of_month(ym)
    meerderjarig = rekendatum.toordinal() >= meerderjarigheidsdatum
    # art. 2 and 3
    gez_ink = ink + np.where(heeft, ink[p], 0)
    gez_verm = verm + np.where(heeft, verm[p], 0)
    pct = np.where(is_aanvrager, P["pct_partner"], P["pct_alleen"])              # 3 decimals
    grens = np.where(is_aanvrager, P["grens_partner"], P["grens_alleen"])        # cents
    boven = np.maximum(gez_ink - P["drempel"], 0)                               # cents
    norm7 = pct * P["drempel"] + P["pct_ti"] * boven                             # 10^-7 euro
    normpremie = (norm7 + 50_000) // 100_000                                     # cents, half up (>= 0)
    dubbel = np.maximum(2 * P["standaard"] - normpremie, 0)
    berekend4 = np.where(is_aanvrager,
                         np.where(verz[p] & heeft, dubbel * 100, dubbel * 50),
                         np.maximum(P["standaard"] - normpremie, 0) * 100)       # 10^-4 euro
    afgerond = (berekend4 + 5_000) // 10_000                                     # euro, half up (>= 0)
    recht = verz & meerderjarig & ~is_partner & (gez_verm <= grens)
    zorgtoeslag = np.where(recht & (afgerond >= P["ondergrens"]), afgerond, 0)
    return dict(meerderjarigheidsdatum=meerderjarigheidsdatum, meerderjarig=meerderjarig, gez_ink=gez_ink,
                gez_verm=gez_verm, drempelpercentage=pct, vermogensgrens=grens, normpremie=normpremie,
                berekend=berekend4, afgerond=afgerond, recht=recht, zorgtoeslag=zorgtoeslag)


# ---------------------------------------------------------------------------- the generated kernel

def load_zorgtoeslag():
    from regelspraak.api import load
    from regelspraak.backends.numpy import load_numpy
    model = load([ROOT / "laws" / "zorgtoeslag"])
    return model, load_numpy(model)


def generated(mod, pop, rekendatum: date = REKENDATUM):
    return mod.run(pop, rekendatum)


def same(run, hand) -> list[str]:
    """Names of outputs where the generated kernel and the hand-written one differ (exact comparison)."""
    def num(name, scale):
        col = run.column("persoon", name).value
        assert col.leeg is None
        return col.v * (scale // col.den)
    diffs = []
    checks = [("normpremie", num("normpremie", 100), hand["normpremie"]),
              ("berekende zorgtoeslag", num("berekende zorgtoeslag", 10_000), hand["berekend"]),
              ("afgeronde zorgtoeslag", num("afgeronde zorgtoeslag", 1), hand["afgerond"]),
              ("zorgtoeslag", num("zorgtoeslag", 1), hand["zorgtoeslag"]),
              ("gezamenlijk toetsingsinkomen", num("gezamenlijk toetsingsinkomen", 100), hand["gez_ink"]),
              ("recht op zorgtoeslag", run.column("persoon", "recht op zorgtoeslag").value, hand["recht"]),
              ("meerderjarig", run.column("persoon", "meerderjarig").value, hand["meerderjarig"]),
              ("meerderjarigheidsdatum", run.column("persoon", "meerderjarigheidsdatum").value.o,
               hand["meerderjarigheidsdatum"])]
    for name, got, want in checks:
        if not np.array_equal(np.asarray(got), np.asarray(want)):
            diffs.append(name)
    return diffs


# ---------------------------------------------------------------------------- one variant in a subprocess

def variant(kind: str, n: int, repeat: int) -> dict:
    """Time `repeat` runs of one variant and the tracemalloc peak of one run (called in a fresh process)."""
    import tracemalloc
    a = arrays(n)
    if kind == "generated":
        _, mod = load_zorgtoeslag()
        pop = population(a)
        generated(mod, pop)                                   # warm up (navigation indexes are cached)

        def once():
            return generated(mod, pop)
    else:
        handwritten(a)

        def once():
            return handwritten(a)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    once()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return {"time": statistics.median(times), "best": min(times), "peak": peak}


def measure(kind: str, n: int, repeat: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--variant", kind, "--n", str(n), "--repeat", str(repeat)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- one case

CASE = """rekendatum: 2025-01-01
objecten:
  - {id: p1, type: Persoon, geboortedatum: 1990-03-01, toetsingsinkomen: 30000, rendementsgrondslag: 0, verzekerd: waar}
  - {id: p2, type: Persoon, geboortedatum: 1991-07-12, toetsingsinkomen: 0, rendementsgrondslag: 0, verzekerd: waar}
feiten:
  - {feittype: toeslagpartnerschap, aanvrager: p1, toeslagpartner: p2}
"""


def one_case(model) -> None:
    import tempfile
    from regelspraak.api import check, evaluate_all
    from regelspraak.cases import load_case, to_population
    from regelspraak.interpreter import Evaluation
    from regelspraak.trace import Explainer
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(CASE)
    pop = to_population(load_case(f.name), model)
    sources = check([ROOT / "laws" / "zorgtoeslag"]).sources

    def interpreted():
        ev = Evaluation(model, pop, REKENDATUM)
        evaluate_all(ev)
        return Explainer(ev, sources).explain("p1", "zorgtoeslag")
    text = interpreted()
    k = 300
    t0 = time.perf_counter()
    for _ in range(k):
        interpreted()
    per = (time.perf_counter() - t0) / k
    print(f"interpreter, 1 casus met uitleg ({len(text.splitlines())} regels): {per * 1e3:8.3f} ms per casus "
          f"(doel <= 1 ms: {'gehaald' if per <= 1e-3 else 'NIET gehaald'})")

    def plain():
        ev = Evaluation(model, pop, REKENDATUM)
        evaluate_all(ev)
    t0 = time.perf_counter()
    for _ in range(k):
        plain()
    print(f"interpreter, 1 casus zonder uitleg:                {(time.perf_counter() - t0) / k * 1e3:8.3f} ms per casus")
    try:
        from regelspraak.backends.python import load_compiled
        compiled = load_compiled(model)
        program = getattr(compiled, "PROGRAM")
        program.run(pop, REKENDATUM)
    except Exception as e:  # the scalar backend is someone else's: absent or a different API
        print(f"gecompileerd (scalair), 1 casus: niet beschikbaar ({type(e).__name__}: {e})")
        return
    k = 3000
    t0 = time.perf_counter()
    for _ in range(k):
        program.run(pop, REKENDATUM)
    per = (time.perf_counter() - t0) / k
    print(f"gecompileerd (scalair, backends.python), 1 casus:   {per * 1e6:8.1f} us per casus "
          f"(doel <= 20 us: {'gehaald' if per <= 20e-6 else 'NIET gehaald'})")


def openfisca() -> None:
    try:
        import openfisca_core  # noqa: F401
    except ImportError:
        print("OpenFisca: overgeslagen (openfisca_core is niet geïnstalleerd)")
        return
    print("OpenFisca: openfisca_core is aanwezig, maar er is geen zorgtoeslag-model voor OpenFisca in dit project; "
          "overgeslagen")


# ---------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groot", action="store_true", help="ook 10^7 personen")
    ap.add_argument("--variant", choices=["generated", "handwritten"], help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=1_000_000, help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=7, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.variant:
        print(json.dumps(variant(args.variant, args.n, args.repeat)))
        return
    model, mod = load_zorgtoeslag()
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}")
    for n in ([1_000_000, 10_000_000] if args.groot else [1_000_000]):
        a = arrays(n)
        diffs = same(generated(mod, population(a)), handwritten(a))
        del a
        repeat = 7 if n <= 1_000_000 else 3
        g = measure("generated", n, repeat)
        h = measure("handwritten", n, repeat)
        rt_ratio, mem_ratio = g["time"] / h["time"], g["peak"] / h["peak"]
        print(f"\nzorgtoeslag over {n:_} personen (rekendatum {REKENDATUM}, mediaan van {repeat} runs)".replace("_", "."))
        print(f"  gegenereerde numpy-kernel: {g['time'] * 1e3:9.1f} ms per run  ({g['time'] / n * 1e9:6.1f} ns per persoon),"
              f" piekgeheugen {g['peak'] / 2**20:8.1f} MiB")
        print(f"  handgeschreven numpy:      {h['time'] * 1e3:9.1f} ms per run  ({h['time'] / n * 1e9:6.1f} ns per persoon),"
              f" piekgeheugen {h['peak'] / 2**20:8.1f} MiB")
        print(f"  verhouding tijd {rt_ratio:.2f}x (doel <= 1,3x: {'gehaald' if rt_ratio <= 1.3 else 'NIET gehaald'}),"
              f" geheugen {mem_ratio:.2f}x (doel <= 1,5x: {'gehaald' if mem_ratio <= 1.5 else 'NIET gehaald'})")
        print(f"  uitkomsten gelijk: {'ja, elke waarde' if not diffs else 'NEE: ' + ', '.join(diffs)}")
    print()
    one_case(model)
    openfisca()


if __name__ == "__main__":
    main()

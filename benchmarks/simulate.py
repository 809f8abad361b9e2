"""Speed and memory of `regels simulate`: zorgtoeslag 2026 over a population the size of the Netherlands, and the
AOW-toeslag tail projected over 45 years.

    python benchmarks/simulate.py                      # 18 million persons, and 1 million over 2015-2060
    python benchmarks/simulate.py --omvang 1000000     # smaller (the AOW projection scales along: --aow-omvang)
    python benchmarks/simulate.py --processen 2 --deel 262144

Every section runs in a fresh subprocess (so the resource counters belong to it alone) and prints, measured in
this run:

* zorgtoeslag (simulations/zorgtoeslag-2026/scenario.yaml when it exists, else a comparable scenario written
  here; every variant of the scenario): the total wall time of `simulate` on all cores; the engine's own
  phase counters (CPU seconds summed over all chunks and processes); the peak memory of the whole process tree.
* the kernels alone: the same scenario's kernels (every variant, exactly the calls the engine times) on one
  prepared chunk (persons generated beforehand; the columns built fresh, untimed, before every call, so the
  partner index the kernels build on first use counts as kernel work, as in the run): in one process (median,
  time per person), and on all processes at once, each running the chunk once for every chunk of its share of
  the run (the local engine's balanced chunks, dealt out in turn), its kernel time scaled to the persons of
  that share — the kernel time of the busiest process is the time the run would take if it did nothing but
  run kernels, measured under the same load.  The ratio total / that figure is the overhead of generating,
  aggregating and orchestrating.  The run and the kernels are measured in turns (--rondes, default 3) and the
  medians compared, because the speed of a virtual machine drifts between minutes.
* the AOW-toeslag projection (simulations/aow-toeslag-staart/scenario.yaml when it exists): total wall time.

Memory: in one more run of its own (the sampler takes CPU from the workers, so the timed runs go without it),
the tree of the benchmark process and its workers is sampled every 50 ms from /proc (sum of RSS, and sum of
PSS, which counts pages shared between the forked workers once); ru_maxrss of the process itself and of its
largest worker are printed too.  The AOW projection is timed with the sampler on (its target is far away).

Targets (issue 5): total <= 1,5x the kernel time; peak RSS <= 2 GB; AOW projection <= 2 minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZT_BUNDLED = ROOT / "simulations" / "zorgtoeslag-2026" / "scenario.yaml"
AOW_BUNDLED = ROOT / "simulations" / "aow-toeslag-staart" / "scenario.yaml"
ZT_PERSONS, AOW_PERSONS = 18_000_000, 1_000_000
GB = 10 ** 9

# used when the bundled scenarios do not exist (yet): comparable shapes, written into a temporary folder
ZT_FALLBACK = f"""naam: Zorgtoeslag 2026 (benchmark)
wetten: [{ROOT / 'laws' / 'zorgtoeslag'}]
rekendatum: 2026-01-01
populatie:
  omvang: {ZT_PERSONS}
  zaad: 2026
  leeftijd: {{verdeling: tabel, klassen: [[18, 30, 2], [30, 67, 5], [67, 95, 2]]}}
  partners:
    feittype: toeslagpartnerschap
    kans: 0.5
    leeftijdsverschil: {{verdeling: normaal, gemiddelde: 2, sd: 3}}
  kinderen:
    aantal: {{verdeling: keuze, waarden: [0, 1, 2, 3], kansen: [0.6, 0.15, 0.2, 0.05]}}
  attributen:
    toetsingsinkomen: {{verdeling: lognormaal, mediaan: 30000, sigma: 0.7, nul: 0.05}}
    rendementsgrondslag: {{verdeling: lognormaal, mediaan: 20000, sigma: 1.5, nul: 0.4}}
    verzekerd: {{kans: 0.995}}
varianten:
  - naam: basis
  - naam: hogere standaardpremie
    parameters: {{standaardpremie: 2200}}
  - naam: herverdeling
    parameters: {{standaardpremie: 2200, percentage toetsingsinkomen: 18}}
uitvoer:
  resultaten: [zorgtoeslag, recht op zorgtoeslag]
  groepen:
    - {{naam: leeftijd, attribuut: leeftijd, grenzen: [18, 30, 45, 67, 80]}}
    - {{naam: partner, attribuut: partner}}
"""

AOW_FALLBACK = f"""naam: AOW-toeslag 2015-2060 (benchmark)
wetten: [{ROOT / 'laws' / 'aow'}]
parameters: {{geraamde levensverwachting op 65 jaar in 2032: 21.00}}
projectie:
  van: 2015
  tot: 2060
  sterfte: {{model: gompertz, a: 0.000015, b: 0.1}}
  indexatie: {{maandinkomen uit arbeid: 2, overig maandinkomen: 2}}
  parameters: {{buiten_bereik: dichtstbijzijnde, indexatie: 2}}
  bij_overlijden_partner: {{gehuwd: onwaar}}
populatie:
  omvang: {AOW_PERSONS}
  zaad: 2015
  leeftijd: {{verdeling: tabel, klassen: [[65.2, 70, 27], [70, 80, 44], [80, 100, 29]]}}
  partners:
    feittype: partnerschap
    kans: 1
    leeftijdsverschil: {{verdeling: tabel, klassen: [[0, 5, 74], [5, 10, 18], [10, 20, 7], [20, 40, 1]]}}
  attributen:
    aantal verzekerde jaren: {{waarde: 50, voor: iedereen}}
    gehuwd: {{kans: 1, voor: iedereen}}
    doorlopend toeslagrecht: {{kans: 1, voor: hoofd}}
    maandinkomen uit arbeid: {{verdeling: lognormaal, mediaan: 1400, sigma: 0.7, nul: 0.5, voor: partner}}
    overig maandinkomen: {{verdeling: lognormaal, mediaan: 500, sigma: 0.8, nul: 0.7, voor: partner}}
uitvoer:
  resultaten: [{{attribuut: AOW-toeslag, factor: 12}}]
afkoop: {{resultaat: AOW-toeslag, vanaf: 2027, rentevoet: 2.5, uitvoeringskosten_per_jaar: 2000000}}
"""


# ---------------------------------------------------------------------------- memory of the process tree

class TreeMemory:
    """Samples the summed RSS and PSS of this process and all its descendants (Linux /proc)."""

    def __init__(self, every: float = 0.05):
        self.every, self.peak_rss, self.peak_pss, self.samples = every, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    def _loop(self):
        n = 0
        while not self._stop.wait(self.every):
            self._sample(pss=n % 5 == 0)                 # PSS is costlier to read: every fifth sample
            n += 1

    def _sample(self, pss: bool = True):
        pids = _tree(os.getpid())
        self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
        if pss:
            self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
        self.samples += 1


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _maxrss() -> dict:
    """ru_maxrss (bytes on Linux) of this process and of its largest (finished) child."""
    return {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}


# ---------------------------------------------------------------------------- sections (each in a subprocess)

def _job(path: Path, persons: int | None):
    from regelspraak.simulate import load_scenario, make_job
    sc = load_scenario(path)
    if persons:
        sc = sc.model_copy(update={"populatie": sc.populatie.model_copy(update={"omvang": persons})})
    return make_job(sc, path)


def section_run(path: Path, persons: int | None, processes: int, chunk: int, memory: bool) -> dict:
    """One whole `simulate` (nothing written), with the tree memory sampled if `memory` (the sampler reads /proc
    twenty times a second and takes CPU from the workers, so timed runs go without it)."""
    import contextlib

    from regelspraak.simulate import simulate
    t0 = time.perf_counter()
    job = _job(path, persons)
    with TreeMemory() if memory else contextlib.nullcontext() as mem:
        outcome = simulate(path, None, processes=processes, chunk=chunk, report=False, job=job)
    wall = time.perf_counter() - t0
    mem = mem or TreeMemory()
    first, last = outcome.summary["jaren"][0], outcome.summary["jaren"][-1]
    return {"wall": wall, "seconds": outcome.seconds, "persons": sum(job.blocks), "years": len(job.dates),
            "variants": len(job.variants), "peak_rss": mem.peak_rss, "peak_pss": mem.peak_pss,
            "samples": mem.samples, "maxrss": _maxrss(), "first": first["personen"], "last": last["personen"],
            "last_year": last["jaar"], "summary_head": _head(outcome.summary)}


def _head(summary: dict) -> str:
    y = summary["jaren"][0]
    v = next(iter(y["varianten"].values()))
    key, res = next(iter(v["resultaten"].items()))
    return f"{y['jaar']}: {key} niet nul bij {res.get('niet_nul', res.get('waar'))} personen, " \
           f"totaal per jaar {res.get('totaal_per_jaar', '-')}"


def _prepared(path: Path, persons: int | None, chunk: int):
    """(job, persons in the chunk, fresh, once): fresh() builds the populations of one prepared chunk, once(them)
    runs the kernels of every variant on it: exactly the calls evaluate._year times, on a population
    built beforehand (untimed) and fresh for every call, so the navigation indexes the kernels build on first
    use (partners) are kernel work, as in the run.  The allocator is set as the engine sets it."""
    import numpy as np

    from regelspraak.backends.numpy import runtime as vector
    from regelspraak.simulate import evaluate as E
    from regelspraak.simulate.allocator import reuse_freed_memory
    from regelspraak.simulate.engine import plan_chunks
    from regelspraak.simulate.job import parameter_sets
    reuse_freed_memory()
    job = _job(path, persons)
    chunks = plan_chunks(job, chunk)
    state = E._generate(job, chunks[0])
    rows = np.flatnonzero(state.alive)
    on = job.dates[0]
    okey = job.object_type.lower()
    kernels = [(E.kernel(job, variant.law_key), variant) for variant in job.variants]

    def fresh():
        return [(mod, variant, E._population(job, model, state, rows, variant.inputs))
                for (mod, model), variant in kernels]

    def once(prepared):
        for mod, variant, pop in prepared:
            compiled = vector.Compiled(parameter_sets(mod, job, variant, on), mod.ATTRIBUTES, mod.MEMBERS,
                                       mod.VERSIONS, mod.FUNCTIONS, mod.CHECKS)
            run = vector.Run(compiled, pop, on)
            for r in job.results:
                run.column(okey, r.key)
            for check in mod.CHECKS:
                check(run)
    once(fresh())                                        # warm up (imports, first-call costs)
    return job, len(rows), fresh, once


def _kernel_worker(index, path, persons, chunk, runs, barrier, queue):
    _, _, fresh, once = _prepared(path, persons, chunk)
    spent = 0.0
    barrier.wait()
    for _ in range(runs):
        prepared = fresh()
        t = time.perf_counter()
        once(prepared)
        spent += time.perf_counter() - t
    queue.put((index, spent))


def section_kernel(path: Path, persons: int | None, chunk: int, repeat: int, processes: int) -> dict:
    """The kernels alone: one process times one prepared chunk (median of `repeat`); then `processes` processes
    at once run the prepared chunk once for every chunk of their share of the run (the local engine's
    balanced chunks), their kernel time scaled to the persons in that share; the busiest process counts."""
    import multiprocessing as mp
    job, chunk_persons, fresh, once = _prepared(path, persons, chunk)
    times = []
    for _ in range(repeat):
        prepared = fresh()
        t = time.perf_counter()
        once(prepared)
        times.append(time.perf_counter() - t)
    from regelspraak.simulate.engine import balanced_chunks, plan_chunks
    parts = balanced_chunks(job, chunk, processes) if processes > 1 else plan_chunks(job, chunk)
    sizes = [sum(job.blocks[b] for b in c) for c in parts]
    shares = [sizes[i::processes] for i in range(processes)]          # the run's chunks, dealt out in turn
    ctx = mp.get_context("fork")
    barrier, queue = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=_kernel_worker, args=(i, path, persons, chunk, len(sh), barrier, queue))
               for i, sh in enumerate(shares)]
    for w in workers:
        w.start()
    spans = dict(queue.get() for _ in workers)
    for w in workers:
        w.join()
    # each process ran the prepared chunk once per chunk of its share; its kernel time is scaled to the
    # persons of that share (the run's chunks are not all as large as the prepared one); the busiest counts
    wall = max(spans[i] * sum(sh) / (len(sh) * chunk_persons) for i, sh in enumerate(shares) if sh)
    return {"chunk_persons": chunk_persons, "median": statistics.median(times), "best": min(times),
            "persons": sum(job.blocks), "variants": len(job.variants), "chunks": len(parts), "parallel_wall": wall}


def measure(kind: str, args, path: Path, persons: int | None, memory: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--sectie", kind, "--scenario", str(path), "--processen", str(args.processen),
           "--deel", str(args.deel)] + (["--geheugen"] if memory else [])
    if persons:
        cmd += ["--omvang", str(persons)]
    if kind == "kernel":
        cmd += ["--herhaal", str(args.herhaal)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"sectie {kind} faalde (code {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- report

def _n(x: int) -> str:
    return f"{x:_}".replace("_", ".")


def _s(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _mb(x: int) -> str:
    return f"{x / 2**20:,.0f} MiB".replace(",", ".")


def _ok(good: bool) -> str:
    return "gehaald" if good else "NIET gehaald"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--omvang", type=int, help=f"personen voor de zorgtoeslag (standaard {_n(ZT_PERSONS)})")
    ap.add_argument("--aow-omvang", type=int, help=f"personen voor de AOW-projectie (standaard {_n(AOW_PERSONS)}, "
                                                   f"of naar verhouding van --omvang)")
    ap.add_argument("--processen", type=int, default=os.cpu_count() or 1, help="processen (standaard: alle kernen)")
    ap.add_argument("--deel", type=int, help="personen per deel (standaard: die van de engine)")
    ap.add_argument("--alleen", choices=["zorgtoeslag", "aow"], help="alleen deze sectie")
    ap.add_argument("--herhaal", type=int, default=5, help="herhalingen van de losse kernelmeting")
    ap.add_argument("--rondes", type=int, default=3, help="rondes van run en kernels om en om (mediaan)")
    ap.add_argument("--sectie", choices=["run", "kernel"], help=argparse.SUPPRESS)
    ap.add_argument("--geheugen", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    args = ap.parse_args()
    from regelspraak.simulate import DEFAULT_CHUNK
    args.deel = args.deel or DEFAULT_CHUNK
    if args.sectie == "run":
        print(json.dumps(section_run(Path(args.scenario), args.omvang, args.processen, args.deel, args.geheugen)))
        return
    if args.sectie == "kernel":
        print(json.dumps(section_kernel(Path(args.scenario), args.omvang, args.deel, args.herhaal, args.processen)))
        return

    import numpy as np
    tmp = Path(tempfile.mkdtemp(prefix="regels-bench-"))
    zt = ZT_BUNDLED if ZT_BUNDLED.exists() else _write(tmp / "zorgtoeslag.yaml", ZT_FALLBACK)
    aow = AOW_BUNDLED if AOW_BUNDLED.exists() else _write(tmp / "aow.yaml", AOW_FALLBACK)
    zt_n = args.omvang or ZT_PERSONS
    aow_n = args.aow_omvang or (max(1000, round(AOW_PERSONS * zt_n / ZT_PERSONS)) if args.omvang else AOW_PERSONS)
    load = os.getloadavg()[0]
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} kernen; "
          f"{args.processen} processen, deel {_n(args.deel)} personen; belasting vooraf {load:.2f}"
          + ("  (LET OP: de machine is al bezig, de tijden zijn dan te hoog)" if load > 0.5 else ""))

    if args.alleen in (None, "zorgtoeslag"):
        print(f"\nzorgtoeslag 2026: {zt.relative_to(ROOT) if zt.is_relative_to(ROOT) else zt}, {_n(zt_n)} personen")
        runs, kernels = [], []
        for _ in range(args.rondes):                     # in turns: the machine's speed drifts
            runs.append(measure("run", args, zt, zt_n))
            kernels.append(measure("kernel", args, zt, zt_n))
        walls = [x["wall"] for x in runs]
        spans = [x["parallel_wall"] for x in kernels]
        r = runs[sorted(range(len(runs)), key=walls.__getitem__)[len(runs) // 2]]
        k = kernels[sorted(range(len(kernels)), key=spans.__getitem__)[len(kernels) // 2]]
        peak = measure("run", args, zt, zt_n, memory=True)         # memory in a run of its own, untimed
        r["peak_rss"], r["peak_pss"], r["samples"] = peak["peak_rss"], peak["peak_pss"], peak["samples"]
        r["maxrss"] = peak["maxrss"]
        sec = r["seconds"]
        per_person = k["median"] / k["chunk_persons"]
        ratio = r["wall"] / k["parallel_wall"]
        print(f"  {args.rondes} rondes om en om; totaal {', '.join(_s(w) for w in walls)} s; kernels alleen "
              f"{', '.join(_s(w) for w in spans)} s; hieronder de medianen")
        print(f"  {r['summary_head']}")
        print(f"  totaal (wandklok: scenario lezen + simulate, zonder schrijven): {_s(r['wall'])} s")
        print(f"    CPU-seconden opgeteld over {args.processen} processen: genereren {_s(sec.get('genereren', 0))} s, "
              f"kernels {_s(sec.get('kernel', 0))} s ({r['variants']} varianten); kernels per proces "
              f"{_s(sec.get('kernel', 0) / args.processen)} s")
        print(f"  kernels alleen, 1 proces: {_s(k['median'] * 1e3)} ms per deel van {_n(k['chunk_persons'])} personen "
              f"x {k['variants']} varianten (mediaan van {args.herhaal}) = {_s(per_person * 1e9)} ns per persoon; "
              f"opgeschaald / {args.processen} processen = {_s(per_person * r['persons'] / args.processen)} s")
        print(f"  kernels alleen, {args.processen} processen tegelijk, elk een voorbereid deel zo vaak als zijn "
              f"aandeel van de {k['chunks']} delen van de run, naar personen: {_s(k['parallel_wall'])} s kerneltijd "
              f"van het drukste proces")
        print(f"  verhouding totaal / kernels alleen (alle kernen): {ratio:.2f}x".replace(".", ",")
              + f" (doel <= 1,5x: {_ok(ratio <= 1.5)})")
        print(f"  piekgeheugen procesboom: RSS opgeteld {_mb(r['peak_rss'])} (doel <= 2 GB: "
              f"{_ok(r['peak_rss'] <= 2 * GB)}), PSS opgeteld {_mb(r['peak_pss'])} ({r['samples']} metingen)")
        print(f"    ru_maxrss: hoofdproces {_mb(r['maxrss']['self'])}, grootste werkproces {_mb(r['maxrss']['child'])}")

    if args.alleen in (None, "aow"):
        print(f"\nAOW-toeslag-projectie: {aow.relative_to(ROOT) if aow.is_relative_to(ROOT) else aow}, "
              f"{_n(aow_n)} personen")
        r = measure("run", args, aow, aow_n, memory=True)
        sec = r["seconds"]
        print(f"  {r['years']} jaren tot en met {r['last_year']}; personen {_n(r['first'])} -> {_n(r['last'])}; "
              f"{r['summary_head']}")
        print(f"  totaal (wandklok): {_s(r['wall'])} s (doel <= 120 s: {_ok(r['wall'] <= 120)})")
        print(f"    CPU-seconden opgeteld: genereren {_s(sec.get('genereren', 0))} s, projecteren "
              f"{_s(sec.get('projecteren', 0))} s, kernels {_s(sec.get('kernel', 0))} s")
        print(f"  piekgeheugen procesboom: RSS opgeteld {_mb(r['peak_rss'])}, PSS opgeteld {_mb(r['peak_pss'])}")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    main()

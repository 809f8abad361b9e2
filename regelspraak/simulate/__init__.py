"""`regels simulate`: laws over synthetic populations — variants, projections, reports.

Pipeline (one module per step): ``scenario`` (file → Scenario) → ``plan`` (checked against the laws → Job) →
``generate`` (persons per block) → ``evaluate`` (a chunk: years × variants through the numpy kernels →
Partial) → ``engine`` (chunks over processes or Dask, merged) → ``summary`` (JSON) → ``report`` (Markdown,
HTML, plots).  ``simulate`` runs it all and writes the outputs to a folder at once, or nothing.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .engine import DEFAULT_CHUNK, plan_chunks, run_dask, run_local
from .evaluate import SimulationFailure
from .job import Job, make_job
from .scenario import Scenario, ScenarioError, load_scenario, scenario_schema
from .summary import summarize

__all__ = ["DEFAULT_CHUNK", "Job", "Outcome", "Scenario", "ScenarioError", "SimulationFailure", "load_scenario",
           "make_job", "plan_chunks", "prepare", "scenario_schema", "simulate", "summarize"]


@dataclass
class Outcome:
    """What a simulation produced: the summary, the files written, and how long the phases took (seconds)."""
    summary: dict
    files: list[Path] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def prepare(path: str | Path) -> Job:
    """Read a scenario file and check it against its laws (ScenarioError with Dutch messages)."""
    return make_job(load_scenario(path), path)


def simulate(path: str | Path, out_dir: str | Path | None, engine: str = "lokaal", processes: int | None = None,
             chunk: int = DEFAULT_CHUNK, scheduler: str | None = None, report: bool = True,
             on_start: Callable[[int], None] | None = None, on_done: Callable[[int], None] | None = None,
             job: Job | None = None) -> Outcome:
    """Run a scenario and write summary.json, rapport.md, rapport.html, plots and (if asked) per-person
    Parquet to out_dir — all or nothing: the files appear only when the whole run succeeded."""
    t0 = time.perf_counter()
    if out_dir is not None:
        out_dir = Path(out_dir).resolve()
        check_output_folder(out_dir)
    job = job or prepare(path)
    t_plan = time.perf_counter() - t0
    work = Path(tempfile.mkdtemp(prefix=".simulatie-", dir=_parent(out_dir))) if out_dir is not None else None
    try:
        parts_dir = None
        if job.scenario.uitvoer.per_persoon and work is not None:
            parts_dir = work / "personen"
            parts_dir.mkdir()
        if on_start:
            on_start(sum(job.blocks))
        t1 = time.perf_counter()
        if engine == "dask":
            partial = run_dask(job, scheduler, chunk, str(parts_dir) if parts_dir else None, on_done)
        else:
            partial = run_local(job, chunk, processes, str(parts_dir) if parts_dir else None, on_done)
        seconds = {"voorbereiden": t_plan, "rekenen": time.perf_counter() - t1, **partial.seconds}
        summary = summarize(job, partial)
        files: list[Path] = []
        if work is not None and out_dir is not None:
            (work / "samenvatting.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
            seconds["totaal"] = time.perf_counter() - t0        # everything before the report is written
            if report:
                from .report import write_report
                write_report(summary, work, {"engine": engine, "processen": processes, "deel": chunk,
                                             "seconden": seconds})
            _publish(work, out_dir)
            work = None
            files = sorted(p for p in out_dir.rglob("*") if p.is_file())
        seconds.setdefault("totaal", time.perf_counter() - t0)
        return Outcome(summary, files, seconds)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


OUR_FILES = ("samenvatting.json", "rapport.md", "rapport.html", "plots", "personen")


def check_output_folder(out_dir: Path) -> None:
    """An existing output folder is replaced only when it holds nothing but an earlier simulation's output."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ScenarioError([f"uitvoermap '{out_dir}' is een bestand; kies een map"])
    if out_dir.is_dir():
        others = sorted(p.name for p in out_dir.iterdir() if p.name not in OUR_FILES)
        if others:
            shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            raise ScenarioError([f"uitvoermap '{out_dir}' bestaat al en bevat andere bestanden ({shown}); die zouden "
                                 f"worden overschreven. Kies een nieuwe of lege map"])


def _parent(out_dir) -> str:
    """The nearest existing folder above out_dir (the work folder goes there, on the same file system)."""
    parent = Path(out_dir).resolve().parent
    while not parent.exists():
        parent = parent.parent
    return str(parent)


def _publish(work: Path, out_dir: Path) -> None:
    """Replace out_dir by the finished work folder (the old one is removed only after the swap)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)                  # mkdtemp made it private; give it the usual permissions
    old = None
    if out_dir.exists():
        old = out_dir.with_name(out_dir.name + f".oud-{os.getpid()}")
        os.replace(out_dir, old)
    os.replace(work, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

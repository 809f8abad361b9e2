"""The `regels simulate` command: run a scenario with a progress bar, print the main figures, write the report.

Everything printed is Dutch; a bad scenario, a failing record or an unreachable Dask scheduler ends with a
message and exit code 2 (scenario) or 1 (run), never a traceback.
"""
from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import click

from ..evaluate.values import format_number
from . import (
    DEFAULT_CHUNK,
    ScenarioError,
    SimulationFailure,
    load_scenario,
    make_job,
    simulate,
)


@click.command("simulate")
@click.argument("scenario", type=click.Path())
@click.option("-o", "--uitvoer", "out", type=click.Path(file_okay=False),
              help="map voor rapport, samenvatting en plots (standaard: uitvoer/<naam van het scenario>)")
@click.option("--engine", type=click.Choice(["lokaal", "dask"]), default="lokaal",
              help="lokaal: alle kernen van deze machine; dask: een bestaand Dask-cluster")
@click.option("--scheduler", help="adres van de Dask-scheduler, bv. tcp://10.0.0.5:8786 (bij --engine dask)")
@click.option("--processen", type=click.IntRange(1, 512), help="aantal processen (standaard: alle kernen)")
@click.option("--deel", "chunk", type=click.IntRange(256), default=DEFAULT_CHUNK, show_default=True,
              help="personen per deel; het geheugen groeit met het deel, niet met de bevolking")
@click.option("--omvang", type=click.IntRange(1), help="een ander aantal personen dan het scenario (om snel te proberen)")
@click.option("--bij-fout", "on_error", type=click.Choice(["stoppen", "doorgaan"]),
              help="een persoon waarvoor een regel faalt: stop, of tel en ga door (anders: wat het scenario zegt)")
@click.option("--stil", is_flag=True, help="geen voortgangsbalk")
def simulate_cmd(scenario, out, engine, scheduler, processen, chunk, omvang, on_error, stil):
    """Reken wetten door over een (synthetische) bevolking: varianten, projecties, rapport."""
    if engine == "dask" and not scheduler:
        click.echo("fout: --engine dask vraagt --scheduler ADRES", err=True)
        sys.exit(2)
    try:
        sc = load_scenario(scenario)
        update = {}
        if omvang:
            update["populatie"] = sc.populatie.model_copy(update={"omvang": omvang})
        if on_error:
            update["uitvoer"] = sc.uitvoer.model_copy(update={"bij_fout": on_error})
        job = make_job(sc.model_copy(update=update) if update else sc, scenario)
    except ScenarioError as e:
        click.echo("fout in het scenario:\n" + "\n".join(f"  - {p}" for p in e.problems), err=True)
        sys.exit(2)
    out_dir = Path(out) if out else Path("uitvoer") / _default_name(Path(scenario))
    try:
        outcome = _run(job, scenario, out_dir, engine, scheduler, processen, chunk, stil)
    except SimulationFailure as e:
        click.echo(f"de simulatie is gestopt; er is niets geschreven.\n  {e}", err=True)
        sys.exit(1)
    except ScenarioError as e:
        click.echo("fout in de invoer; er is niets geschreven:\n" + "\n".join(f"  - {p}" for p in e.problems), err=True)
        sys.exit(2)
    except OSError as e:
        click.echo(f"fout: {e.strerror or e} ({getattr(e, 'filename', '') or 'Dask-scheduler'}); er is niets "
                   f"geschreven", err=True)
        sys.exit(1)
    _print(outcome.summary)
    rapport = out_dir / "rapport.html"
    click.echo(f"\nrapport: {rapport if rapport.exists() else out_dir}")
    click.echo(f"tijd: {format_number(Fraction(round(outcome.seconds['totaal'], 2)).limit_denominator(100), 2)} s "
               f"(rekenkernen {format_number(Fraction(round(outcome.seconds.get('kernel', 0), 2)).limit_denominator(100), 2)} s)")


def _default_name(path: Path) -> str:
    """The output folder name: the file name without extension, or the folder's name for 'scenario.yaml'."""
    stem = path.name.split(".")[0]
    return path.resolve().parent.name if stem == "scenario" else stem


def _run(job, scenario, out_dir, engine, scheduler, processen, chunk, stil):
    if stil:
        return simulate(scenario, out_dir, engine, processen, chunk, scheduler, job=job)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("personen"),
               TimeRemainingColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(job.scenario.naam[:40], total=sum(job.blocks))
        return simulate(scenario, out_dir, engine, processen, chunk, scheduler, job=job,
                        on_done=lambda n: bar.advance(task, n))


def _print(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    years = summary["jaren"]
    shown = years if len(years) <= 3 else [years[0], years[len(years) // 2], years[-1]]
    table = Table(title=summary["scenario"]["naam"])
    for col in ("jaar", "variant", "resultaat", "personen (≠ 0)", "totaal per jaar"):
        table.add_column(col, justify="right" if col.startswith(("personen", "totaal")) else "left")
    units = {r["sleutel"]: r for r in summary["resultaten"]}
    for y in shown:
        for vname, v in y["varianten"].items():
            for key, r in v["resultaten"].items():
                if units[key]["soort"] == "kenmerk":
                    table.add_row(str(y["jaar"]), vname, units[key]["naam"], _n(r["waar"]), "")
                else:
                    total = format_number(Fraction(r["totaal_per_jaar"]), units[key]["decimalen"] or 0, thousands=True)
                    unit = "€" if "€" in units[key]["eenheid"] else units[key]["eenheid"]
                    table.add_row(str(y["jaar"]), vname, units[key]["naam"], _n(r["niet_nul"]), f"{total} {unit}")
    Console().print(table)


def _n(x: int) -> str:
    return format_number(Fraction(x), 0, thousands=True)

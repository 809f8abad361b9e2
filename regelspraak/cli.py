"""The `regels` command: check, run and test RegelSpraak rule files. Everything a user reads is Dutch."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .api import check, dumps, evaluate_all, result_json
from .cases import CaseError, load_case, to_population
from .codes import Code
from .diagnostics import render_all
from .errors import InputError, RegelspraakError
from .evaluate.findings import FAILED
from .evaluate.interpreter import Evaluation, RuleError
from .evaluate.trace import Explainer, show_value


def _load_or_exit(paths, quiet_warnings: bool = False):
    loaded = check(paths)
    diags = loaded.diagnostics.sorted()
    if loaded.model is None:
        click.echo(render_all(diags, loaded.sources), err=True)
        sys.exit(1)
    if diags and not quiet_warnings:
        click.echo(render_all(diags, loaded.sources), err=True)
    return loaded


class _Commands(click.Group):
    """The `regels` group: an engine error that a command does not report itself ends it with its Dutch
    message, never with a traceback: exit code 2 for an input that cannot be used, 1 otherwise."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RegelspraakError as e:
            click.echo(f"fout: {e}", err=True)
            sys.exit(2 if isinstance(e, InputError) else 1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="regelspraak", message="regels %(version)s")
def main():
    """regels: regels in RegelSpraak controleren, uitvoeren, uitleggen en testen."""


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="uitvoer als tekst of JSON")
def check_cmd(paths, fmt):
    """Controleer regelbestanden en mappen; exitcode 0 alleen zonder fouten."""
    loaded = check(paths)
    diags = loaded.diagnostics.sorted()
    if fmt == "json":
        click.echo(dumps({"diagnostieken": [d.to_json() for d in diags], "ok": loaded.model is not None}))
    else:
        click.echo(render_all(diags, loaded.sources))
    sys.exit(0 if loaded.model is not None else 1)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is geen datum; gebruik JJJJ-MM-DD") from None


@main.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--casus", required=True, type=click.Path(), help="casusbestand (YAML of JSON)")
@click.option("--rekendatum", callback=_parse_date, help="rekendatum JJJJ-MM-DD (anders die uit de casus)")
@click.option("--parameterset", help="naam van de parameterset (anders de set die op de rekendatum geldt)")
@click.option("--uitleg", is_flag=True, help="leg elke uitkomst uit: regel, artikel, gebruikte waarden")
@click.option("--waarde", "wanted", multiple=True, help="alleen deze attributen tonen/uitleggen (herhaalbaar)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--engine", type=click.Choice(["interpreter", "compiled"]), default="interpreter",
              help="rekenen met de interpreter (standaard) of met de naar Python gecompileerde regels")
def run_cmd(paths, casus, rekendatum, parameterset, uitleg, wanted, fmt, engine):
    """Reken een casus door met de regels in PATHS."""
    loaded = _load_or_exit(paths, quiet_warnings=True)
    model = loaded.model
    try:
        case = load_case(casus)
        population = to_population(case, model)
    except CaseError as e:
        for p in e.problems:
            click.echo(f"fout: {p}", err=True)
        sys.exit(2)
    when = rekendatum or case.rekendatum
    if when is None:
        click.echo("fout: geen rekendatum: zet 'rekendatum:' in de casus of gebruik --rekendatum", err=True)
        sys.exit(2)
    try:
        if engine == "compiled":
            from .backends.python.generator import load_compiled
            ev = load_compiled(model).evaluation(population, when, parameterset or case.parameterset, model=model)
        else:
            ev = Evaluation(model, population, when, parameterset or case.parameterset)
    except RuleError as e:
        click.echo(f"fout[{e.code}]: {e.message}", err=True)
        sys.exit(2)
    evaluate_all(ev)
    for law in sorted(ev.laws_not_in_force):
        click.echo(f"let op: de regels van {law} die parameters gebruiken zijn niet toegepast: geen parameterset "
                   f"van {law} geldt op {when.strftime('%d-%m-%Y')}", err=True)
    if fmt == "json":
        data = result_json(ev)
        data["diagnostieken"] = [d.to_json() for d in loaded.diagnostics.sorted()]
        click.echo(dumps(data))
    else:
        _print_text(ev, loaded.sources, uitleg, wanted)
    sys.exit(1 if ev.findings else 0)           # a finding (also an inconsistency, R603) is not a clean run


def _results(ev) -> set[str]:
    """Attributes no rule reads: the end results (what --uitleg explains by default)."""
    read = {n for deps in _deps(ev.model) for n in deps}
    return {name for (_, name) in ev.model.order if name not in read}


def _deps(model):
    from .model.order import reads_of
    return [{n for _, n in reads_of(r)} for r in model.rules]


def _print_text(ev, sources, uitleg, wanted):
    if uitleg and not isinstance(ev, Evaluation):     # compiled runs keep no traces: the interpreter explains
        from .backends.python.generator import reference_evaluation
        explainer = Explainer(reference_evaluation(ev), sources)
    else:
        explainer = Explainer(ev, sources)
    results = {w.lower() for w in wanted} or _results(ev)
    click.echo(f"Rekendatum: {ev.rekendatum.strftime('%d-%m-%Y')}")
    for inst in ev.instances.values():
        t = ev.model.object_type(inst.type)
        click.echo(f"\n{inst.type} {inst.id}")
        seen = set()
        for info in list(t.attributes.values()) + list(t.kenmerken.values()):
            key = info.name.lower()
            if key in seen or (wanted and key not in results):
                continue
            seen.add(key)
            v = ev.memo.get((inst.id, key))
            typ = getattr(info, "type", None)
            if v is FAILED:
                cause = ev.failures[(inst.id, key)]
                shown = f"niet te berekenen ({cause.code} bij {cause.instance}, zie onder)"
            else:
                shown = show_value(bool(v) if typ is None else v, typ)
            click.echo(f"  {info.name:<34} {shown}")
        if uitleg:
            for name in sorted(results):
                if name in t.attributes or name in t.kenmerken:
                    click.echo("\nUitleg:")
                    click.echo(explainer.explain(inst.id, name))
    shown: set[tuple[str, str, str]] = set()
    for f in ev.findings:                   # one line per problem: a role read by several values is one R606
        if (f.code, f.instance, f.message) in shown:
            continue
        shown.add((f.code, f.instance, f.message))
        click.echo(f"\n{'inconsistentie' if f.code == Code.R603 else 'fout'}[{f.code}] bij {f.instance}: {f.message}",
                   err=f.code != Code.R603)


@main.command("compile")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--uitvoer", "out", required=True, type=click.Path(file_okay=False),
              help="map waarin de module (en __init__.py) wordt geschreven")
def compile_cmd(paths, out):
    """Vertaal de regels in PATHS naar een leesbare Python-module (per geval) en een numpy-module
    (hele populaties) in een map."""

    from .backends.numpy.generator import NotSupported, compile_numpy
    from .backends.python.generator import write_package

    loaded = _load_or_exit(paths, quiet_warnings=True)
    target = write_package(loaded.model, list(paths), out)
    click.echo(f"geschreven: {target}")
    try:
        vector = Path(out) / f"{target.stem}_vector.py"
        vector.write_text(compile_numpy(loaded.model), encoding="utf-8")
        click.echo(f"geschreven: {vector}")
    except NotSupported as e:
        click.echo(f"let op: geen numpy-module: {e}", err=True)


@main.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def test_cmd(paths):
    """Voer alle testsets onder PATHS uit en toon elke afwijking met uitleg."""
    from .testing import run_testsets

    loaded = _load_or_exit(paths, quiet_warnings=True)
    report = run_testsets(loaded.model, loaded.sources)
    for f in report.failures:
        click.echo(f"MISLUKT {f.path}:{f.line}  {f.testset} / {f.case}\n  {f.message}")
        if f.explanation:
            click.echo("  " + f.explanation.replace("\n", "\n  "))
    failed_cases = report.cases - report.passed
    click.echo(f"{report.passed} geslaagd, {failed_cases} mislukt ({report.cases} testgevallen)")
    sys.exit(0 if not report.failures and report.cases else 1)


@main.command("schema")
@click.option("--uitvoer", is_flag=True, help="het schema van de JSON-uitvoer van 'regels run' in plaats van de casus")
@click.option("--scenario", is_flag=True, help="het schema van scenariobestanden voor 'regels simulate'")
def schema_cmd(uitvoer, scenario):
    """Toon het JSON Schema van casusbestanden (--uitvoer: de JSON-uitvoer; --scenario: scenariobestanden)."""
    import json

    from .cases import case_schema
    from .output import run_output_schema
    if scenario:
        from .simulate.scenario import scenario_schema
        click.echo(json.dumps(scenario_schema(), indent=2, ensure_ascii=False))
        return
    click.echo(json.dumps(run_output_schema() if uitvoer else case_schema(), indent=2, ensure_ascii=False))


def _register_simulate() -> None:
    from .simulate.command import simulate_cmd
    main.add_command(simulate_cmd)


_register_simulate()


if __name__ == "__main__":
    main()

"""A scenario checked against its laws: the ``Job`` that every chunk (in any process or on any Dask worker) runs.

In: a ``Scenario`` and the folder of its file.  Out: a picklable ``Job`` — the rule sources of every law set
(compiled to numpy kernels once per process by ``kernel``), parameter overrides and inputs converted to exact
values, the results and groupings with their types, and the chunk plan.  Every name in the scenario is checked
against the model here, with a Dutch message (and 'bedoelde u …?') naming the field.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import api
from ..cases import convert_value, parse_bool
from ..diagnostics import did_you_mean, render_all
from ..evaluate.values import round_to
from ..model import nodes as M
from ..source import SourceFile
from .generate import block_sizes
from .scenario import Scenario, ScenarioError, class_distribution

SPECIAL_GROUPS = ("leeftijd", "partner")


@dataclass(frozen=True)
class ResultInfo:
    """A requested result: attribute key, display name, kind (number/percentage/kenmerk/…), decimals, unit."""
    key: str
    name: str
    kind: str
    decimals: int | None
    unit: str
    factor: int
    pays: bool = False                             # soort: betaling (more is a loss for the person)

    @property
    def places(self) -> int:
        """Decimals of the scaled integers the simulator keeps: the declared ones, 2 when undeclared, 0 for a
        kenmerk (a count of persons)."""
        return 0 if self.kind == "kenmerk" else self.decimals if self.decimals is not None else 2


@dataclass(frozen=True)
class VariantPlan:
    name: str
    description: str
    law_key: str                                   # key into Job.law_sets
    overrides: dict[str, Any]                      # parameter key → exact value
    inputs: dict[str, Any]                         # attribute/kenmerk key → exact value


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    scenario_path: str
    law_sets: dict[str, tuple[SourceFile, ...]]    # law key → sources (identical content → same key)
    variants: tuple[VariantPlan, ...]
    results: tuple[ResultInfo, ...]
    kinds: dict[str, tuple[str, int | None]]       # generated attribute key → (kind, decimals)
    object_type: str
    dates: tuple[date, ...]
    blocks: tuple[int, ...]                        # persons per block
    amounts: dict[str, dict[str, int]] = field(default_factory=dict)   # law key → € parameter → decimals
    on_partner_death: dict[str, Any] = field(default_factory=dict)     # generated attribute → exact value
    file_kinds: dict[str, tuple[str, int | None]] = field(default_factory=dict)   # persons-file column → type
    file_numeric_ids: bool = False                 # persons file: whole-number ids (else the row number is the id)


_MODELS: dict[str, M.Model] = {}                   # law key → its checked model, in this process


def _read_laws(folders: list[Path], where: str) -> tuple[tuple[SourceFile, ...], M.Model]:
    loaded = api.check([str(f) for f in folders])
    if loaded.model is None:
        text = render_all(loaded.diagnostics.errors(), loaded.sources)
        raise ScenarioError([f"{where}: de wetten bevatten fouten:\n{text}"])
    sources = tuple(sorted(loaded.sources.values(), key=lambda s: s.path))
    _remember(_key_of(sources), loaded.model)
    return sources, loaded.model


def _remember(law_key: str, model: M.Model) -> M.Model:
    """Keep a checked model for this process (a few law sets at most: a long-lived process does not grow)."""
    if len(_MODELS) >= 16:
        _MODELS.clear()
    _MODELS[law_key] = model
    return model


def law_model(job: Job, law_key: str) -> M.Model:
    """The checked model of one of the job's law sets: the one make_job read in this process, else checked again
    from the sources the job carries (a Dask worker on another machine)."""
    model = _MODELS.get(law_key)
    if model is None:
        loaded = api.check_sources(list(job.law_sets[law_key]))
        if loaded.model is None:                   # make_job checked these sources; only if checking changed
            text = render_all(loaded.diagnostics.errors(), loaded.sources)
            raise ScenarioError([f"de wetten bevatten fouten:\n{text}"])
        model = _remember(law_key, loaded.model)
    return model


def _key_of(sources: tuple[SourceFile, ...]) -> str:
    h = hashlib.sha256()
    for s in sources:
        h.update(s.path.encode() + b"\0" + s.text.encode() + b"\0")
    return h.hexdigest()[:16]


def make_job(scenario: Scenario, path: str | Path) -> Job:
    """Check the scenario against its laws and build the job; raises ScenarioError with every problem."""
    base = Path(path).resolve().parent
    problems: list[str] = []
    law_sets: dict[str, tuple[SourceFile, ...]] = {}
    models: dict[str, M.Model] = {}

    def laws(folders: list[str], where: str) -> str | None:
        paths = [(base / f).resolve() for f in folders]
        missing = [str(f) for f, p in zip(folders, paths) if not p.exists()]
        if missing:
            problems.append(f"{where}: wetmap {', '.join(missing)} bestaat niet (paden gelden vanaf de map van "
                            f"het scenario)")
            return None
        sources, model = _read_laws(paths, where)
        key = _key_of(sources)
        law_sets[key], models[key] = sources, model
        return key

    main_key = laws(scenario.wetten, "veld 'wetten'")
    if main_key is None:
        raise ScenarioError(problems)
    model = models[main_key]
    otype = model.object_type(scenario.populatie.objecttype)
    if otype is None:
        raise ScenarioError([f"veld 'populatie.objecttype': onbekend objecttype '{scenario.populatie.objecttype}' "
                             f"(bekend: {', '.join(t.name for t in model.object_types.values())})"])
    kinds = _attribute_kinds(scenario, otype, model, problems)
    variants = []
    for i, v in enumerate(scenario.varianten):
        where = f"veld 'varianten.{i}' ({v.naam})"
        key = laws(v.wetten, where) if v.wetten else main_key
        if key is None:
            continue
        vm = models[key]
        vtype = vm.object_type(otype.name)
        if key != main_key:
            if vtype is None:
                problems.append(f"{where}: de wetten van deze variant kennen geen objecttype {otype.name}")
                continue
            _same_shape(scenario, otype, vtype, vm, model, where, problems)
        overrides = _parameters({**_scenario_parameters(scenario), **v.parameters}, vm, where, problems)
        inputs = _inputs(v.invoer, vtype or otype, where, problems)
        variants.append(VariantPlan(v.naam, v.beschrijving or "", key, overrides, inputs))
    results = _results(scenario, otype, problems)
    _groupings(scenario, otype, problems)
    _fact_type(scenario, model, otype, problems)
    blocks, file_kinds, numeric_ids = _blocks(scenario, base, otype, problems)
    kinds.update(file_kinds)
    on_death = {}
    if scenario.projectie is not None:
        proj = scenario.projectie
        for name in proj.indexatie:
            if kinds.get(name.lower(), ("", 0))[0] not in ("number", "percentage"):
                problems.append(f"veld 'projectie.indexatie.{name}': alleen getallen die de populatie trekt "
                                f"(populatie.attributen) kunnen worden geïndexeerd")
        for name in proj.bij_overlijden_partner:
            if kinds.get(name.lower(), ("",))[0] not in ("number", "percentage", "kenmerk"):
                problems.append(f"veld 'projectie.bij_overlijden_partner.{name}': alleen getallen en kenmerken "
                                f"die de populatie trekt (populatie.attributen) kunnen veranderen")
        on_death = _inputs(proj.bij_overlijden_partner, otype, "veld 'projectie.bij_overlijden_partner'", problems)
    _coverage(scenario, models, problems)
    _buy_out(scenario, results, problems)
    if problems:
        raise ScenarioError(problems)
    amounts = {k: {name: (p.type.decimals or 0) for name, p in m.parameters.items() if "€" in str(p.type.unit)}
               for k, m in models.items()}
    return Job(scenario=scenario, scenario_path=str(Path(path)), law_sets=law_sets,
               variants=tuple(variants), results=tuple(results), kinds=kinds, object_type=otype.name,
               dates=tuple(scenario.dates()),
               blocks=blocks, amounts=amounts, on_partner_death=on_death, file_kinds=file_kinds,
               file_numeric_ids=numeric_ids)


def _blocks(scenario: Scenario, base: Path, otype, problems) -> tuple[tuple[int, ...], dict, bool]:
    """Block sizes, and for a persons file the type of each column that is an attribute or kenmerk and whether
    its ids are whole numbers."""
    pop = scenario.populatie
    if pop.bestand is None:
        return tuple(block_sizes(pop.omvang, scenario.blok)), {}, False
    from . import persons_file as F
    path = base / pop.bestand
    if not path.exists():
        problems.append(f"veld 'populatie.bestand': '{pop.bestand}' bestaat niet (paden gelden vanaf de map van het "
                        f"scenario)")
        return (), {}, False
    try:
        columns = F.columns(path)
        sizes = F.household_blocks(path, scenario.blok, pop.omvang)
        numeric = F.ids_are_numbers(path, pop.omvang)
    except ScenarioError as e:
        problems.extend(e.problems)
        return (), {}, False
    kinds = {}
    for col in columns:
        if col in ("id", "partner"):
            continue
        m = _member(col, otype, f"veld 'populatie.bestand', kolom '{col}'", problems)
        if isinstance(m, M.KenmerkInfo):
            kinds[col] = ("kenmerk", None)
        elif m is not None:
            kinds[col] = (m.type.kind, m.type.decimals)
    if pop.geboortedatum.lower() not in columns and (scenario.projectie or any(
            g.attribuut.lower() == "leeftijd" for g in scenario.uitvoer.groepen)):
        problems.append(f"veld 'populatie.bestand': een projectie of groepering op leeftijd vraagt een kolom "
                        f"'{pop.geboortedatum}'")
    return tuple(sizes), kinds, numeric


def _scenario_parameters(scenario: Scenario) -> dict:
    return dict(scenario.parameters)


def _member(name: str, otype: M.ObjectTypeInfo, where: str, problems: list[str]):
    key = name.lower()
    if key in otype.attributes:
        return otype.attributes[key]
    if key in otype.kenmerken:
        return otype.kenmerken[key]
    hint = did_you_mean(name, [a.name for a in otype.attributes.values()] + [k.name for k in otype.kenmerken.values()])
    problems.append(f"{where}: {otype.name} heeft geen attribuut of kenmerk '{name}'"
                    + (f" (bedoelde u '{hint}'?)" if hint else ""))
    return None


def _attribute_kinds(scenario: Scenario, otype, model, problems) -> dict[str, tuple[str, int | None]]:
    out: dict[str, tuple[str, int | None]] = {}
    pop = scenario.populatie
    if pop.bestand is None:
        birth = otype.attributes.get(pop.geboortedatum.lower())
        if birth is None or birth.type.kind != "date":
            problems.append(f"veld 'populatie.geboortedatum': {otype.name} heeft geen datum-attribuut "
                            f"'{pop.geboortedatum}'")
    for name, dist in pop.attributen.items():
        where = f"veld 'populatie.attributen.{name}'"
        m = _member(name, otype, where, problems)
        if m is None:
            continue
        if isinstance(m, M.KenmerkInfo):
            kind, decimals = "kenmerk", None
        else:
            kind, decimals = m.type.kind, m.type.decimals
        numeric_form = dist.verdeling not in (None, "keuze") or (dist.verdeling == "keuze" and kind in ("number",
                                                                                                        "percentage"))
        if kind in ("kenmerk", "boolean") and dist.kans is None and dist.waarde is None:
            problems.append(f"{where}: een kenmerk krijgt een 'kans' (of een vaste 'waarde')")
        elif kind not in ("number", "percentage", "kenmerk", "boolean") and numeric_form:
            problems.append(f"{where}: '{m.name}' is geen getal; gebruik 'waarde' of 'keuze' met 'waarden'")
        elif kind in ("number", "percentage") and dist.kans is not None:
            problems.append(f"{where}: '{m.name}' is een getal; 'kans' is voor kenmerken")
        else:
            _check_values(dist, m, model, where, problems)
        if dist.per is not None:
            on = dist.per.attribuut.lower()
            if on != "leeftijd" and on not in out:
                problems.append(f"{where}.per: '{dist.per.attribuut}' is geen leeftijd en geen eerder getrokken "
                                f"attribuut")
            elif on != "leeftijd" and out[on][0] not in ("number", "percentage"):
                problems.append(f"{where}.per: '{dist.per.attribuut}' is geen getal; 'per' kan alleen de leeftijd "
                                f"of een eerder getrokken getal volgen")
        out[name.lower()] = (kind, decimals)
    return out


def _check_values(dist, m, model: M.Model, where: str, problems: list[str]) -> None:
    """Fixed values and choices (also in `per` classes) must fit the attribute: dates, numbers, domain values."""
    dists = [dist] + [class_distribution(dist, b) for b in (dist.per.klassen if dist.per else ())]
    values = [v for d in dists for v in ([d.waarde] if d.waarde is not None else d.waarden or [])]
    if isinstance(m, M.KenmerkInfo):
        for v in values:
            try:
                parse_bool(v, f"{where}, waarde '{v}'")
            except ValueError as e:
                problems.append(str(e))
                return
        return
    enums = {k.lower(): v for k, v in model.enums.items()}
    allowed = enums.get((m.type.name or "").lower()) if m.type.kind == "enum" else None
    for v in values:
        try:
            convert_value(v, m.type, f"{where}, waarde '{v}'")
        except ValueError as e:
            problems.append(str(e))
            return
        if allowed is not None and str(v) not in allowed:
            hint = did_you_mean(str(v), allowed)
            problems.append(f"{where}: '{v}' is geen waarde van {m.type.name}"
                            + (f" (bedoelde u '{hint}'?)" if hint else f" (mogelijk: {', '.join(allowed)})"))
            return


def _same_shape(scenario: Scenario, otype, vtype, vm: M.Model, model: M.Model, where: str, problems) -> None:
    """A variant with other laws must know the results, groupings, inputs and fact type of the scenario, with
    the same kind and decimals (so that the variants compare exactly)."""
    before = len(problems)
    sub: list[str] = []
    _results(scenario, vtype, sub)
    _groupings(scenario, vtype, sub)
    _fact_type(scenario, vm, vtype, sub)
    for name in scenario.populatie.attributen:
        _member(name, vtype, f"veld 'populatie.attributen.{name}'", sub)
    problems.extend(f"{where}: {p}" for p in sub)
    if len(problems) > before:
        return
    for r in scenario.uitvoer.results():
        a, b = otype.attributes.get(r.attribuut.lower()), vtype.attributes.get(r.attribuut.lower())
        if a is not None and b is not None and (a.type.kind, a.type.decimals) != (b.type.kind, b.type.decimals):
            problems.append(f"{where}: '{a.name}' heeft in deze wetten een ander type of aantal decimalen "
                            f"({b.type.show()}, {b.type.decimals} decimalen) dan in de wetten van het scenario "
                            f"({a.type.show()}, {a.type.decimals} decimalen); varianten vergelijken alleen gelijke "
                            f"uitkomsten")


def _fact_type(scenario: Scenario, model: M.Model, otype, problems: list[str]) -> None:
    """The partners' fact type must exist and link two objects of the population's type."""
    p = scenario.populatie.partners
    if p is None:
        return
    info = model.fact_types.get(p.feittype.lower())
    if info is None:
        hint = did_you_mean(p.feittype, [f.name for f in model.fact_types.values()])
        problems.append(f"veld 'populatie.partners.feittype': onbekend feittype '{p.feittype}'"
                        + (f" (bedoelde u '{hint}'?)" if hint else
                           f" (bekend: {', '.join(f.name for f in model.fact_types.values()) or 'geen'})"))
    elif any(r.object_type.lower() != otype.name.lower() for r in info.roles):
        problems.append(f"veld 'populatie.partners.feittype': '{info.name}' verbindt geen twee objecten van het type "
                        f"{otype.name}")


def _parameters(raw: dict[str, Any], model: M.Model, where: str, problems: list[str]) -> dict[str, Any]:
    out = {}
    for name, value in raw.items():
        p = model.parameters.get(name.lower())
        if p is None:
            hint = did_you_mean(name, [q.name for q in model.parameters.values()])
            problems.append(f"{where}: onbekende parameter '{name}'" + (f" (bedoelde u '{hint}'?)" if hint else ""))
            continue
        try:
            out[name.lower()] = convert_value(value, p.type, f"{where}, parameter '{name}'")
        except ValueError as e:
            problems.append(str(e))
    return out


def _inputs(raw: dict[str, Any], otype, where: str, problems: list[str]) -> dict[str, Any]:
    out = {}
    for name, value in raw.items():
        m = _member(name, otype, where, problems)
        if m is None:
            continue
        try:
            out[name.lower()] = parse_bool(value, f"{where}, invoer '{name}'") if isinstance(m, M.KenmerkInfo) \
                else convert_value(value, m.type, f"{where}, invoer '{name}'")
        except ValueError as e:
            problems.append(str(e))
    return out


def _results(scenario: Scenario, otype, problems) -> list[ResultInfo]:
    out = []
    for i, r in enumerate(scenario.uitvoer.results()):
        m = _member(r.attribuut, otype, f"veld 'uitvoer.resultaten.{i}'", problems)
        if m is None:
            continue
        if isinstance(m, M.KenmerkInfo):
            out.append(ResultInfo(r.attribuut.lower(), m.name, "kenmerk", None, "", r.factor, r.soort == "betaling"))
        elif m.type.kind not in ("number", "percentage", "boolean"):
            problems.append(f"veld 'uitvoer.resultaten.{i}': '{m.name}' is geen getal of kenmerk en kan niet "
                            f"worden opgeteld")
        else:
            kind = "kenmerk" if m.type.kind == "boolean" else m.type.kind
            out.append(ResultInfo(r.attribuut.lower(), m.name, kind, m.type.decimals, str(m.type.unit), r.factor,
                                  r.soort == "betaling"))
    return out


def _groupings(scenario: Scenario, otype, problems):
    for i, g in enumerate(scenario.uitvoer.groepen):
        if g.attribuut.lower() in SPECIAL_GROUPS:
            if g.attribuut.lower() == "leeftijd" and not g.grenzen:
                problems.append(f"veld 'uitvoer.groepen.{i}': groeperen op leeftijd vraagt 'grenzen'")
            continue
        m = _member(g.attribuut, otype, f"veld 'uitvoer.groepen.{i}'", problems)
        if isinstance(m, M.AttributeInfo) and m.type.kind in ("number", "percentage") and not g.grenzen:
            problems.append(f"veld 'uitvoer.groepen.{i}': groeperen op een getal vraagt 'grenzen'")


def parameter_sets(module, job: Job, variant: VariantPlan, on: date) -> tuple:
    """The module's PARAMETER_SETS for one variant on one date: the variant's overrides first; a law without a
    set on that date takes its nearest set when the projection says so, amounts indexed per year."""
    sets = list(module.PARAMETER_SETS)
    proj = job.scenario.projectie
    if proj is not None and proj.parameters.buiten_bereik == "dichtstbijzijnde":
        laws = {s[3] for s in sets if s[3]}
        for law in sorted(laws):
            own = [s for s in sets if s[3] == law]
            if any((s[1] is None or s[1] <= on) and (s[2] is None or on <= s[2]) for s in own):
                continue
            nearest = min(own, key=lambda s: _distance(s, on))
            years = on.year - (nearest[1].year if nearest[1] and on < nearest[1] else
                               nearest[2].year if nearest[2] and on > nearest[2] else on.year)
            factor = (1 + Fraction(str(proj.parameters.indexatie)) / 100) ** years
            values = {}
            for k, v in nearest[4].items():
                d = job.amounts.get(variant.law_key, {}).get(k)
                values[k] = round_to(v * factor, d, "rekenkundig") if d is not None and v is not None else v
            sets.append((f"{nearest[0]} (doorgetrokken naar {on.year})", on, on, law, values))
    if variant.overrides:
        sets.insert(0, (f"variant {variant.name}", None, None, None, dict(variant.overrides)))
    return tuple(sets)


def _distance(s, on: date) -> int:
    if s[1] is not None and on < s[1]:
        return (s[1] - on).days
    if s[2] is not None and on > s[2]:
        return (on - s[2]).days
    return 0


def _buy_out(scenario: Scenario, results: list[ResultInfo], problems: list[str]) -> None:
    b = scenario.afkoop
    if b is None:
        return
    if scenario.projectie is None:
        problems.append("veld 'afkoop': een afkoop vraagt een 'projectie' over jaren")
    elif not scenario.projectie.van <= b.vanaf <= scenario.projectie.tot:
        problems.append(f"veld 'afkoop.vanaf': {b.vanaf} ligt buiten de projectie ({scenario.projectie.van} tot en met "
                        f"{scenario.projectie.tot})")
    if not any(r.key == b.resultaat.lower() and r.kind != "kenmerk" for r in results):
        problems.append(f"veld 'afkoop.resultaat': '{b.resultaat}' is geen getal onder 'uitvoer.resultaten'")
    names = [v.naam for v in scenario.varianten]
    if b.variant is not None and b.variant not in names:
        hint = did_you_mean(b.variant, names)
        problems.append(f"veld 'afkoop.variant': er is geen variant '{b.variant}'"
                        + (f" (bedoelde u '{hint}'?)" if hint else f" (varianten: {', '.join(names)})"))


def _coverage(scenario: Scenario, models: dict[str, M.Model], problems: list[str]) -> None:
    """Every law with parameter sets must have one on every rekendatum, unless the projection carries the
    nearest set forward (then the report names the years that did)."""
    proj = scenario.projectie
    if proj is not None and proj.parameters.buiten_bereik == "dichtstbijzijnde":
        return
    for model in models.values():
        for law in sorted({s.law for s in model.parameter_sets if s.law}):
            sets = [s for s in model.parameter_sets if s.law == law]
            gaps = [d for d in scenario.dates() if not any(s.holds(d) for s in sets)]
            if gaps:
                shown = ", ".join(d.strftime("%d-%m-%Y") for d in gaps[:3]) + (" …" if len(gaps) > 3 else "")
                problems.append(f"wet {law} heeft geen parameterset op {shown}; kies een rekendatum binnen de sets"
                                + (" of zet 'projectie.parameters.buiten_bereik: dichtstbijzijnde'" if proj else ""))

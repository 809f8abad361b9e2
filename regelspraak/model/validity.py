"""Checks over the whole model: overlapping versions (R402), possible conflicts (R501), unused names (R403),
parameter sets (R404/R405). `check_validity(model, diag)` only reports."""
from __future__ import annotations

from datetime import date
from itertools import combinations

from ..codes import Code
from ..diagnostics import Diagnostics, Label
from . import nodes as M
from .disjoint import disjoint
from .order import reads_of

_MIN, _MAX = date.min, date.max


def _overlap(a: M.RuleVersion | M.ParameterSetInfo, b: M.RuleVersion | M.ParameterSetInfo) -> bool:
    return (a.start or _MIN) <= (b.end or _MAX) and (b.start or _MIN) <= (a.end or _MAX)


def check_validity(model: M.Model, diag: Diagnostics) -> None:
    """Report validity and overlap problems of a resolved model."""
    for item in list(model.rules) + list(model.parameter_sets):
        if isinstance(item, M.RuleVersion) and ", rij " in item.rule:
            continue                                  # decision tables: reported once per version by resolve
        if item.start and item.end and item.end < item.start:
            what = f"parameterset '{item.name}'" if isinstance(item, M.ParameterSetInfo) else f"regel '{item.label()}'"
            diag.error(Code.R406, f"de geldigheid van {what} eindigt ({item.end.strftime('%d-%m-%Y')}) voordat ze begint "
                               f"({item.start.strftime('%d-%m-%Y')})", item.span,
                       hint="verwissel de datums: 'geldig vanaf BEGIN t/m EINDE'")
    by_rule: dict[str, list[M.RuleVersion]] = {}
    for r in model.rules:
        if ", rij " not in r.rule:
            by_rule.setdefault(r.rule, []).append(r)
    for name, versions in by_rule.items():
        for a, b in combinations(versions, 2):
            if _overlap(a, b):
                diag.error(Code.R402, f"versies van regel '{name}' overlappen in geldigheid", b.span,
                           note="deze versie", secondary=[Label(a.span, "overlapt met deze versie")],
                           hint="laat de ene versie eindigen (t/m) voor de andere begint (vanaf)")
    _possible_conflicts(model, diag)
    _unused(model, diag)
    _parameter_sets(model, diag)


def _possible_conflicts(model: M.Model, diag: Diagnostics) -> None:
    by_target: dict[tuple[str, str], list[M.RuleVersion]] = {}
    for r in model.rules:
        if r.kind in ("berekend", "gesteld"):
            by_target.setdefault((r.target.object_type.lower(), r.target.name.lower()), []).append(r)
    for (_, attr), rules in by_target.items():
        for a, b in combinations(rules, 2):
            if a.rule == b.rule or not _overlap(a, b):
                continue
            if a.rule.split(", rij ")[0] == b.rule.split(", rij ")[0] and ", rij " in a.rule:
                if disjoint(a.condition, b.condition):
                    continue
            elif disjoint(a.condition, b.condition):
                continue
            diag.warning(Code.R501, f"regels '{a.rule}' en '{b.rule}' kunnen allebei '{a.target.name}' vaststellen",
                         b.span, note="tweede regel", secondary=[Label(a.span, "eerste regel")],
                         hint="maak de voorwaarden uitsluitend (bv. 'hij is een aanvrager' tegenover "
                              "'hij is geen aanvrager'); vuren ze allebei, dan stopt de berekening met een conflict")


def _unused(model: M.Model, diag: Diagnostics) -> None:
    used: set[tuple[str, str]] = set()
    params: set[str] = set()
    for r in model.rules:
        used |= reads_of(r)
        used.add((r.target.object_type.lower(), r.target.name.lower()))
        params |= r.parameters
    for t in model.object_types.values():
        seen = set()
        for info in list(t.attributes.values()) + list(t.kenmerken.values()):
            if id(info) in seen:
                continue
            seen.add(id(info))
            if (t.name.lower(), info.name.lower()) not in used:
                diag.warning(Code.R403, f"'{info.name}' van {t.name} wordt door geen enkele regel gebruikt", info.span,
                             hint="verwijder de declaratie of gebruik haar in een regel")
    for p in model.parameters.values():
        if p.name.lower() not in params:
            diag.warning(Code.R403, f"parameter '{p.name}' wordt door geen enkele regel gebruikt", p.span,
                         hint="verwijder de declaratie of gebruik haar in een regel")


def _parameter_sets(model: M.Model, diag: Diagnostics) -> None:
    used = frozenset().union(*(r.parameters for r in model.rules))
    for s in model.parameter_sets:
        missing = [model.parameters[p].name for p in sorted(used) if p not in s.values
                   and any(p in o.values for o in model.parameter_sets if o.law == s.law)]
        if missing:
            diag.warning(Code.R404, f"parameterset '{s.name}' geeft geen waarde voor: {', '.join(missing)}", s.span,
                         hint="een berekening op een datum in deze set kan die parameters dan niet gebruiken")
    for a, b in combinations(model.parameter_sets, 2):
        shared = set(a.values) & set(b.values)
        if not (_overlap(a, b) and shared):
            continue
        differing = sorted(p for p in shared if a.values[p] != b.values[p])
        if a.law == b.law:
            diag.error(Code.R405, f"parametersets '{a.name}' en '{b.name}' gelden tegelijk voor dezelfde parameters",
                       b.span, secondary=[Label(a.span, "overlapt hiermee")],
                       hint="laat de geldigheid van de sets aansluiten zonder overlap")
        elif differing:
            names = ", ".join(model.parameters[p].name for p in differing if p in model.parameters)
            diag.error(Code.R405, f"parametersets '{a.name}' ({a.law}) en '{b.name}' ({b.law}) geven tegelijk een "
                               f"andere waarde voor: {names}", b.span, secondary=[Label(a.span, "andere waarde hier")],
                       hint="een parameter die twee wetten delen heeft op elke datum één waarde; maak de waarden "
                            "gelijk of geef de parameters verschillende namen")

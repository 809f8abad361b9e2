"""Checks over the whole model: overlapping versions (R402), possible conflicts (R501), unused names (R403),
parameter sets (R404 missing parameter, R405 overlap, R407 gap). `check_validity(model, diag)` only reports."""
from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

from ..codes import Code
from ..diagnostics import Diagnostics, Label
from . import nodes as M
from .disjoint import disjoint
from .order import reads_of

_MIN, _MAX = date.min, date.max
_DAY = timedelta(days=1)
Period = tuple[date, date]                    # first and last day, both inclusive


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
    _coverage(model, diag)
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


# ------------------------------------------------------------------ parameter coverage

def _period(x: M.RuleVersion | M.ParameterSetInfo) -> Period:
    return x.start or _MIN, x.end or _MAX


def _merge(periods: list[Period]) -> list[Period]:
    """Sorted, disjoint periods covering exactly the days of the given ones (adjacent ones joined)."""
    out: list[Period] = []
    for a, b in sorted(p for p in periods if p[0] <= p[1]):
        if out and (out[-1][1] == _MAX or a <= out[-1][1] + _DAY):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _minus(period: Period, covered: list[Period]) -> list[Period]:
    """The days of period not in the (merged) covered periods."""
    out: list[Period] = []
    start, end = period
    for a, b in covered:
        if b < start or a > end:
            continue
        if a > start:
            out.append((start, a - _DAY))
        if b >= end:
            return out
        start = b + _DAY
    out.append((start, end))
    return out


def _intersect(xs: list[Period], ys: list[Period]) -> list[Period]:
    return _merge([(max(a, c), min(b, d)) for a, b in xs for c, d in ys if max(a, c) <= min(b, d)])


def _show(periods: list[Period]) -> str:
    """'01-01-2025 t/m 31-12-2025', 'vanaf 01-01-2025' (more periods joined with 'en')."""
    def one(p: Period) -> str:
        a, b = p
        if a == _MIN and b == _MAX:
            return "altijd"
        if b == _MAX:
            return f"vanaf {a.strftime('%d-%m-%Y')}"
        if a == _MIN:
            return f"t/m {b.strftime('%d-%m-%Y')}"
        return f"{a.strftime('%d-%m-%Y')} t/m {b.strftime('%d-%m-%Y')}"
    return " en ".join(one(p) for p in periods)


def _coverage(model: M.Model, diag: Diagnostics) -> None:
    """Within the span a law's parameter sets cover (from the first set's start to the last set's end: the
    law's horizon), every parameter a rule reads on a day must have a value on that day. A day without any
    set of the law is a gap (R407); a set in force that lacks a parameter other sets of the law give, with
    no other set giving it then, misses it (R404). Both are errors: a run on such a day would quietly leave
    out the rules that need the value. Outside the horizon a run says that no parameter set holds."""
    needed: dict[str, list[Period]] = {}          # parameter → the days a rule version reading it holds
    for r in model.rules:
        for p in r.parameters:
            needed.setdefault(p, []).append(_period(r))
    needed = {p: _merge(ps) for p, ps in needed.items()}
    valid = [s for s in model.parameter_sets if not (s.start and s.end and s.end < s.start)]
    given: dict[str, list[Period]] = {}           # parameter → the days some set (of any law) gives it
    for s in valid:
        for p in s.values:
            given.setdefault(p, []).append(_period(s))
    given = {p: _merge(ps) for p, ps in given.items()}
    laws: dict[str | None, list[M.ParameterSetInfo]] = {}
    for s in valid:
        laws.setdefault(s.law, []).append(s)
    for law, sets in laws.items():
        sets.sort(key=lambda s: _period(s))
        params = sorted({p for s in sets for p in s.values if p in needed})
        of_law = f" van {law}" if law else ""
        covered = _merge([_period(s) for s in sets])
        horizon = (covered[0][0], covered[-1][1])
        for gap in _minus(horizon, covered):
            missing = [model.parameters[p].name for p in params if _intersect([gap], needed[p])]
            if not missing:
                continue
            before = max((s for s in sets if _period(s)[1] < gap[0]), key=lambda s: _period(s)[1])
            after = min((s for s in sets if _period(s)[0] > gap[1]), key=lambda s: _period(s)[0])
            diag.error(Code.R407, f"geen parameterset{of_law} geldt van {_show([gap])}, tussen '{before.name}' en "
                                  f"'{after.name}'; daar ontbreken: {', '.join(missing)}", after.span,
                       note="de set na het gat", secondary=[Label(before.span, "de set voor het gat")],
                       hint=f"voeg een parameterset toe die geldt van {_show([gap])}, of laat '{before.name}' "
                            f"doorlopen t/m {gap[1].strftime('%d-%m-%Y')} of '{after.name}' beginnen op "
                            f"{gap[0].strftime('%d-%m-%Y')}")
        for s in sets:
            parts: list[str] = []
            for p in params:
                if p in s.values:
                    continue
                lacking = _intersect(_minus(_period(s), given[p]), needed[p])
                if lacking:
                    parts.append(model.parameters[p].name + ("" if lacking == [_period(s)] else
                                                             f" ({_show(lacking)})"))
            if parts:
                where = ", ".join(x for x in (law, _show([_period(s)])) if x)
                diag.error(Code.R404, f"parameterset '{s.name}' ({where}) geeft geen waarde voor: {', '.join(parts)}",
                           s.span, note="hier ontbreekt een parameter",
                           hint="geef de parameter een waarde in deze set, zoals de andere sets van de wet doen; "
                                "anders kan een berekening op een datum in deze set de regels die hem lezen niet "
                                "uitvoeren")

"""Synthetic persons, one block at a time: households (head, partner, children), ages, and named attributes.

In: the scenario's ``Population`` (distributions), the attribute types of the model, the reference date (the
first rekendatum) and a block number.  Out: a ``Block`` of plain numpy arrays.  Every block draws from its
own random stream ``(zaad, blok)``, so a person's values depend only on the seed and the block — never on the
chunk size, the number of processes or the engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..cases import parse_bool
from .scenario import Distribution, Population

HEAD, PARTNER, CHILD = 0, 1, 2
_DAYS_PER_YEAR = 365.2425


@dataclass
class Block:
    """Persons of one block: global ids, household roles, partner row (-1 none), birth dates, attributes.

    ``values[name]`` is ``("num", ints, decimals, leeg)``, ``("kenmerk", bools)``, ``("date", ordinals, leeg)``
    or ``("cat", objects, leeg)``; ``leeg`` is a bool array or None."""
    ids: np.ndarray
    role: np.ndarray
    partner: np.ndarray
    birth: np.ndarray
    values: dict[str, tuple] = field(default_factory=dict)
    birth_leeg: np.ndarray | None = None             # persons file: rows without a birth date

    @property
    def n(self) -> int:
        return len(self.ids)


def age_on(birth: np.ndarray, on: date) -> np.ndarray:
    """Whole years of age on a date (0 for births after it), calendar-exact: someone born on 29 February turns a
    year older on 1 March in other years.  An estimate from the day count is corrected against the day numbers
    of the dates k years before `on` (clamped to the month end)."""
    import calendar
    oldest = int((on.toordinal() - int(birth.min())) * 4 // 1461) + 1 if len(birth) else 0
    oldest = max(0, min(oldest, on.year - 1))
    limits = np.empty(oldest + 2, np.int64)           # limits[k]: the last birth day number that is k years old
    for k in range(oldest + 2):
        y = max(on.year - k, 1)
        limits[k] = date(y, on.month, min(on.day, calendar.monthrange(y, on.month)[1])).toordinal()
    guess = np.clip((on.toordinal() - birth) * 4 // 1461, 0, oldest)
    age = guess + (birth <= limits[guess + 1]) - (birth > limits[guess])
    return np.maximum(age, 0)


def band_index(x: np.ndarray, edges) -> np.ndarray:
    """The class of each value between sorted edges: 0 below the first, i for edges[i-1] <= x < edges[i]."""
    out = np.zeros(len(x), np.int64)
    for e in edges:
        out += x >= e
    return out


def block_sizes(total: int, block: int) -> list[int]:
    """The number of persons in each block: full blocks, then the rest."""
    sizes = [block] * (total // block)
    if total % block:
        sizes.append(total % block)
    return sizes


def generate_block(pop: Population, kinds: dict[str, tuple[str, int | None]], ref: date,
                   number: int, block: int, size: int) -> Block:
    """Generate block `number` (persons number·block … + size) with the scenario's distributions.

    kinds: attribute key → (kind, decimals) with kind number/percentage/date/boolean/text/enum/kenmerk."""
    rng = np.random.default_rng([pop.zaad, number])
    head_age = np.clip(_draw_number(pop.leeftijd, rng, size, {}), 0, 120)
    head_known = {"leeftijd": np.floor(head_age)}
    has_partner = np.zeros(size, bool)
    partner_age = np.zeros(size)
    if pop.partners is not None:
        p = pop.partners
        if p.kans_per_leeftijd:
            bands = [(van, tot) for van, tot, _ in p.kans_per_leeftijd]
            chance = np.array([0.0] + [k for _, _, k in p.kans_per_leeftijd])[class_index(head_age, bands)]
        else:
            chance = np.full(size, p.kans)
        has_partner = (rng.random(size) < chance) & (head_age >= p.minimumleeftijd)
        gap = _draw_number(p.leeftijdsverschil, rng, size, head_known)
        partner_age = head_age - gap
        top = p.maximumleeftijd if p.maximumleeftijd is not None else 120
        partner_age = np.clip(partner_age, p.minimumleeftijd, np.nextafter(top, 0))
    kids = np.zeros(size, np.int64)
    if pop.kinderen is not None:
        drawn = np.maximum(np.rint(_draw_number(pop.kinderen.aantal, rng, size, head_known)), 0).astype(np.int64)
        kids = np.where((head_age >= 20) & (head_age < 50), drawn, 0)
    # lay the households out until the block is full; the last one is cut to fit
    hh = 1 + has_partner + kids
    end = np.cumsum(hh)
    last = int(np.searchsorted(end, size))             # household that reaches or passes `size`
    keep = last + 1
    cut = int(end[last]) - size if last < size else 0
    hh, has_partner, kids = hh[:keep].copy(), has_partner[:keep].copy(), kids[:keep].copy()
    while cut > 0:                                      # drop children first, then the partner
        if kids[-1] > 0:
            take = min(cut, int(kids[-1]))
            kids[-1] -= take
        else:
            has_partner[-1] = False
            take = 1
        hh[-1] -= take
        cut -= take
    start = np.concatenate([[0], np.cumsum(hh)[:-1]])
    role = np.full(size, CHILD, np.int8)
    role[start] = HEAD
    role[start[has_partner] + 1] = PARTNER
    household = np.repeat(np.arange(keep), hh)
    partner = np.full(size, -1, np.int64)
    heads_with = start[has_partner]
    partner[heads_with] = heads_with + 1
    partner[heads_with + 1] = heads_with
    age = head_age[household].copy()
    age[role == PARTNER] = partner_age[:keep][has_partner]
    is_child = role == CHILD
    if is_child.any():
        parent = head_age[household[is_child]]
        age[is_child] = rng.random(int(is_child.sum())) * np.minimum(18.0, np.maximum(parent - 18.0, 0.5))
    birth = ref.toordinal() - np.floor(age * _DAYS_PER_YEAR).astype(np.int64) - 1
    out = Block(ids=number * block + np.arange(size, dtype=np.int64), role=role, partner=partner, birth=birth)
    known: dict[str, np.ndarray] = {"leeftijd": np.floor(age)}     # whole years, for `per: leeftijd`
    adult = known["leeftijd"] >= 18
    for name, dist in pop.attributen.items():
        key = name.lower()
        kind, decimals = kinds[key]
        who = {"iedereen": np.ones(size, bool), "volwassenen": adult, "hoofd": role == HEAD,
               "partner": role == PARTNER, "kind": is_child}[dist.voor]
        out.values[key] = _attribute(dist, kind, decimals, rng, size, who, known, partner, role)
        if out.values[key][0] == "num":
            known[key] = out.values[key][1] / 10 ** out.values[key][2]
    return out


def _attribute(dist: Distribution, kind: str, decimals: int | None, rng, n: int, who: np.ndarray,
               known: dict, partner: np.ndarray, role: np.ndarray) -> tuple:
    """Draw one attribute for every row (rows outside `who` get leeg / onwaar); `per` classes use their own
    parameters; `partner: gelijk` copies the head's value to the partner."""
    if kind == "kenmerk" or kind == "boolean":
        got = _by_class(dist, known, n, lambda d, m: rng.random(m) < d.kans if d.kans is not None
                        else np.full(m, parse_bool(d.waarde, "waarde")), bool) & who
        if dist.partner == "gelijk":
            got = _copy_to_partner(got, partner, role)
        return ("kenmerk", got) if kind == "kenmerk" else ("cat", got.astype(object), ~who)
    leeg = ~who
    if dist.leeg or any(d.leeg for d in _classes(dist)[1:]):
        leeg = leeg | _by_class(dist, known, n, lambda d, m: rng.random(m) < d.leeg, bool)
    if kind in ("number", "percentage"):
        d = dist.afronden if dist.afronden is not None else (decimals if decimals is not None else 2)
        x = _draw_number(dist, rng, n, known)
        ints = np.rint(x * 10 ** d).astype(np.int64)
        if dist.partner == "gelijk":
            ints, leeg = _copy_to_partner(ints, partner, role), _copy_to_partner(leeg, partner, role)
        return "num", np.where(leeg, 0, ints), d, (leeg if leeg.any() else None)
    vals = _by_class(dist, known, n, lambda d, m: _choose(d, rng, m), object)
    if dist.partner == "gelijk":
        vals, leeg = _copy_to_partner(vals, partner, role), _copy_to_partner(leeg, partner, role)
    if kind == "date":
        from ..values import parse_date
        days = {v: parse_date(str(v)).toordinal() for v in set(vals.tolist())}
        return "date", np.array([days[v] for v in vals], np.int64), (leeg if leeg.any() else None)
    return "cat", vals, (leeg if leeg.any() else None)


def _choose(dist: Distribution, rng, m: int) -> np.ndarray:
    if dist.waarde is not None:
        return np.full(m, dist.waarde, dtype=object)
    p = np.asarray(dist.kansen, float)
    return np.asarray(dist.waarden, dtype=object)[_pick(p, rng, m)]


def _by_class(dist: Distribution, known: dict, n: int, draw, dtype) -> np.ndarray:
    """draw(distribution, m) for the rows of each `per` class with that class's parameters, and for the other
    rows with the base parameters (classes in the order written, the base rows first)."""
    if dist.per is None or dist.per.attribuut.lower() not in known:
        return np.asarray(draw(dist, n), dtype=dtype)
    cond = known[dist.per.attribuut.lower()]
    rest = np.ones(n, bool)
    parts = []
    for band in dist.per.klassen:
        rows = (cond >= band.van) & (cond < band.tot) & rest
        rest &= ~rows
        parts.append(np.flatnonzero(rows))
    out = np.empty(n, dtype=dtype)
    for rows, sub in zip([np.flatnonzero(rest)] + parts, _classes(dist)):
        if len(rows):
            out[rows] = draw(sub, len(rows))
    return out


def _copy_to_partner(x: np.ndarray, partner: np.ndarray, role: np.ndarray) -> np.ndarray:
    x = x.copy()
    rows = np.flatnonzero(role == PARTNER)
    x[rows] = x[partner[rows]]
    return x


_CLASSES: dict[int, tuple] = {}


def _classes(dist: Distribution) -> tuple:
    """The base distribution and one per `per` class (built once per distribution object)."""
    got = _CLASSES.get(id(dist))
    if got is None or got[0] is not dist:
        subs = [dist.model_copy(update=dict(b.model_extra or {})) for b in (dist.per.klassen if dist.per else ())]
        got = _CLASSES[id(dist)] = (dist, *subs)
    return got


def _pick(weights, rng, n: int) -> np.ndarray:
    """n indices drawn with the given (unnormalised) weights: one uniform number each, compared with the
    cumulative shares (a pass per weight, faster than bisection for the few classes of a scenario)."""
    cum = np.cumsum(np.asarray(weights, float))
    u = rng.random(n) * cum[-1]
    out = np.zeros(n, np.int64)
    for c in cum[:-1]:
        out += u >= c
    return out


def class_index(x: np.ndarray, bands) -> np.ndarray:
    """For each value the number (1-based) of the first band [van, tot) that holds it, 0 for none."""
    edges = sorted({e for band in bands for e in band})
    owner = np.zeros(len(edges) + 1, np.int64)        # owner of each stretch between consecutive edges
    for i in range(len(edges) - 1):
        for k, (van, tot) in enumerate(bands):
            if van <= edges[i] and edges[i + 1] <= tot:
                owner[i + 1] = k + 1
                break
    return owner[band_index(x, edges)]


def _draw_number(dist: Distribution, rng, n: int, known: dict) -> np.ndarray:
    """n floats from the distribution (with its share of zeros), `per` classes with their own parameters."""
    def draw(d: Distribution, m: int) -> np.ndarray:
        x = _plain(d, rng, m)
        return np.where(rng.random(m) < d.nul, 0.0, x) if d.nul else x
    return _by_class(dist, known, n, draw, float)


def _plain(dist: Distribution, rng, n: int) -> np.ndarray:
    kind = dist.verdeling
    if kind is None:
        x = np.full(n, float(dist.waarde) if dist.waarde is not None else float(dist.kans or 0))
    elif kind == "uniform":
        x = rng.uniform(dist.van, dist.tot, n)
    elif kind == "normaal":
        x = rng.normal(dist.gemiddelde, dist.sd, n)
    elif kind == "lognormaal":
        # exp in single precision (SIMD, several times faster); the draws stay double precision
        x = dist.mediaan * np.exp((dist.sigma * rng.standard_normal(n)).astype(np.float32)).astype(float)
    elif kind == "poisson":
        x = rng.poisson(dist.gemiddelde, n).astype(float)
    elif kind == "keuze":
        p = np.asarray(dist.kansen, float)
        x = np.asarray([float(v) for v in dist.waarden])[_pick(p, rng, n)]
    else:                                               # tabel: pick a class by weight, uniform inside it
        lo, hi, w = (np.asarray(c, float) for c in zip(*dist.klassen))
        k = _pick(w, rng, n)
        x = lo[k] + rng.random(n) * (hi[k] - lo[k])
    if dist.min is not None or dist.max is not None:
        x = np.clip(x, dist.min if dist.min is not None else -np.inf, dist.max if dist.max is not None else np.inf)
    return x

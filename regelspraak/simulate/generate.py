"""Synthetic persons, one block at a time: households (head, partner, children), ages, and named attributes.

In: the scenario's ``Population`` (distributions), the attribute types of the model, the reference date (the
first rekendatum) and a block number.  Out: a ``Block`` of plain numpy arrays.  Every block draws from its
own random stream ``(zaad, blok)``, so a person's values depend only on the seed and the block — never on the
chunk size, the number of processes or the engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..vector.days import _split
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

    @property
    def n(self) -> int:
        return len(self.ids)


def age_on(birth: np.ndarray, on: date) -> np.ndarray:
    """Whole years of age on a date, calendar-exact (a person born on 29 February turns a year older on 1 March)."""
    y, m, d = _split(birth)
    years = on.year - y.astype(np.int64)
    before = (m > on.month) | ((m == on.month) & (d > on.day))
    return years - before


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
    head_age = _draw_number(pop.leeftijd, rng, size, {}, None)
    head_age = np.clip(head_age, 0, 120)
    has_partner = np.zeros(size, bool)
    partner_age = np.zeros(size)
    if pop.partners is not None:
        p = pop.partners
        chance = np.full(size, p.kans if p.kans is not None else 0.0)
        for van, tot, k in p.kans_per_leeftijd or ():
            chance[(head_age >= van) & (head_age < tot)] = k
        has_partner = (rng.random(size) < chance) & (head_age >= p.minimumleeftijd)
        gap = _draw_number(p.leeftijdsverschil, rng, size, {}, None)
        partner_age = head_age - gap
        top = p.maximumleeftijd if p.maximumleeftijd is not None else 120
        partner_age = np.clip(partner_age, p.minimumleeftijd, np.nextafter(top, 0))
    kids = np.zeros(size, np.int64)
    if pop.kinderen is not None:
        drawn = np.maximum(np.rint(_draw_number(pop.kinderen.aantal, rng, size, {}, None)), 0).astype(np.int64)
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
    """Draw one attribute for every row (rows outside `who` get leeg / onwaar); `partner: gelijk` copies the
    head's value to the partner."""
    if kind == "kenmerk" or kind == "boolean":
        if dist.kans is not None:
            got = rng.random(n) < dist.kans
        else:
            got = np.full(n, _truth(dist.waarde if dist.waarde is not None else (dist.waarden or [False])[0]))
        got = got & who
        if dist.partner == "gelijk":
            got = _copy_to_partner(got, partner, role)
        return ("kenmerk", got) if kind == "kenmerk" else ("cat", got.astype(object), ~who)
    leeg = ~who | (rng.random(n) < dist.leeg) if dist.leeg else ~who
    if kind in ("number", "percentage"):
        d = dist.afronden if dist.afronden is not None else (decimals if decimals is not None else 2)
        x = _draw_number(dist, rng, n, known, None)
        if dist.nul:
            x = np.where(rng.random(n) < dist.nul, 0.0, x)
        ints = np.rint(x * 10 ** d).astype(np.int64)
        if dist.partner == "gelijk":
            ints, leeg = _copy_to_partner(ints, partner, role), _copy_to_partner(leeg, partner, role)
        return "num", np.where(leeg, 0, ints), d, (leeg if leeg.any() else None)
    if kind == "date":
        from ..values import parse_date
        o = np.full(n, parse_date(str(dist.waarde)).toordinal(), np.int64)
        return "date", o, (leeg if leeg.any() else None)
    if dist.waarde is not None:
        vals = np.full(n, dist.waarde, dtype=object)
    else:
        p = np.asarray(dist.kansen, float)
        pick = rng.choice(len(dist.waarden), size=n, p=p / p.sum())
        vals = np.asarray(dist.waarden, dtype=object)[pick]
    if dist.partner == "gelijk":
        vals, leeg = _copy_to_partner(vals, partner, role), _copy_to_partner(leeg, partner, role)
    return "cat", vals, (leeg if leeg.any() else None)


def _copy_to_partner(x: np.ndarray, partner: np.ndarray, role: np.ndarray) -> np.ndarray:
    x = x.copy()
    rows = np.flatnonzero(role == PARTNER)
    x[rows] = x[partner[rows]]
    return x


def _truth(v: Any) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() in ("waar", "ja", "true"))


def _draw_number(dist: Distribution, rng, n: int, known: dict, _unused) -> np.ndarray:
    """n floats from the distribution, with `per` classes of an earlier attribute replacing parameters."""
    if dist.per is None:
        return _plain(dist, rng, n)
    cond = known.get(dist.per.attribuut.lower())
    x = _plain(dist, rng, n)
    if cond is None:
        return x
    for band in dist.per.klassen:
        rows = np.flatnonzero((cond >= band.van) & (cond < band.tot))
        if len(rows):
            update = {k: v for k, v in (band.model_extra or {}).items()}
            x[rows] = _plain(dist.model_copy(update=update), rng, len(rows))
    return x


def _plain(dist: Distribution, rng, n: int) -> np.ndarray:
    kind = dist.verdeling
    if kind is None:
        x = np.full(n, float(dist.waarde) if dist.waarde is not None else float(dist.kans or 0))
    elif kind == "uniform":
        x = rng.uniform(dist.van, dist.tot, n)
    elif kind == "normaal":
        x = rng.normal(dist.gemiddelde, dist.sd, n)
    elif kind == "lognormaal":
        x = dist.mediaan * np.exp(rng.normal(0.0, dist.sigma, n))
    elif kind == "poisson":
        x = rng.poisson(dist.gemiddelde, n).astype(float)
    elif kind == "keuze":
        p = np.asarray(dist.kansen, float)
        x = np.asarray([float(v) for v in dist.waarden])[rng.choice(len(dist.waarden), size=n, p=p / p.sum())]
    else:                                               # tabel: pick a class by weight, uniform inside it
        lo, hi, w = (np.asarray(c, float) for c in zip(*dist.klassen))
        k = rng.choice(len(w), size=n, p=w / w.sum())
        x = lo[k] + rng.random(n) * (hi[k] - lo[k])
    if dist.min is not None or dist.max is not None:
        x = np.clip(x, dist.min if dist.min is not None else -np.inf, dist.max if dist.max is not None else np.inf)
    return x

"""One chunk of a simulation: generate its blocks, project them year by year, run every variant's kernel,
aggregate.  This is the function every engine (local processes, Dask workers) calls.

In: a ``Job`` and the block numbers of the chunk (and a folder for per-person Parquet, or None).  Out: a
``Partial`` of exact aggregates.  Kernels are compiled once per process from the rule sources in the job.
"""
from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..backends.numpy import runtime as vector
from ..backends.numpy.generator import load_numpy
from ..codes import meaning
from ..errors import RunError
from ..evaluate.findings import FAILED
from ..evaluate.values import format_number
from . import aggregate as A
from .allocator import reuse_freed_memory
from .generate import HEAD, Block, age_band, age_on, band_index, generate_block
from .job import Job, law_model, parameter_sets
from .scenario import Mortality, required

_KERNELS: dict[str, tuple] = {}



class SimulationFailure(RunError):
    """A record made a rule fail and the scenario says `bij_fout: stoppen`; the message is Dutch."""

    def __init__(self, message: str):
        super().__init__(None, message)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message,)


def kernel(job: Job, law_key: str):
    """(numpy module, model) for a law set, compiled once per process."""
    got = _KERNELS.get(law_key)
    if got is None:
        if len(_KERNELS) >= 16:                         # a long-lived process (Dask worker) does not grow
            _KERNELS.clear()
        model = law_model(job, law_key)
        got = _KERNELS[law_key] = (load_numpy(model, f"regelspraak_simulatie_{law_key}"), model)
    return got


@dataclass
class _State:
    """A chunk's persons and what changes over the years: who is alive, partners, uprated values."""
    block: Block
    starts: list[tuple[int, int, int]]          # (block number, first row, size) of each block in the chunk
    alive: np.ndarray
    base: dict                                  # the generated values (never written to)
    widowed: np.ndarray                         # persons whose partner died


def block_starts(job: Job) -> list[int]:
    out, at = [], 0
    for size in job.blocks:
        out.append(at)
        at += size
    return out


def run_chunk(job: Job, blocks: tuple[int, ...], out_dir: str | None = None) -> A.Partial:
    """Evaluate the chunk made of `blocks` for every year and variant; write per-person Parquet if asked."""
    reuse_freed_memory()
    partial = A.Partial()
    t0 = time.perf_counter()
    state = _generate(job, blocks)
    partial.seconds["genereren"] = time.perf_counter() - t0
    tables = []
    for yi, on in enumerate(job.dates):
        if yi:
            t1 = time.perf_counter()
            _age_one_year(job, state, on, yi)
            partial.seconds["projecteren"] = partial.seconds.get("projecteren", 0) + time.perf_counter() - t1
        table = _year(job, state, yi, on, partial, out_dir is not None)
        if table is not None:
            tables.append(table)
    if out_dir is not None and tables:
        import pyarrow as pa
        import pyarrow.parquet as pq
        pq.write_table(pa.concat_tables(tables), Path(out_dir) / f"deel-{blocks[0]:06d}.parquet")
    return partial


def _generate(job: Job, blocks: tuple[int, ...]) -> _State:
    pop = job.scenario.populatie
    starts = block_starts(job)
    parts, where, row = [], [], 0
    for b in blocks:
        if pop.bestand is not None:
            from .persons_file import read_block
            blk = read_block(job, b, starts[b], job.blocks[b])
        else:
            blk = generate_block(pop, job.kinds, job.dates[0], b, job.scenario.blok, job.blocks[b])
        parts.append(blk)
        where.append((b, row, blk.n))
        row += blk.n
    block = _concat(parts)
    base = dict(block.values)
    return _State(block, where, np.ones(block.n, bool), base, np.zeros(block.n, bool))


def _concat(parts: list[Block]) -> Block:
    if len(parts) == 1:
        return parts[0]
    offsets = np.cumsum([0] + [p.n for p in parts[:-1]])
    partner = np.concatenate([np.where(p.partner >= 0, p.partner + o, -1) for p, o in zip(parts, offsets)])
    values: dict[str, tuple] = {}
    for key, first in parts[0].values.items():
        cols = [p.values[key] for p in parts]
        if first[0] == "kenmerk":
            values[key] = ("kenmerk", np.concatenate([c[1] for c in cols]))
            continue
        leeg = None if all(c[-1] is None for c in cols) else np.concatenate(
            [c[-1] if c[-1] is not None else np.zeros(len(c[1]), bool) for c in cols])
        data = np.concatenate([c[1] for c in cols])
        values[key] = (first[0], data, first[2], leeg) if first[0] == "num" else (first[0], data, leeg)
    birth_leeg = None if all(p.birth_leeg is None for p in parts) else np.concatenate(
        [p.birth_leeg if p.birth_leeg is not None else np.zeros(p.n, bool) for p in parts])
    return Block(np.concatenate([p.ids for p in parts]), np.concatenate([p.role for p in parts]), partner,
                 np.concatenate([p.birth for p in parts]), values, birth_leeg)


def _death_chance(m: Mortality, age: np.ndarray) -> np.ndarray:
    if m.model == "gompertz":
        a, b = required(m.a, "projectie.sterfte.a"), required(m.b, "projectie.sterfte.b")
        return np.minimum(1.0, a * np.exp(b * age))
    tabel = required(m.tabel, "projectie.sterfte.tabel")
    ages = sorted(tabel)
    table = np.array([tabel[a] for a in ages])
    return table[np.clip(np.searchsorted(ages, age, side="right") - 1, 0, len(ages) - 1)]


def _age_one_year(job: Job, state: _State, on: date, yi: int) -> None:
    """Deaths (one random stream per block and year), partners left behind (they keep the scenario's
    `bij_overlijden_partner` values from then on), generated amounts uprated from their first-year values."""
    proj = required(job.scenario.projectie, "projectie")      # (only a projection has more than one year)
    blk = state.block
    if proj.sterfte is not None:
        q = _death_chance(proj.sterfte, age_on(blk.birth, on).astype(float))
        if blk.birth_leeg is not None:                  # without a birth date nobody ages, nor dies
            q = np.where(blk.birth_leeg, 0.0, q)
        dies = np.zeros(blk.n, bool)
        for b, first, size in state.starts:
            u = np.random.default_rng([job.scenario.populatie.zaad, b, on.year, 1]).random(size)
            dies[first:first + size] = u < q[first:first + size]
        dies &= state.alive
        state.alive &= ~dies
        widowed = blk.partner[dies]
        widowed = widowed[widowed >= 0]
        blk.partner[dies] = -1
        blk.partner[widowed] = -1
        state.widowed[widowed] = True
    years = on.year - job.dates[0].year
    for key in set(proj.indexatie) | set(job.on_partner_death):
        key = key.lower()
        col = state.base[key]
        if col[0] == "num":
            pct = proj.indexatie.get(key, proj.indexatie.get(_declared(proj.indexatie, key), 0))
            data = uprate(col[1], pct, years) if pct else col[1].copy()
            col = (col[0], data, col[2], None if col[3] is None else col[3].copy())
        else:
            col = (col[0], col[1].copy(), *col[2:])
        if key in job.on_partner_death and state.widowed.any():
            value = job.on_partner_death[key]
            if col[0] == "kenmerk":
                col[1][state.widowed] = bool(value)
            elif col[0] == "num":
                col[1][state.widowed] = int(value * 10 ** col[2])
                if col[3] is not None:
                    col[3][state.widowed] = False
        blk.values[key] = col


def _declared(names, key: str) -> str:
    """The name as written in the scenario for a lower-case key."""
    return next((n for n in names if n.lower() == key), key)


def uprate(data: np.ndarray, pct: float, years: int) -> np.ndarray:
    """Integers times (1 + pct/100)**years, rounded half away from zero exactly: floats for the bulk, exact
    integer arithmetic for the rows within 1e-6 of a half."""
    f = (1 + Fraction(str(pct)) / 100) ** years
    x = np.abs(data) * float(f)
    whole = np.floor(x)
    frac = x - whole
    out = (whole + (frac >= 0.5)).astype(np.int64)
    for i in np.flatnonzero(np.abs(frac - 0.5) < np.maximum(1e-6, x * 1e-12)):   # float error grows with x
        out[i] = (2 * abs(int(data[i])) * f.numerator + f.denominator) // (2 * f.denominator)
    return np.where(data < 0, -out, out)


def _population(job: Job, model, state: _State, rows: np.ndarray, inputs: dict) -> vector.Population:
    blk = state.block
    n = len(rows)

    def take(a: np.ndarray) -> np.ndarray:
        if n < blk.n:
            return a[rows]
        view = a.view()                                 # everyone alive: the block's own arrays, read-only
        view.flags.writeable = False
        return view
    otype = model.object_type(job.object_type)
    cols: dict = {}
    kenm: dict = {}
    birth_key = job.scenario.populatie.geboortedatum.lower()
    if birth_key in otype.attributes:
        leeg = None if blk.birth_leeg is None else take(blk.birth_leeg)
        cols[birth_key] = vector.Date.of(take(blk.birth), leeg)
    for key, col in blk.values.items():
        if col[0] == "kenmerk":
            kenm[key] = take(col[1])
        elif col[0] == "num":
            cols[key] = _num(take(col[1]), col[2], None if col[3] is None else take(col[3]))
        elif col[0] == "date":
            cols[key] = vector.Date.of(take(col[1]), None if col[2] is None else take(col[2]))
        else:
            cols[key] = vector.Cat.of(take(col[1]), None if col[2] is None else take(col[2]))
    for key, value in inputs.items():
        if key in otype.kenmerken:
            kenm[key] = np.full(n, bool(value))
        else:
            cols[key] = vector.column_of(otype.attributes[key].type.kind, [value] * n)
    facts = []
    ft = job.scenario.populatie.partners
    if ft is not None:
        if n == blk.n:                                  # everyone alive: positions are row numbers
            heads = np.flatnonzero((blk.role == HEAD) & (blk.partner >= 0))
            first_pos, second_pos = heads, blk.partner[heads]
        else:
            pos = np.full(blk.n, -1, np.int64)
            pos[rows] = np.arange(n)
            heads = rows[(blk.role[rows] == HEAD) & (blk.partner[rows] >= 0)]
            first_pos, second_pos = pos[heads], pos[blk.partner[heads]]
        info = model.fact_types[ft.feittype.lower()]
        first = info.roles[0].name
        second = info.roles[-1].name if len(info.roles) > 1 else first
        facts.append(vector.Facts(info.name, [(first, otype.name, first_pos), (second, otype.name, second_pos)]))
    return vector.Population({otype.name: vector.Table(n, cols, kenm)}, facts)


def _num(v: np.ndarray, decimals: int, leeg: np.ndarray | None) -> vector.Num:
    """A number input column.  The generator and the persons file already put 0 on leeg rows, so the mask is
    attached as it is instead of letting Num.of zero them again (a copy of the column)."""
    num = vector.Num.fixed(v, decimals)
    if leeg is not None and leeg.any():
        num.leeg = leeg
    return num


def _scaled(col, decimals: int):
    """A Num column as int64 (or object) values scaled by 10**decimals, and its leeg mask; exact when the
    column's denominator divides 10**decimals, else rounded half away from zero."""
    num = col.value
    scale = 10 ** decimals
    v = num.v
    if isinstance(num.den, int) and scale % num.den == 0:
        k = scale // num.den
        bound = max(abs(num.lo), abs(num.hi)) * k
        if isinstance(v, np.ndarray) and v.dtype != object and bound < (1 << 62):
            out = v if k == 1 else v * k
        else:
            out = np.array([int(x) * k for x in np.atleast_1d(v)], dtype=object)
    else:
        dens = num.den if isinstance(num.den, np.ndarray) else np.full(len(v), num.den, dtype=object)
        out = np.array([(2 * int(x) * scale + int(d)) // (2 * int(d)) if x >= 0 else
                        -((2 * -int(x) * scale + int(d)) // (2 * int(d))) for x, d in zip(v, dens)], dtype=object)
    if out.dtype == object and all(abs(int(x)) < (1 << 62) for x in out):
        out = out.astype(np.int64)
    return out, num.leeg


def _year(job: Job, state: _State, yi: int, on: date, partial: A.Partial, per_person: bool):
    """Run every variant on the persons alive on `on` and add the aggregates to the partial."""
    rows = np.flatnonzero(state.alive)
    partial.persons[yi] = len(rows)
    blk = state.block
    groupings: list | None = None
    cells: list[A.Cells] | None = None
    base_values: dict = {}
    columns_out: dict = {}
    populations: dict = {}
    for vi, variant in enumerate(job.variants):
        mod, model = kernel(job, variant.law_key)
        same = (variant.law_key, tuple(sorted((k, str(v)) for k, v in variant.inputs.items())))
        if same not in populations:           # variants with the same inputs share columns and relation indexes
            populations[same] = _population(job, model, state, rows, variant.inputs)
        pop = populations[same]
        t = time.perf_counter()
        compiled = vector.Compiled(parameter_sets(mod, job, variant, on), mod.ATTRIBUTES, mod.MEMBERS,
                                   mod.VERSIONS, mod.FUNCTIONS, mod.CHECKS)
        run = vector.Run(compiled, pop, on)
        okey = job.object_type.lower()
        cols = {r.key: run.column(okey, r.key) for r in job.results}
        for check in mod.CHECKS:                  # consistentieregels: their failures are findings (R603)
            check(run)
        partial.seconds["kernel"] = partial.seconds.get("kernel", 0) + time.perf_counter() - t
        if groupings is None or cells is None:
            groupings = _groupings(job, state, rows, on, run, okey)
            cells = A.combine(groupings)
        _rules(partial, (yi, variant.name), run, mod, len(rows))
        _findings(job, partial, (yi, variant.name), run, mod, blk.ids, rows, on)
        for r in job.results:
            col = cols[r.key]
            key = (yi, variant.name, r.key)
            failed = col.err != 0 if col.err is not None else np.zeros(len(rows), bool)
            n_failed = int(np.count_nonzero(failed))
            if r.kind == "kenmerk":
                b = np.asarray(col.value, bool)
                A.add_kenmerk(partial, key, b, cells, n_failed)
                values = b.view(np.int8)                  # 0/1; a difference stays in -1 … 1
            else:
                values, leeg = _scaled(col, r.places)      # failed rows are in leeg (blank), counted apart
                A.add_result(partial, key, values, leeg, cells, n_failed)
                columns_out[(variant.name, r.key)] = (values, leeg)
            if vi == 0:
                base_values[r.key] = (values, failed)
            else:
                base, base_failed = base_values[r.key]
                diff = values - base
                either = failed | base_failed
                if either.any():                          # who cannot be computed on one side is no winner
                    diff = np.where(either, 0, diff)
                A.add_diff(partial, key, diff, cells, r.pays)
            if r.kind == "kenmerk":
                columns_out[(variant.name, r.key)] = (b, None)
    if not per_person or groupings is None:         # (None: no variants)
        return None
    return _person_table(job, blk.ids[rows], on.year, groupings, columns_out)


def _band_names(edges: list[float], age: bool) -> list[str]:
    shown = [format_number(Fraction(str(e)), thousands=True) for e in edges]
    names = [f"jonger dan {shown[0]}" if age else f"minder dan {shown[0]}"]
    names += [f"{a} tot {b}" for a, b in zip(shown, shown[1:])]
    names.append(f"{shown[-1]} en ouder" if age else f"{shown[-1]} of meer")
    return names


def _groupings(job: Job, state: _State, rows: np.ndarray, on: date, run, okey: str) -> list:
    """(name, label index per row, label names) for every grouping, on the first variant's values."""
    blk = state.block
    everyone = len(rows) == blk.n
    out = []
    for g in job.scenario.uitvoer.groepen:
        key = g.attribuut.lower()
        if key == "leeftijd":                           # a persons file can leave a birth date leeg
            birth = blk.birth if everyone else blk.birth[rows]
            edges = required(g.grenzen, f"uitvoer.groepen.{g.naam}.grenzen")
            labels, names = age_band(birth, on, sorted(edges)), _band_names(edges, True) + ["leeg"]
            if blk.birth_leeg is not None:
                labels = np.where(blk.birth_leeg if everyone else blk.birth_leeg[rows], len(names) - 1, labels)
            out.append((g.naam, labels, names))
            continue
        if key == "partner":
            has = (blk.partner if everyone else blk.partner[rows]) >= 0
            out.append((g.naam, (~has).astype(np.int64), ["met partner", "zonder partner"]))
            continue
        col = run.column(okey, key)
        if col.kenmerk:
            out.append((g.naam, (~np.asarray(col.value, bool)).astype(np.int64), ["waar", "onwaar"]))
        elif isinstance(col.value, vector.Num):
            edges = required(g.grenzen, f"uitvoer.groepen.{g.naam}.grenzen")
            labels, leeg = _num_bands(col, sorted(edges))
            names = _band_names(edges, False) + ["leeg"]
            if leeg is not None:
                labels = np.where(leeg, len(names) - 1, labels)
            out.append((g.naam, labels, names))
        else:
            labels, names = _text_labels(col, len(rows))
            out.append((g.naam, labels, names))
    return out


FAILED_LABEL = "niet te berekenen"


def _label(v) -> str:
    return "leeg" if v is None else FAILED_LABEL if v is FAILED else str(v)


def _text_labels(col, n: int) -> tuple[np.ndarray, list[str]]:
    """A grouping on a text, enumeration or waar/onwaar column: (label per row, label names), the names being the
    distinct values as text in sorted order, 'leeg' for rows that are leeg and 'niet te berekenen' for rows whose
    value failed (as col.python says)."""
    if isinstance(col.value, vector.Cat):
        cat = col.value
        v = np.asarray(cat.v, dtype=object)
        v = np.full(n, v.item(), dtype=object) if v.ndim == 0 else v
        failed = np.zeros(n, bool) if col.err is None else np.asarray(col.err) != 0
        empty = np.zeros(n, bool) if cat.leeg is None else np.broadcast_to(np.asarray(cat.leeg, bool), (n,))
        empty = empty & ~failed
        other = empty | failed
        found = set((v[~other] if other.any() else v).tolist())
        if len(found) > 32:                             # many values: sort them all
            shown = np.where(empty, "leeg", np.where(failed, FAILED_LABEL, v.astype(str)))
            distinct, inverse = np.unique(shown, return_inverse=True)
            return inverse.astype(np.intp), [str(x) for x in distinct]
        texts = {x: str(x) for x in found}              # few values: one comparison each
        names = sorted(set(texts.values()) | ({"leeg"} if empty.any() else set())
                       | ({FAILED_LABEL} if failed.any() else set()))
        labels = np.empty(n, np.intp)
        for x, text in texts.items():
            labels[v == x] = names.index(text)
        if empty.any():
            labels[empty] = names.index("leeg")
        if failed.any():
            labels[failed] = names.index(FAILED_LABEL)
        return labels, names
    vals = [_label(col.python(i)) for i in range(n)]      # dates: rare
    names = sorted(set(vals))
    index = {v: i for i, v in enumerate(names)}
    return np.array([index[v] for v in vals], np.intp), names


def _num_bands(col, edges: list[float]) -> tuple[np.ndarray, np.ndarray | None]:
    """The band of each row of a number column between sorted edges, exact: v/den >= e exactly when the integer
    v >= ceil(e·den); a column with mixed denominators is first scaled to 6 decimals.  Also its leeg mask."""
    num = col.value
    if isinstance(num.den, int) and isinstance(num.v, np.ndarray) and num.v.dtype == np.int64:
        return band_index(num.v, [math.ceil(Fraction(str(e)) * num.den) for e in edges]), num.leeg
    v, leeg = _scaled(col, 6)
    limits = [math.ceil(Fraction(str(e)) * 10 ** 6) for e in edges]
    if v.dtype != object:
        return band_index(v, limits), leeg
    return np.array([sum(int(x) >= limit for limit in limits) for x in v], np.intp), leeg


def _count(mask, n: int) -> int:
    if mask is True:
        return n
    if mask is None or mask is False:
        return 0
    return int(np.count_nonzero(mask))


def _rules(partial: A.Partial, key: tuple, run, mod, n: int) -> None:
    """Persons each rule version and each article gave a value; a person counts once per rule version (a
    decision-table row sets several attributes) and once per article."""
    labels = _labels(mod)
    by_rule: dict[str, list] = {}
    by_article: dict[str, list] = {}
    for col in run.columns.values():
        for vid, mask in col.fired_by:
            rule, articles = labels[vid]
            by_rule.setdefault(rule, []).append(mask)
            for a in articles:
                by_article.setdefault(a, []).append(mask)
    for counts, masks in ((partial.rules, by_rule), (partial.articles, by_article)):
        for label, found in masks.items():
            k = key + (label,)
            counts[k] = counts.get(k, 0) + _count(found[0] if len(found) == 1 else functools.reduce(_union, found), n)


def _labels(mod) -> list[tuple[str, tuple[str, ...]]]:
    """(rule label, article labels) of every rule version of a compiled module, built once per module."""
    got = getattr(mod, "_SIMULATION_LABELS", None)
    if got is None:
        got = mod._SIMULATION_LABELS = [(r.label(), tuple(a.show() for a in r.articles)) for r in mod.RULE_VERSIONS]
    return got


def _union(a, b):
    if a is False or a is None:
        return b
    if b is False or b is None:
        return a
    if a is True or b is True:
        return True
    return a | b


def _findings(job: Job, partial: A.Partial, key: tuple, run, mod, ids: np.ndarray, rows: np.ndarray,
              on: date) -> None:
    """Count the run's findings (ids: every person of the chunk; rows: those in this run)."""
    for f in run.findings:
        attribute = f.attribute or ""
        if f.rule:
            rules = f.rule
        else:
            rules = ", ".join(sorted({r.label() for r in mod.RULE_VERSIONS
                                      if r.target is not None and r.target.name.lower() == attribute and r.holds(on)}))
        failing = ids[rows[f.rows]]
        if job.scenario.uitvoer.bij_fout == "stoppen":
            raise SimulationFailure(
                f"persoon {int(failing.min())} ({key[1]}, {on.strftime('%d-%m-%Y')}): {f.code} "
                f"({meaning(f.code) or 'fout'}) bij '{attribute or 'een consistentieregel'}' "
                f"(regels: {rules or 'onbekend'}); "
                f"{len(failing)} personen in dit deel. "
                f"Zet 'uitvoer.bij_fout: doorgaan' om ze te tellen en door te gaan")
        A.add_findings(partial, key, f.code, attribute, rules, failing)


def _person_table(job: Job, ids: np.ndarray, year: int, groupings: list, columns: dict):
    import pyarrow as pa
    data = {"id": pa.array(ids, pa.int64()), "jaar": pa.array(np.full(len(ids), year, np.int32))}
    for name, labels, names in groupings:
        data[name] = pa.DictionaryArray.from_arrays(pa.array(labels.astype(np.int32)), pa.array(names))
    for r in job.results:
        for v in job.variants:
            values, leeg = columns[(v.name, r.key)]
            label = f"{r.name} [{v.name}]"
            if r.kind == "kenmerk":
                data[label] = pa.array(values)
            else:
                data[label] = _decimal_array(values, leeg, r.places)
    return pa.table(data)


def _decimal_array(values: np.ndarray, leeg, decimals: int):
    """An exact Arrow decimal128 column from integers scaled by 10**decimals (no floats on the way)."""
    import pyarrow as pa
    v = np.asarray(values, dtype=object).astype(np.int64) if values.dtype == object else values
    pairs = np.empty((len(v), 2), np.int64)
    pairs[:, 0] = v
    pairs[:, 1] = v >> 63
    valid = None if leeg is None else pa.array(~np.asarray(leeg, bool)).buffers()[1]
    return pa.Array.from_buffers(pa.decimal128(38, decimals), len(v), [valid, pa.py_buffer(pairs.tobytes())])

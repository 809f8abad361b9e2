"""Exact, mergeable aggregates of a simulation: what each chunk returns and how chunks combine.

In: integer result columns (values scaled by 10**decimals, a leeg mask), group labels, rule firings, findings.
Out: a ``Partial`` — plain dicts of Python ints and numpy value counts — that merges by addition, so the
summary is the same whatever the chunking, the number of processes or the engine.  Totals are exact integers;
deciles come from exact value counts (nearest rank), the histogram from the same counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

_EXACT = 1 << 53
_LOW = (1 << 26) - 1
MAX_IDS = 5


@dataclass
class Stat:
    """One result in one year and variant: persons with a value, non-zero values, exact total, value counts."""
    count: int = 0
    nonzero: int = 0
    total: int = 0
    leeg: int = 0
    failed: int = 0                     # persons for whom it could not be computed (an error, not leeg, not 0)
    values: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def merge(self, other: Stat) -> None:
        self.count += other.count
        self.nonzero += other.nonzero
        self.total += other.total
        self.leeg += other.leeg
        self.failed += other.failed
        self.values, self.counts = merge_counts(self.values, self.counts, other.values, other.counts)


@dataclass
class Partial:
    """Everything a chunk contributes, keyed by (year index, variant, …); merge() adds another partial."""
    persons: dict = field(default_factory=dict)        # year → persons alive
    stats: dict = field(default_factory=dict)          # (year, variant, result) → Stat
    groups: dict = field(default_factory=dict)         # (year, variant, result, grouping, label) → [n, nz, total]
    rules: dict = field(default_factory=dict)          # (year, variant, rule label) → persons
    articles: dict = field(default_factory=dict)       # (year, variant, article) → persons
    errors: dict = field(default_factory=dict)         # (year, variant, code, attribute, rules) → [n, ids]
    diffs: dict = field(default_factory=dict)          # (year, variant, result) → [winners, losers, gain, loss]
    diff_groups: dict = field(default_factory=dict)    # (year, variant, result, grouping, label) → same
    seconds: dict = field(default_factory=dict)        # phase → seconds (not part of the summary)

    def merge(self, other: Partial) -> Partial:
        for mine, theirs in ((self.persons, other.persons), (self.rules, other.rules),
                             (self.articles, other.articles), (self.seconds, other.seconds)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        for k, s in other.stats.items():
            if k in self.stats:
                self.stats[k].merge(s)
            else:                                       # a copy: merging more must not change `other`
                self.stats[k] = replace(s)
        for mine, theirs in ((self.groups, other.groups), (self.diffs, other.diffs),
                             (self.diff_groups, other.diff_groups)):
            for k, v in theirs.items():
                mine[k] = [a + b for a, b in zip(mine[k], v)] if k in mine else list(v)
        for k, (n, ids) in other.errors.items():
            if k in self.errors:
                self.errors[k] = [self.errors[k][0] + n, sorted(self.errors[k][1] + ids)[:MAX_IDS]]
            else:
                self.errors[k] = [n, list(ids)]
        return self


def merge_counts(va, ca, vb, cb):
    """Value counts (sorted values, counts) of two parts combined."""
    if not len(va):
        return vb, cb
    if not len(vb):
        return va, ca
    v = np.concatenate([va, vb])
    c = np.concatenate([ca, cb])
    u, inv = np.unique(v, return_inverse=True)
    out = np.zeros(len(u), np.int64)
    np.add.at(out, inv, c)
    return u, out


def nonzero_counts(v: np.ndarray, lo: int, hi: int, nonzero: np.ndarray):
    """Sorted distinct non-zero values of v (int64 between lo and hi, or object) and how often each occurs: one
    bincount over the whole column when the range is small, else np.unique of the non-zero rows."""
    if v.dtype != object and hi - lo <= 4 * len(v) + 1024:
        if 0 <= lo and hi <= 4 * len(v) + 1024:           # counts from 0 up: no shifted copy needed
            lo = 0
        c = np.bincount(v - lo if lo else v) if len(v) else np.zeros(1, np.int64)
        if lo <= 0 <= hi and len(v):
            c[-lo] = 0
        nz = np.flatnonzero(c)
        return (nz + lo).astype(np.int64), c[nz].astype(np.int64)
    u, c = np.unique(v[nonzero], return_counts=True)
    return u, c.astype(np.int64)


def _bound(v: np.ndarray) -> int:
    return max(abs(int(v.min())), abs(int(v.max()))) if len(v) else 0


def exact_sum(v: np.ndarray, bound: int | None = None) -> int:
    """The exact sum of an int64 (or object) array as a Python int."""
    if v.dtype == object:
        return int(sum(int(x) for x in v))
    if not len(v):
        return 0
    bound = _bound(v) if bound is None else bound
    if bound * len(v) < (1 << 62):
        return int(v.sum())
    return int(sum(int(x) for x in v.astype(object)))


@dataclass(frozen=True)
class Cells:
    """Groupings combined into one label per row (the cell: one label of each grouping), so one bincount per
    measure serves every grouping; the per-grouping figures are sums over the other groupings' axes."""
    labels: np.ndarray                      # cell number per row
    groupings: tuple                        # (name, label names) of each grouping, in order
    shape: tuple[int, ...]
    twice: np.ndarray                       # 2 · cell number: room for a yes/no per cell in one bincount

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1

    def margins(self, per_cell: np.ndarray):
        """(grouping name, label names, figures per label) for each grouping from figures per cell (the first
        axis of `per_cell`)."""
        full = per_cell.reshape(self.shape + per_cell.shape[1:])
        axes = range(len(self.shape))
        for i, (gname, names) in enumerate(self.groupings):
            yield gname, names, full.sum(axis=tuple(a for a in axes if a != i))


def combine(groupings: list, limit: int = 4096) -> list[Cells]:
    """The groupings (name, labels per row, label names) as cell sets: consecutive groupings share a set while
    the product of their label counts stays within `limit`."""
    out: list[Cells] = []
    current: list = []

    def close():
        if current:
            labels = np.array(current[0][1], np.int64)
            for _, lab, names in current[1:]:
                labels *= len(names)
                labels += lab
            out.append(Cells(labels, tuple((g, names) for g, _, names in current),
                             tuple(len(names) for _, _, names in current), labels * 2))

    size = 1
    for g in groupings:
        if current and size * len(g[2]) > limit:
            close()
            current, size = [], 1
        current.append(g)
        size *= len(g[2])
    close()
    return out


def cell_sums(labels: np.ndarray, v: np.ndarray, size: int, bound: int | None = None) -> np.ndarray:
    """Exact sums of int64 (or object) values per label 0..size-1: one float bincount when every partial sum
    stays below 2**53 (integers are exact there), else bincounts of the 26-bit halves; int64 or object."""
    n = len(v)
    if not n:
        return np.zeros(size, np.int64)
    if v.dtype != object:
        bound = _bound(v) if bound is None else bound
        if bound * n < _EXACT:
            return np.bincount(labels, weights=v, minlength=size).astype(np.int64)
        high = v >> 26
        if n * _LOW < _EXACT and n * _bound(high) < _EXACT:
            lo = np.bincount(labels, weights=v & _LOW, minlength=size).astype(np.int64)
            hi = np.bincount(labels, weights=high, minlength=size).astype(np.int64)
            return hi.astype(object) * (1 << 26) + lo.astype(object)
    order = np.argsort(labels, kind="stable")
    edges = np.searchsorted(labels[order], np.arange(size + 1))
    return np.array([exact_sum(v[order[a:b]]) for a, b in zip(edges, edges[1:])], dtype=object)


def add_result(p: Partial, key: tuple, v: np.ndarray, leeg: np.ndarray | None, cells: list[Cells],
               failed: int = 0) -> None:
    """Aggregate one numeric result column (scaled ints, rows without a value hold 0) into the partial: counts,
    exact total, value counts of the non-zero values, and per group; bincounts over the whole column, no
    masking.  `leeg`: the rows without a value, of which `failed` could not be computed (counted apart, never
    as a value).  Small non-negative values (whole euros of a toeslag) take one bincount of (cell, value) pairs
    for all of it."""
    s = Stat()
    without = 0 if leeg is None else int(np.count_nonzero(leeg))
    s.leeg, s.failed = without - failed, failed
    s.count = len(v) - without
    obj = v.dtype == object
    lo, hi = (0, 0) if obj or not len(v) else (int(v.min()), int(v.max()))
    bound = None if obj else max(-lo, hi)
    p.stats[key] = s
    sets = list(cells)
    first = sets.pop(0) if sets and not obj and len(v) and lo >= 0 and \
        (hi + 1) * sets[0].size <= 4 * len(v) + 4096 else None
    if first is not None:                               # per cell, the count of every value
        pairs = first.labels * (hi + 1)
        pairs += v
        table = np.bincount(pairs, minlength=first.size * (hi + 1)).reshape(first.size, hi + 1)
        per_value = table.sum(axis=0)
        per_value[0] = 0
        found = np.flatnonzero(per_value)
        s.values, s.counts = found.astype(np.int64), per_value[found].astype(np.int64)
        everyone = table.sum(axis=1)
        sums = table @ np.arange(hi + 1, dtype=np.int64)          # exact: hi · n stays far below 2**63
        _add_groups(p, key, first, everyone, everyone - table[:, 0], sums, leeg)
    if first is None or sets:                           # (only needed then)
        nonzero_rows = v != 0
    if first is None:
        s.values, s.counts = nonzero_counts(v, lo, hi, nonzero_rows)
    s.nonzero = int(s.counts.sum())
    total = int(sums.sum()) if first is not None else None
    for c in sets:
        both = np.bincount(c.twice + nonzero_rows, minlength=2 * c.size).reshape(c.size, 2)
        sums = cell_sums(c.labels, v, c.size, bound)
        if total is None:
            total = int(sums.sum())
        _add_groups(p, key, c, both.sum(axis=1), both[:, 1], sums, leeg)
    s.total = exact_sum(v, bound) if total is None else total


def _add_groups(p: Partial, key: tuple, c: Cells, everyone, nonzero, sums, leeg) -> None:
    """Per grouping and label: [persons with a value, non-zero, exact sum], from figures per cell (leeg rows are
    counted in `everyone` and taken off here)."""
    figures = np.empty((c.size, 3), object)
    figures[:, 0] = everyone
    if leeg is not None:
        figures[:, 0] -= np.bincount(c.labels[leeg], minlength=c.size)
    figures[:, 1], figures[:, 2] = nonzero, sums
    for gname, names, got in c.margins(figures):
        for i, label in enumerate(names):
            if got[i, 0] or got[i, 2]:
                p.groups[key + (gname, label)] = [int(x) for x in got[i]]


def add_kenmerk(p: Partial, key: tuple, b: np.ndarray, cells: list[Cells], failed: int = 0) -> None:
    """Aggregate one kenmerk column: persons for whom it holds (count: the persons for whom it could be
    computed; `failed` rows hold False and are counted apart)."""
    yes_n = int(np.count_nonzero(b))
    p.stats[key] = Stat(count=len(b) - failed, nonzero=yes_n, total=yes_n, failed=failed)
    for c in cells:
        both = np.bincount(c.twice + b, minlength=2 * c.size).reshape(c.size, 2)
        for gname, names, got in c.margins(both):
            for i, label in enumerate(names):
                n, yes = int(got[i, 0] + got[i, 1]), int(got[i, 1])
                if n:
                    p.groups[key + (gname, label)] = [n, yes, yes]


def add_diff(p: Partial, key: tuple, diff: np.ndarray, cells: list[Cells], pays: bool) -> None:
    """Winners and losers of a variant against the baseline: diff = variant − baseline (leeg counts as 0);
    only the rows that changed are looked at."""
    changed = np.flatnonzero(diff != 0)                # via a bool mask: several times faster on int64
    d = diff[changed]
    gain = d < 0 if pays else d > 0
    mag = np.abs(d)
    bound = _bound(mag) if mag.dtype != object else None
    won_n = int(np.count_nonzero(gain))
    totals = None
    for c in cells:
        lab = c.twice[changed] + ~gain               # even: winners, odd: losers
        figures = np.empty((c.size, 4), object)
        counts = np.bincount(lab, minlength=2 * c.size).reshape(c.size, 2)
        sums = cell_sums(lab, mag, 2 * c.size, bound).reshape(c.size, 2)
        figures[:, :2], figures[:, 2:] = counts, sums
        if totals is None:
            totals = int(figures[:, 2].sum()), int(figures[:, 3].sum())
        for gname, names, got in c.margins(figures):
            for i, label in enumerate(names):
                if got[i, 0] or got[i, 1]:
                    p.diff_groups[key + (gname, label)] = [int(x) for x in got[i]]
    if totals is None:
        totals = exact_sum(mag[gain], bound), exact_sum(mag[~gain], bound)
    p.diffs[key] = [won_n, len(d) - won_n, *totals]


def add_findings(p: Partial, key: tuple, code: str, attribute: str, rules: str, ids: np.ndarray) -> None:
    k = key + (code, attribute, rules)
    smallest = sorted(int(i) for i in np.sort(ids)[:MAX_IDS])
    if k in p.errors:
        p.errors[k] = [p.errors[k][0] + len(ids), sorted(p.errors[k][1] + smallest)[:MAX_IDS]]
    else:
        p.errors[k] = [len(ids), smallest]


def quantiles(values: np.ndarray, counts: np.ndarray, qs) -> list[int]:
    """Nearest-rank quantiles (the smallest value with at least q·n values at or below it) of value counts."""
    n = int(counts.sum())
    if not n:
        return []
    cum = np.cumsum(counts)
    out = []
    for q in qs:
        rank = max(1, -(-int(round(q * 1000)) * n // 1000))
        out.append(int(values[int(np.searchsorted(cum, rank))]))
    return out


def histogram(values: np.ndarray, counts: np.ndarray, bins: int) -> tuple[list[int], list[int]]:
    """Equal-width classes (integer edges, scaled) from the smallest to the largest value, and their counts."""
    if not len(values):
        return [], []
    lo, hi = int(values[0]), int(values[-1])
    width = max(1, -(-(hi - lo + 1) // bins))
    edges = [lo + i * width for i in range(bins + 1)]
    if values.dtype == object or hi - lo >= 1 << 62:   # beyond int64 arithmetic: class numbers one by one
        idx = np.array([(int(v) - lo) // width for v in values], np.int64)
    else:
        idx = (values - lo) // width
    got = np.bincount(idx, weights=counts, minlength=bins)[:bins]     # exact: a population stays below 2**53
    return edges, [int(x) for x in got]

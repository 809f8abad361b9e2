"""Exact, mergeable aggregates of a simulation: what each chunk returns and how chunks combine.

In: integer result columns (values scaled by 10**decimals, a leeg mask), group labels, rule firings, findings.
Out: a ``Partial`` — plain dicts of Python ints and numpy value counts — that merges by addition, so the
summary is the same whatever the chunking, the number of processes or the engine.  Totals are exact integers;
deciles come from exact value counts (nearest rank), the histogram from the same counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    values: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def merge(self, other: Stat) -> None:
        self.count += other.count
        self.nonzero += other.nonzero
        self.total += other.total
        self.leeg += other.leeg
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
            else:
                self.stats[k] = s
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
        c = np.bincount(v - lo) if len(v) else np.zeros(1, np.int64)
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


def group_sums(labels: np.ndarray, v: np.ndarray, groups: int, bound: int | None = None) -> list[int]:
    """Exact per-group sums of int64 values: one float bincount when every partial sum stays below 2**53
    (integers are exact there), else bincounts of the 26-bit halves, else a loop over the groups."""
    n = len(v)
    if not n:
        return [0] * groups
    if v.dtype == object:
        return [exact_sum(v[labels == g]) for g in range(groups)]
    bound = _bound(v) if bound is None else bound
    if bound * n < _EXACT:
        return [int(x) for x in np.bincount(labels, weights=v, minlength=groups)]
    high = v >> 26
    if n * _LOW < _EXACT and n * _bound(high) < _EXACT:
        lo = np.bincount(labels, weights=v & _LOW, minlength=groups)
        hi = np.bincount(labels, weights=high, minlength=groups)
        return [int(h) * (1 << 26) + int(lo_) for h, lo_ in zip(hi, lo)]
    return [exact_sum(v[labels == g]) for g in range(groups)]


def add_result(p: Partial, key: tuple, v: np.ndarray, leeg: np.ndarray | None, groupings: list) -> None:
    """Aggregate one numeric result column (scaled ints, leeg rows hold 0) into the partial: counts, exact total,
    value counts of the non-zero values, and per group; bincounts over the whole column, no masking."""
    s = Stat()
    s.leeg = 0 if leeg is None else int(np.count_nonzero(leeg))
    s.count = len(v) - s.leeg
    obj = v.dtype == object
    lo, hi = (0, 0) if obj or not len(v) else (int(v.min()), int(v.max()))
    bound = None if obj else max(-lo, hi)
    s.total = exact_sum(v, bound)
    nonzero_rows = v != 0
    s.values, s.counts = nonzero_counts(v, lo, hi, nonzero_rows)
    s.nonzero = int(s.counts.sum())
    p.stats[key] = s
    for gname, labels, names in groupings:
        g = len(names)
        both = np.bincount(labels * 2 + nonzero_rows, minlength=2 * g)
        counts = both[0::2] + both[1::2]
        if leeg is not None:
            counts = counts - np.bincount(labels[leeg], minlength=g)
        nzc = both[1::2]
        sums = group_sums(labels, v, g, bound)
        for i, label in enumerate(names):
            if counts[i] or sums[i]:
                p.groups[key + (gname, label)] = [int(counts[i]), int(nzc[i]), sums[i]]


def add_kenmerk(p: Partial, key: tuple, b: np.ndarray, groupings: list) -> None:
    """Aggregate one kenmerk column: persons for whom it holds (count = all persons)."""
    yes_n = int(np.count_nonzero(b))
    p.stats[key] = Stat(count=len(b), nonzero=yes_n, total=yes_n)
    for gname, labels, names in groupings:
        both = np.bincount(labels * 2 + b, minlength=2 * len(names))
        for i, label in enumerate(names):
            n, yes = int(both[2 * i] + both[2 * i + 1]), int(both[2 * i + 1])
            if n:
                p.groups[key + (gname, label)] = [n, yes, yes]


def add_diff(p: Partial, key: tuple, diff: np.ndarray, groupings: list, pays: bool) -> None:
    """Winners and losers of a variant against the baseline: diff = variant − baseline (leeg counts as 0);
    only the rows that changed are looked at."""
    changed = np.flatnonzero(diff)
    d = diff[changed]
    gain = d < 0 if pays else d > 0
    mag = np.abs(d)
    won, lost = mag[gain], mag[~gain]
    bound = _bound(mag) if mag.dtype != object else None
    p.diffs[key] = [len(won), len(lost), exact_sum(won, bound), exact_sum(lost, bound)]
    for gname, labels, names in groupings:
        g = len(names)
        lab = labels[changed]
        lw, ll = lab[gain], lab[~gain]
        w, lo = np.bincount(lw, minlength=g), np.bincount(ll, minlength=g)
        gs, ls = group_sums(lw, won, g, bound), group_sums(ll, lost, g, bound)
        for i, label in enumerate(names):
            if w[i] or lo[i]:
                p.diff_groups[key + (gname, label)] = [int(w[i]), int(lo[i]), gs[i], ls[i]]


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
    idx = (values - lo) // width
    got = np.bincount(idx, weights=counts, minlength=bins)[:bins]
    return edges, [int(x) for x in got]

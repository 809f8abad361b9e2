"""Property tests for regelspraak.simulate.aggregate: exact, mergeable aggregates against a plain-Python reference."""
from collections import Counter
from fractions import Fraction
from itertools import pairwise
from math import ceil, prod
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regelspraak.simulate import aggregate as agg

EXACT = 2 ** 53
SET = settings(max_examples=20, deadline=None)
KINDS = ["euros", "small", "large", "object"]
VALUES = {   # euros: small and not negative (one table of cell and value); small: float bincount exact;
    # large: 26-bit halves; object: exact fallback (beyond int64)
    "euros": st.one_of(st.just(0), st.integers(0, 40)),
    "small": st.one_of(st.integers(-5, 5), st.integers(-10 ** 6, 10 ** 6)),
    "large": st.one_of(st.integers(-5, 5), st.integers(-2 ** 60, 2 ** 60)),
    "object": st.one_of(st.integers(-5, 5), st.integers(-2 ** 62, 2 ** 62), st.integers(-2 ** 80, 2 ** 80)),
}
BIG = {"large": (EXACT, 2 ** 60), "object": (2 ** 63, 2 ** 80)}


@st.composite
def cases(draw, kind):
    """Rows (values as Python ints, leeg flags; leeg rows hold 0) and 0..3 groupings (name, labels, names)."""
    n = draw(st.integers(0, 300))
    vals = draw(st.lists(VALUES[kind], min_size=n, max_size=n))
    leeg = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    vals = [0 if e else x for x, e in zip(vals, leeg)]
    if n and kind in BIG:                      # one value big enough that the float path is not exact
        i = draw(st.integers(0, n - 1))
        vals[i], leeg[i] = draw(st.sampled_from([-1, 1])) * draw(st.integers(*BIG[kind])), False
    groupings = []
    for g in range(draw(st.integers(0, 3))):
        m = draw(st.integers(1, 6))
        labels = draw(st.lists(st.integers(0, m - 1), min_size=n, max_size=n))
        groupings.append((f"g{g}", labels, [f"g{g}-{j}" for j in range(m)]))
    return vals, leeg, groupings


def column(vals, kind):
    return np.array(vals, dtype=object if kind == "object" else np.int64)


def cells(groupings, limit, rows=slice(None)):
    return agg.combine([(g, np.array(labels[rows], np.int64), names) for g, labels, names in groupings], limit)


def plain(p):
    """Stats, groups, diffs and diff_groups of a partial as plain Python ints and lists."""
    for d in (p.groups, p.diffs, p.diff_groups):
        assert all(type(x) is int for fig in d.values() for x in fig)
    stats = {k: (s.count, s.nonzero, s.total, s.leeg, [int(x) for x in s.values], [int(x) for x in s.counts])
             for k, s in p.stats.items()}
    return stats, p.groups, p.diffs, p.diff_groups


def ref_groups(key, groupings, fig, keep):
    """Per grouping label: fig(rows of that label), kept when keep(figures)."""
    out = {}
    for g, labels, names in groupings:
        for j, name in enumerate(names):
            f = fig([i for i, lab in enumerate(labels) if lab == j])
            if keep(f):
                out[key + (g, name)] = f
    return out


def ref_result(key, vals, leeg, groupings):
    """add_result()'s stat tuple and groups, computed plainly."""
    live = [x for x, e in zip(vals, leeg) if not e]
    stat = (len(live), sum(1 for x in vals if x), sum(vals), sum(leeg), *value_counts(vals))
    groups = ref_groups(key, groupings, lambda rows: [sum(not leeg[i] for i in rows),
                                                      sum(vals[i] != 0 for i in rows), sum(vals[i] for i in rows)],
                        lambda f: f[0] or f[2])
    return stat, groups


def value_counts(xs):
    c = Counter(x for x in xs if x != 0)
    return sorted(c), [c[x] for x in sorted(c)]


@SET
@given(cases("small"), st.data())
def test_combine_cells_decode_to_groupings(case, data):
    """combine(): groupings kept in order, greedily packed within `limit`, cell labels decode to each grouping's
    labels, and margins of per-cell counts equal per-label counts."""
    _, _, groupings = case
    sizes = [len(names) for _, _, names in groupings]
    limit = data.draw(st.sampled_from([1, 4, 4096] + [prod(sizes[:i]) for i in range(1, len(sizes) + 1)]))
    cs = cells(groupings, limit)
    assert [g for c in cs for g in c.groupings] == [(g, names) for g, _, names in groupings]
    for c, nxt in pairwise(cs):
        assert c.size * len(nxt.groupings[0][1]) > limit
    start = 0
    for c in cs:
        mine = groupings[start:start + len(c.groupings)]
        start += len(c.groupings)
        assert c.size == prod(len(names) for _, _, names in mine)
        assert c.size <= limit or len(mine) == 1
        for r, x in enumerate(int(x) for x in c.labels):
            digits = []
            for _, _, names in reversed(mine):
                x, d = divmod(x, len(names))
                digits.append(d)
            assert x == 0 and digits[::-1] == [labels[r] for _, labels, _ in mine]
        per_cell = np.bincount(c.labels, minlength=c.size)
        for (g, names, got), (_, labels, _) in zip(c.margins(per_cell), mine):
            assert [int(x) for x in got] == [labels.count(j) for j in range(len(names))]


@pytest.mark.parametrize("path", ["float", "halves", "fallback-int64", "fallback-object"])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_cell_sums_exact_on_every_path(path, data):
    """cell_sums() equals Python per-label sums; the intended path (float, halves, exact fallback) is taken."""
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 32 - 1)))
    size = data.draw(st.integers(1, 12))
    if path == "fallback-int64":               # n * bound(v >> 26) >= 2**53 needs 2**16 rows of ~2**63
        n = 2 ** 16 + data.draw(st.integers(0, 50))
        v = rng.integers(-2 ** 63, 2 ** 63 - 1, n, dtype=np.int64)
        v[data.draw(st.integers(0, n - 1))] = -2 ** 63
    else:
        n = data.draw(st.integers(1, 300))
        if path == "float":
            b = data.draw(st.integers(0, (EXACT - 1) // n))
            v = rng.integers(-b, b, n, endpoint=True, dtype=np.int64)
        elif path == "halves":
            v = rng.integers(-2 ** 60, 2 ** 60, n, dtype=np.int64)
            sign = data.draw(st.sampled_from([-1, 1]))
            v[data.draw(st.integers(0, n - 1))] = sign * data.draw(st.integers(*BIG["large"]))
        else:
            v = np.array([data.draw(VALUES["object"]) for _ in range(n)], dtype=object)
    labels = rng.integers(0, size, n, dtype=np.int64)
    ref = [0] * size
    for lab, x in zip(labels.tolist(), v.tolist()):
        ref[lab] += int(x)
    with mock.patch.object(agg, "exact_sum", wraps=agg.exact_sum) as spy:
        got = agg.cell_sums(labels, v, size)
    seen = "float" if got.dtype == np.int64 else "fallback" if spy.called else "halves"
    assert seen == path.split("-")[0]
    assert [int(x) for x in got] == ref


@pytest.mark.parametrize("kind", KINDS)
@SET
@given(data=st.data())
def test_add_result_matches_reference(kind, data):
    """add_result(): stats and per-label [count, non-zero, exact sum], identical for any combine() limit."""
    vals, leeg, groupings = data.draw(cases(kind))
    if kind in BIG and vals:
        assert max(abs(x) for x in vals) * len(vals) >= EXACT
    key = (0, "v", "r")
    stat, groups = ref_result(key, vals, leeg, groupings)
    for limit in (4096, 4):
        p = agg.Partial()
        agg.add_result(p, key, column(vals, kind), np.array(leeg, bool), cells(groupings, limit))
        assert plain(p) == ({key: stat}, groups, {}, {})


@SET
@given(cases("small"), st.data())
def test_add_kenmerk_matches_reference(case, data):
    """add_kenmerk(): count = rows, nonzero = total = True rows; groups [n, yes, yes] when n > 0."""
    _, _, groupings = case
    n = len(groupings[0][1]) if groupings else data.draw(st.integers(0, 300))
    b = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    key = (1, "v", "k")
    yes = sum(b)
    groups = ref_groups(key, groupings, lambda rows: [len(rows), sum(b[i] for i in rows), sum(b[i] for i in rows)],
                        lambda f: f[0] > 0)
    for limit in (4096, 4):
        p = agg.Partial()
        agg.add_kenmerk(p, key, np.array(b, bool), cells(groupings, limit))
        assert plain(p) == ({key: (n, yes, yes, 0, [], [])}, groups, {}, {})


def ref_diff(diff, pays, rows):
    """[winners, losers, won, lost]: with pays a negative diff (variant pays less) is a gain, else a positive one."""
    changed = [diff[i] for i in rows if diff[i] != 0]
    won = [abs(d) for d in changed if (d < 0 if pays else d > 0)]
    lost = [abs(d) for d in changed if (d > 0 if pays else d < 0)]
    return [len(won), len(lost), sum(won), sum(lost)]


@pytest.mark.parametrize("pays", [True, False])
@pytest.mark.parametrize("kind", KINDS)
@SET
@given(data=st.data())
def test_add_diff_matches_reference(kind, pays, data):
    """add_diff(): winners/losers and exact gain/loss sums, overall and per label, for any combine() limit."""
    diff, _, groupings = data.draw(cases(kind))
    key = (0, "variant", "r")
    want = ref_diff(diff, pays, range(len(diff)))
    groups = ref_groups(key, groupings, lambda rows: ref_diff(diff, pays, rows), lambda f: f[0] or f[1])
    for limit in (4096, 4):
        p = agg.Partial()
        agg.add_diff(p, key, column(diff, kind), cells(groupings, limit), pays)
        assert plain(p) == ({}, {}, {key: want}, groups)


@pytest.mark.parametrize("kind", KINDS)
@SET
@given(data=st.data())
def test_merge_of_two_halves_equals_whole(kind, data):
    """Partial.merge(): merging the partials of rows[:k] and rows[k:] (as the engine does) gives the whole."""
    vals, leeg, groupings = data.draw(cases(kind))
    flags = data.draw(st.lists(st.booleans(), min_size=len(vals), max_size=len(vals)))
    k = data.draw(st.integers(0, len(vals)))

    def build(rows):
        p = agg.Partial()
        cs = cells(groupings, 4, rows)
        agg.add_result(p, ("r",), column(vals[rows], kind), np.array(leeg[rows], bool), cs)
        agg.add_kenmerk(p, ("k",), np.array(flags[rows], bool), cs)
        agg.add_diff(p, ("d",), column(vals[rows], kind), cs, pays=True)
        return p

    total = agg.Partial()
    total.merge(build(slice(0, k)))
    total.merge(build(slice(k, None)))
    assert plain(total) == plain(build(slice(None)))


@SET
@given(st.lists(st.one_of(st.integers(-5, 5), st.integers(-2 ** 63, 2 ** 63 - 1), st.integers(2 ** 62, 2 ** 63 - 1)),
                max_size=60),
       st.lists(st.one_of(st.integers(-5, 5), st.integers(-2 ** 80, 2 ** 80)), max_size=60), st.booleans())
@example([2 ** 62 + 1, 2 ** 62 + 1], [-2 ** 62 - 1, -2 ** 62 - 1], True)   # int64 sums that overflow
def test_value_counts_merge_counts_and_exact_sum(a, b, b_int64):
    """nonzero_counts() (bincount and unique branches), merge_counts() and exact_sum() against Counter and sum."""
    if b_int64:
        b = [x for x in b if -2 ** 63 <= x < 2 ** 63]
    va = np.array(a, np.int64)
    vb = np.array(b, np.int64 if b_int64 else object)
    got = []
    for xs, v in ((a, va), (b, vb)):
        lo, hi = (min(xs), max(xs)) if xs and v.dtype != object else (0, 0)
        values, counts = agg.nonzero_counts(v, lo, hi, v != 0)
        assert ([int(x) for x in values], [int(x) for x in counts]) == value_counts(xs)
        assert agg.exact_sum(v) == sum(xs)
        got.append((values, counts))
    values, counts = agg.merge_counts(*got[0], *got[1])
    assert ([int(x) for x in values], [int(x) for x in counts]) == value_counts(a + b)


@SET
@given(st.lists(st.tuples(st.one_of(st.integers(-50, 50), st.integers(-2 ** 60, 2 ** 60)), st.integers(1, 5)),
                max_size=30, unique_by=lambda t: t[0]),
       st.lists(st.integers(0, 1000), min_size=1, max_size=11), st.integers(1, 12))
def test_quantiles_and_histogram_match_expanded_values(pairs, ks, bins):
    """quantiles(): nearest rank on the expanded values; histogram(): equal integer classes covering them."""
    pairs.sort()
    values = np.array([v for v, _ in pairs], np.int64)
    counts = np.array([c for _, c in pairs], np.int64)
    xs = [v for v, c in pairs for _ in range(c)]
    got = agg.quantiles(values, counts, [k / 1000 for k in ks])
    assert got == [xs[max(1, ceil(Fraction(k, 1000) * len(xs))) - 1] for k in ks] if xs else got == []
    edges, hist = agg.histogram(values, counts, bins)
    if not xs:
        assert (edges, hist) == ([], [])
        return
    width = edges[1] - edges[0]
    assert len(edges) == bins + 1 and edges[0] == xs[0] and xs[-1] < edges[-1]
    assert all(b - a == width for a, b in pairwise(edges)) and width >= 1
    assert width == 1 or (width - 1) * bins < xs[-1] - xs[0] + 1          # the narrowest width that fits
    assert hist == [sum(a <= x < b for x in xs) for a, b in pairwise(edges)]


def test_histogram_of_object_values():
    """histogram() of value counts that hold Python ints beyond int64 (as add_result makes for object columns)."""
    p = agg.Partial()
    agg.add_result(p, ("r",), np.array([1, 2 ** 70], dtype=object), None, [])
    s = p.stats[("r",)]
    assert agg.histogram(s.values, s.counts, 2) == ([1, 2 ** 69 + 1, 2 ** 70 + 1], [1, 1])


def test_merging_leaves_the_merged_partial_as_it_was():
    """A Partial merged into another stays unchanged by later merges (no shared Stat)."""
    def part(x):
        p = agg.Partial()
        agg.add_result(p, ("r",), np.array([x], np.int64), None, [])
        return p
    b = part(5)
    acc = agg.Partial()
    acc.merge(b)
    acc.merge(part(7))
    assert (b.stats[("r",)].count, b.stats[("r",)].total) == (1, 5)
    assert (acc.stats[("r",)].count, acc.stats[("r",)].total) == (2, 12)


def test_add_result_by_cell_and_value_table():
    """Whole euros with three groupings (96 cells): the (cell, value) table path, against the reference."""
    rng = np.random.default_rng(4)
    n = 1000
    vals = [int(x) if rng.random() < 0.4 else 0 for x in rng.integers(1, 51, n)]
    leeg = [bool(rng.random() < 0.1) and x == 0 for x in vals]
    groupings = [(f"g{g}", [int(x) for x in rng.integers(0, m, n)], [f"g{g}-{j}" for j in range(m)])
                 for g, m in enumerate((6, 2, 8))]
    key = (0, "v", "r")
    stat, groups = ref_result(key, vals, leeg, groupings)
    c = cells(groupings, 4096)
    assert (max(vals) + 1) * c[0].size <= 4 * n + 4096                 # the table path is taken
    p = agg.Partial()
    agg.add_result(p, key, np.array(vals, np.int64), np.array(leeg, bool), c)
    assert plain(p) == ({key: stat}, groups, {}, {})

"""The generator draws what the scenario says: households, ages, partners, children and each kind of attribute
distribution, checked on one large block; and the exact helpers against slow references.

Statistical checks allow Z = 5 standard errors computed from the counts (a false alarm has probability < 6e-7
per check, and the seeds are fixed); the samples are large enough that a wrong parameter is many errors away.
`age` is the calendar age on the rekendatum, which is floor(drawn age) (tested at the end); class checks use
rows whose calendar age is strictly inside a class, which would also hold if the two differed by a day.
"""
from __future__ import annotations

import calendar
import math
import pickle
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regelspraak.evaluate.values import duration_between
from regelspraak.simulate import make_job
from regelspraak.simulate.generate import (
    CHILD,
    HEAD,
    PARTNER,
    age_band,
    age_on,
    band_index,
    class_index,
    generate_block,
    standard_normal,
)
from regelspraak.simulate.scenario import Population, parse_scenario

ROOT = Path(__file__).resolve().parents[2]
REF = date(2026, 1, 1)
N = 300_000
D = 365.2425
Z = 5.0
LOGNORMAL = {"verdeling": "lognormaal", "mediaan": 30000, "sigma": 0.7, "nul": 0.05, "afronden": 0, "per": {
    "attribuut": "leeftijd", "klassen": [{"van": 18, "tot": 25, "mediaan": 12000, "sigma": 0.4},
                                         {"van": 67, "tot": 121, "mediaan": 25000, "sigma": 1.0, "nul": 0.2}]}}
OVERRIDE = {"verdeling": "normaal", "gemiddelde": 1000, "sd": 100, "voor": "iedereen", "per": {
    "attribuut": "leeftijd", "klassen": [
        {"van": 18, "tot": 30, "verdeling": "poisson", "gemiddelde": 5, "leeg": 0.25},
        {"van": 67, "tot": 121, "verdeling": "keuze", "waarden": [1, 2], "kansen": [0.5, 0.5]}]}}
POPULATION = {
    "omvang": N, "zaad": 7,
    "leeftijd": {"verdeling": "tabel", "klassen": [[16, 30, 2], [30, 67, 5], [67, 95, 2]]},
    "partners": {"feittype": "toeslagpartnerschap", "kans_per_leeftijd": [[18, 30, 0.3], [30, 67, 0.7], [67, 90, 0.5]],
                 "leeftijdsverschil": {"verdeling": "normaal", "gemiddelde": 2, "sd": 3}},
    "kinderen": {"aantal": {"verdeling": "keuze", "waarden": [0, 1, 2, 3], "kansen": [0.4, 0.3, 0.2, 0.1]}},
    "attributen": {
        "toetsingsinkomen": LOGNORMAL,
        "verzekerd": {"kans": 0.9, "per": {"attribuut": "leeftijd", "klassen": [{"van": 67, "tot": 121, "kans": 0.5}]}},
        "rendementsgrondslag": {"verdeling": "uniform", "van": 100, "tot": 200, "leeg": 0.1, "voor": "hoofd"},
        "gezamenlijk toetsingsinkomen": {"verdeling": "poisson", "gemiddelde": 3, "voor": "partner"},
        "gezamenlijke rendementsgrondslag": {"verdeling": "normaal", "gemiddelde": 50, "sd": 30, "min": 0,
                                             "max": 100, "afronden": 1, "voor": "kind"},
        "toepasselijke vermogensgrens": {"verdeling": "lognormaal", "mediaan": 100, "sigma": 1, "partner": "gelijk"},
        "normpremie": OVERRIDE,
        "meerderjarig": {"kans": 0.3, "voor": "kind"},
        "recht op zorgtoeslag": {"kans": 0.5, "partner": "gelijk"},
    }}


def near(est, true, se, what):
    assert abs(est - true) <= Z * se + 1e-12, f"{what}: {est:.5g}, expected {true:.5g} ± {Z * se:.3g}"


def share(mask, p, what):
    assert mask.size >= 200, f"{what}: only {mask.size} rows"
    near(mask.mean(), p, math.sqrt(p * (1 - p) / mask.size), what)


def inside(age, van, tot):
    """Rows whose calendar age is strictly between whole van and tot: the generator's floor(age) is in [van, tot)."""
    return (age > van) & (age < tot)


def num(b, key):
    kind, ints, decimals, leeg = b.values[key]
    return ints / 10 ** decimals, (np.zeros(b.n, bool) if leeg is None else leeg)


def assert_households(b):
    """Head first; a partner right after its head, linked both ways; nobody else linked; arrays of length n."""
    r, p, n = b.role, b.partner, b.n
    assert len(r) == len(p) == len(b.birth) == len(b.ids) == n and r[0] == HEAD and set(np.unique(r)) <= {0, 1, 2}
    assert all(len(a) == n for v in b.values.values() for a in v[1:] if isinstance(a, np.ndarray))
    mates = np.flatnonzero(r == PARTNER)
    assert (r[mates - 1] == HEAD).all() and (p[mates] == mates - 1).all() and (p[mates - 1] == mates).all()
    assert (p >= 0).sum() == 2 * len(mates)


@pytest.fixture(scope="module")
def big():
    data = {"naam": "generator", "wetten": [str(ROOT / "laws" / "zorgtoeslag")], "rekendatum": REF.isoformat(),
            "blok": 1 << 19, "populatie": POPULATION, "uitvoer": {"resultaten": ["zorgtoeslag"]}}
    job = make_job(parse_scenario(data), ROOT / "scenario.yaml")
    b = generate_block(job.scenario.populatie, job.kinds, job.dates[0], 0, 1 << 19, N)
    heads = np.flatnonzero(b.role == HEAD)
    hh = np.cumsum(b.role == HEAD) - 1
    return dict(job=job, b=b, age=age_on(b.birth, REF), years=(REF.toordinal() - b.birth) / D, heads=heads,
                hh=hh, head_of=heads[hh])


def test_head_ages_follow_the_table(big):
    """Heads' ages: class shares ≈ weights, uniform inside each class, nothing outside 16–95 (one day slack)."""
    y = big["years"][big["heads"]]
    assert y.min() >= 16 and y.max() < 95 + 1.01 / D
    for van, tot, w in POPULATION["leeftijd"]["klassen"]:
        cls = (y >= van) & (y < tot)
        share(cls, w / 9, f"heads {van}-{tot}")
        near(y[cls].mean(), (van + tot) / 2, (tot - van) / math.sqrt(12 * cls.sum()), f"mean age {van}-{tot}")


def test_households_are_consistent(big):
    """Roles and partner links are consistent; children only with a head aged 20–50, at least 18 years younger."""
    b, age, head_of = big["b"], big["age"], big["head_of"]
    assert_households(b)
    kids = np.flatnonzero(b.role == CHILD)
    assert len(kids) > 10_000 and (b.partner[kids] == -1).all()
    assert age[head_of[kids]].min() >= 20 and age[head_of[kids]].max() <= 50
    assert (b.birth[kids] - b.birth[head_of[kids]]).min() >= math.floor(18 * D) - 1


def test_partner_chance_per_age_band(big):
    """Share of heads with a partner per band of kans_per_leeftijd; none below 18 or in no band (90+)."""
    b, age, heads = big["b"], big["age"][big["heads"]], big["heads"]
    has = b.partner[heads] >= 0
    assert not has[age < 18].any() and not has[age > 90].any() and (age > 90).sum() > 1000
    for van, tot, p in POPULATION["partners"]["kans_per_leeftijd"]:
        share(has[inside(age, van, tot)], p, f"partner share {van}-{tot}")


def test_partner_age_gap_and_clip(big):
    """Partner age = head age − N(2, 3) years; below minimumleeftijd 18 it is set to 18 (count as expected)."""
    b, years, age = big["b"], big["years"], big["age"]
    mates = np.flatnonzero(b.role == PARTNER)
    heads = mates - 1
    assert age[mates].min() >= 18
    gap = (b.birth[mates] - b.birth[heads]) / D          # exact up to a day
    free = (years[heads] >= 40) & (years[heads] < 80)    # clipping needs a gap > 22 years: 6.7 sd
    n = free.sum()
    near(gap[free].mean(), 2, 3 / math.sqrt(n), "mean gap")
    near(gap[free].std(), 3, 3 / math.sqrt(2 * n), "sd of gap")
    young = inside(age[heads], 18, 30)
    at_18 = b.birth[mates[young]] == REF.toordinal() - math.floor(18 * D) - 1
    z = (years[heads[young]] - 18 - 2) / 3              # P(head − gap < 18) = 1 − Φ(z)
    p = 0.5 * np.array([math.erfc(v / math.sqrt(2)) for v in z])
    # (partners drawn in the first day above 18 share the birth date of the clipped ones: about 1 expected)
    near(at_18.sum(), p.sum(), math.sqrt((p * (1 - p)).sum()), "partners clipped to 18")


def test_children_per_household(big):
    """Children per household with a head aged 20–50 follow kinderen.aantal; ages uniform below 18."""
    b, age, years, heads = big["b"], big["age"], big["years"], big["heads"]
    kids = np.bincount(big["hh"][b.role == CHILD], minlength=len(heads))[:-1]   # the last one may be cut
    head_age = age[heads[:-1]]
    assert kids.max() == 3 and not kids[(head_age < 20) | (head_age > 50)].any()
    count = kids[inside(head_age, 20, 50)]
    for k, p in enumerate(POPULATION["kinderen"]["aantal"]["kansen"]):
        share(count == k, p, f"households with {k} children")
    old = (b.role == CHILD) & (age[big["head_of"]] >= 37)            # head ≥ 36: uniform 0–18
    near(years[old].mean(), 9, 18 / math.sqrt(12 * old.sum()), "mean child age")
    assert years[b.role == CHILD].max() < 18 + 1.01 / D


def test_lognormal_per_age_class(big):
    """Per age class: median and log-sd of the non-zero values, share of zeros (class 67+ overrides nul)."""
    b, age, head_of = big["b"], big["age"], big["head_of"]
    x, leeg = num(b, "toetsingsinkomen")
    assert b.values["toetsingsinkomen"][2] == 0 and not leeg[age > 18].any() and leeg[age < 18].all()
    base = {k: LOGNORMAL[k] for k in ("mediaan", "sigma", "nul")}
    klassen = [({**base, **c}, inside(age, c["van"], c["tot"])) for c in LOGNORMAL["per"]["klassen"]]
    own = (b.role == PARTNER) & inside(age, 18, 25) & (age[head_of] > 25)   # own age counts, not the head's
    for c, rows in [(base, inside(age, 25, 67)), *klassen, ({**base, "mediaan": 12000, "sigma": 0.4}, own)]:
        share(x[rows] == 0, c["nul"], f"zeros {c}")
        logs = np.log(x[rows & (x > 0)])
        near(np.median(logs), math.log(c["mediaan"]), c["sigma"] * math.sqrt(math.pi / 2 / len(logs)), f"median {c}")
        near(logs.std(), c["sigma"], c["sigma"] / math.sqrt(2 * len(logs)), f"log-sd {c}")


def test_kenmerken_chance_per_class_and_voor(big):
    """kans per age class; voor volwassenen/kind: the others are onwaar; partner: gelijk copies the head."""
    b, age = big["b"], big["age"]
    ins, adult_kid = b.values["verzekerd"][1], b.values["meerderjarig"][1]
    assert not ins[age < 18].any()
    share(ins[(age > 18) & (age < 67)], 0.9, "verzekerd 18-67")
    share(ins[age > 67], 0.5, "verzekerd 67+")
    share(adult_kid[b.role == CHILD], 0.3, "meerderjarig (children)")
    assert not adult_kid[b.role != CHILD].any()
    right = b.values["recht op zorgtoeslag"][1]
    mates = np.flatnonzero(b.role == PARTNER)
    share(right[big["heads"][age[big["heads"]] > 18]], 0.5, "recht op zorgtoeslag (heads)")
    assert (right[mates] == right[mates - 1]).all()


def test_voor_hoofd_and_partner(big):
    """voor hoofd: uniform [100, 200) with leeg 0.1; voor partner: poisson mean 3; the others all leeg."""
    b = big["b"]
    x, leeg = num(b, "rendementsgrondslag")
    head = b.role == HEAD
    assert leeg[~head].all() and (x[leeg] == 0).all()
    share(leeg[head], 0.1, "leeg among heads")
    v = x[head & ~leeg]
    assert 100 <= v.min() < 100.1 and 199.9 < v.max() <= 200
    near(v.mean(), 150, 100 / math.sqrt(12 * len(v)), "uniform mean")
    share(v < 125, 0.25, "uniform quarter")
    x, leeg = num(b, "gezamenlijk toetsingsinkomen")
    assert (leeg == (b.role != PARTNER)).all()
    v = x[b.role == PARTNER]
    assert (v == np.round(v)).all()
    near(v.mean(), 3, math.sqrt(3 / len(v)), "poisson mean")
    near(v.var(), 3, math.sqrt((3 + 2 * 9) / len(v)), "poisson variance")


def test_clip_and_rounding(big):
    """normaal(50, 30) clipped to [0, 100], one decimal (afronden 1), for children only."""
    b = big["b"]
    _, ints, decimals, leeg = b.values["gezamenlijke rendementsgrondslag"]
    kid = b.role == CHILD
    assert decimals == 1 and leeg[~kid].all() and not leeg[kid].any()
    v = ints[kid]
    tail = 0.5 * math.erfc(50 / 30 / math.sqrt(2))
    assert v.min() == 0 and v.max() == 1000
    share(v == 0, tail, "clipped at min")
    share(v == 1000, tail, "clipped at max")
    share(v % 10 != 0, 0.9 * (1 - 2 * tail), "values with a tenth")
    assert b.values["normpremie"][2] == 2                   # no afronden: the attribute's decimals


def test_partner_gelijk_copies_number(big):
    """partner: gelijk — a partner's number (and leeg) is the head's; heads draw lognormal(100, 1)."""
    b = big["b"]
    x, leeg = num(b, "toepasselijke vermogensgrens")
    mates = np.flatnonzero(b.role == PARTNER)
    assert (x[mates] == x[mates - 1]).all() and (leeg[mates] == leeg[mates - 1]).all() and leeg[b.role == CHILD].all()
    logs = np.log(x[(b.role == HEAD) & ~leeg])
    near(np.median(logs), math.log(100), math.sqrt(math.pi / 2 / len(logs)), "median")
    near(logs.std(), 1, 1 / math.sqrt(2 * len(logs)), "log-sd")


def test_per_class_distribution_override(big):
    """A class that changes `verdeling` itself: poisson(5) with leeg 0.25 for 18–30, keuze {1, 2} for 67+,
    normaal(1000, 100) for everyone else (children included: voor iedereen)."""
    b, age = big["b"], big["age"]
    x, leeg = num(b, "normpremie")
    young, old, rest = inside(age, 18, 30), age > 67, (age < 18) | inside(age, 30, 67)
    share(leeg[young], 0.25, "leeg 18-30")
    assert not leeg[old | rest].any()
    v = x[young & ~leeg]
    assert (v == np.round(v)).all()
    near(v.mean(), 5, math.sqrt(5 / len(v)), "poisson mean 18-30")
    near(v.var(), 5, math.sqrt((5 + 2 * 25) / len(v)), "poisson variance 18-30")
    assert set(np.unique(x[old])) == {1, 2}
    share(x[old] == 1, 0.5, "keuze 67+")
    near(x[rest].mean(), 1000, 100 / math.sqrt(rest.sum()), "normal mean")
    near(x[rest].std(), 100, 100 / math.sqrt(2 * rest.sum()), "normal sd")


def _same(a, b):
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("ids", "role", "partner", "birth"))
    assert pickle.dumps(a.values) == pickle.dumps(b.values)


def test_same_seed_and_block_same_persons(big):
    """Same (zaad, block number) → identical block, also from a fresh Population; another block → others."""
    job = big["job"]
    pop = job.scenario.populatie
    one = generate_block(pop, job.kinds, REF, 3, 1000, 1000)
    _same(one, generate_block(pop, job.kinds, REF, 3, 1000, 1000))
    _same(one, generate_block(Population.model_validate(pop.model_dump()), job.kinds, REF, 3, 1000, 1000))
    assert (one.ids == 3000 + np.arange(1000)).all()
    other = generate_block(pop, job.kinds, REF, 4, 1000, 1000)
    reseeded = generate_block(pop.model_copy(update={"zaad": pop.zaad + 1}), job.kinds, REF, 3, 1000, 1000)
    for x in (other, reseeded):
        assert (x.birth[:500] != one.birth[:500]).mean() > 0.9


@pytest.mark.parametrize("size", [1, 2, 255, 256, 1000])
def test_block_has_exactly_size_persons(big, size):
    """A block holds exactly `size` persons in consistent households (the last one cut to fit)."""
    job = big["job"]
    b = generate_block(job.scenario.populatie, job.kinds, REF, 5, 1024, size)
    assert b.n == size and (b.ids == 5 * 1024 + np.arange(size)).all()
    assert_households(b)


def test_last_household_cut_children_first():
    """The last household is cut to fit: children first, then the partner."""
    pop = {"leeftijd": {"waarde": 30}, "kinderen": {"aantal": {"waarde": 3}},
           "partners": {"feittype": "f", "kans": 1, "leeftijdsverschil": {"waarde": 0}}}
    assert [_tiny(pop, {}, n).role.tolist()[5:] for n in (6, 7, 8)] == [[HEAD], [HEAD, PARTNER], [HEAD, PARTNER, CHILD]]


# ---------------------------------------------------------------------------- exact helpers

@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-6, 6), max_size=10), st.lists(st.integers(-7, 7), min_size=1, max_size=30),
       st.booleans(), st.booleans())
@example(list(range(300)), [-1, 0, 254, 255, 256, 299, 10 ** 9], True, True)    # counts past a byte
def test_band_index_counts_edges(raw_edges, raw_x, int_x, int_edges):
    """band_index = the number of edges <= x, for float and int64 values, with ties (and 300 edges)."""
    edges = sorted(raw_edges) if int_edges else sorted(e / 2 for e in raw_edges)
    x = np.array(raw_x, np.int64) if int_x else np.array(raw_x) / 2
    got = band_index(x, edges)
    assert got.dtype == np.intp and got.tolist() == [sum(e <= v for e in edges) for v in x.tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 6)), min_size=1, max_size=6),
       st.lists(st.integers(-2, 24), min_size=1, max_size=30))
def test_class_index_first_band_wins(raw_bands, raw_x):
    """class_index: the 1-based number of the first band [van, tot) holding x in the written order, else 0."""
    bands = [(van, van + width) for van, width in raw_bands]
    x = np.array(raw_x) / 2
    want = [next((k + 1 for k, (van, tot) in enumerate(bands) if van <= v < tot), 0) for v in x.tolist()]
    assert class_index(x, bands).tolist() == want


@st.composite
def tricky_dates(draw):
    """Dates near 29 February and month ends, a few days either side."""
    year = draw(st.integers(1896, 2104))
    month, day = draw(st.sampled_from([(2, 28), (2, 29), (3, 1), (1, 1), (12, 31), (4, 30), (6, 30)]))
    return date(year, month, min(day, calendar.monthrange(year, month)[1])) + timedelta(draw(st.integers(-2, 2)))


@settings(max_examples=300, deadline=None)
@given(st.lists(tricky_dates(), min_size=1, max_size=20), tricky_dates(),
       st.lists(st.integers(-4, 240), max_size=10))
def test_age_on_and_age_band_are_calendar_exact(births, on, raw_edges):
    """age_on = whole years as the law counts them (values.duration_between: born 29 February, a year older on
    28 February in other years), 0 before birth; age_band = its band."""
    birth = np.array([b.toordinal() for b in births], np.int64)
    want = [max(0, int(duration_between(b, on, "jaren"))) for b in births]
    assert age_on(birth, on).tolist() == want
    edges = sorted(e / 2 for e in raw_edges)
    assert age_band(birth, on, edges).tolist() == band_index(np.array(want), edges).tolist()


@given(st.integers(0, 99), st.integers(0, 2 ** 32))
def test_standard_normal_shape(n, seed):
    """n float32 numbers (also for odd n), finite."""
    z = standard_normal(np.random.default_rng(seed), n)
    assert z.dtype == np.float32 and z.shape == (n,) and np.isfinite(z).all()


def test_standard_normal_is_the_inverse_normal_of_the_uniform_draws():
    """Each number is the normal quantile of the uniform number drawn for it (the same stream): within 0,002
    everywhere, within 1e-5 in the middle, and exact in the outermost cells; and the moments are right."""
    from statistics import NormalDist
    n = 400_001
    z = standard_normal(np.random.default_rng(12), n).astype(float)
    u = np.random.default_rng(12).random(n, dtype=np.float32).astype(float)
    nd = NormalDist()
    exact = np.array([nd.inv_cdf(max(x, 2.0 ** -60)) for x in u])
    assert np.abs(z - exact).max() < 0.002
    middle = np.abs(exact) < 2.3
    assert np.abs(z - exact)[middle].max() < 1e-5
    outer = (u < 4 / 16384) | (u >= 1 - 4 / 16384)
    assert outer.any() and np.abs(z - exact)[outer].max() < 1e-6            # float32 of the exact value
    near(z.mean(), 0, 1 / math.sqrt(n), "mean")
    near(z.std(), 1, 1 / math.sqrt(2 * n), "sd")
    share(np.abs(z) > 2, 0.0455003, "beyond 2")


# ---------------------------------------------------------------------------- small cases (found by review)

def _tiny(population, kinds, size):
    return generate_block(Population.model_validate({"omvang": size, **population}), kinds, REF, 0, 256, size)


def test_adult_on_the_rekendatum_gets_adult_values():
    """A head who is 18 on the rekendatum is volwassen (docs: 18 jaar of ouder op de eerste rekendatum)."""
    b = _tiny({"leeftijd": {"waarde": 17.9999}, "attributen": {"x": {"waarde": 1}}}, {"x": ("number", 0)}, 1)
    assert (age_on(b.birth, REF) >= 18) == (not b.values["x"][3][0])


def test_partner_younger_than_maximumleeftijd():
    """Partners are younger than maximumleeftijd (docs) on the rekendatum, also when clipped."""
    b = _tiny({"leeftijd": {"waarde": 80}, "partners": {"feittype": "f", "kans": 1, "maximumleeftijd": 65,
                                                        "leeftijdsverschil": {"waarde": 0}}}, {}, 2)
    assert age_on(b.birth, REF)[1] < 65


def test_nul_and_leeg_are_shares_of_everyone_in_voor():
    """nul and leeg are both shares of the persons the attribute is for (they add up, as validated)."""
    b = _tiny({"leeftijd": {"waarde": 40}, "attributen": {"x": {"verdeling": "uniform", "van": 1, "tot": 2, "nul": 0.4,
                                                                 "leeg": 0.3, "voor": "iedereen"}}},
              {"x": ("number", 2)}, 40_000)
    x, leeg = num(b, "x")
    share(leeg, 0.3, "leeg")
    share((x == 0) & ~leeg, 0.4, "nul")
    assert ((x >= 1) | (x == 0)).all()


def test_a_leeg_condition_falls_in_no_class():
    """per on a number attribute: a person whose value is leeg gets the base parameters, not a class holding 0."""
    b = _tiny({"leeftijd": {"waarde": 40}, "attributen": {
        "x": {"waarde": 50000, "leeg": 0.5, "voor": "iedereen"},
        "y": {"waarde": 1, "voor": "iedereen", "per": {"attribuut": "x", "klassen": [
            {"van": 0, "tot": 10000, "waarde": 3}, {"van": 40000, "tot": 60000, "waarde": 2}]}}}},
        {"x": ("number", 0), "y": ("number", 0)}, 2000)
    _, leeg = num(b, "x")
    y, _ = num(b, "y")
    assert 0 < leeg.sum() < 2000
    assert (y[leeg] == 1).all() and (y[~leeg] == 2).all()


def test_voor_partner_with_partner_gelijk_is_refused():
    """partner: gelijk copies the head's value, which voor: partner leaves leeg: a Dutch error, not silent leeg."""
    with pytest.raises(ValueError, match="voor: partner"):
        Population.model_validate({"omvang": 10, "leeftijd": {"waarde": 40}, "attributen": {
            "x": {"waarde": 1, "voor": "partner", "partner": "gelijk"}}})


def test_a_class_with_its_own_form_and_rounding():
    """A per class that names waarde (over a base verdeling or kans) uses it, and its own afronden."""
    per = {"attribuut": "leeftijd", "klassen": [{"van": 0, "tot": 18, "waarde": 0}]}
    b = _tiny({"leeftijd": {"verdeling": "uniform", "van": 0, "tot": 40}, "attributen": {
        "x": {"verdeling": "uniform", "van": 100, "tot": 200, "voor": "iedereen", "afronden": 2, "per": {
            **per, "klassen": [{"van": 0, "tot": 18, "waarde": 0}, {"van": 18, "tot": 30, "afronden": 0}]}},
        "k": {"kans": 1, "voor": "iedereen", "per": {**per, "klassen": [{"van": 0, "tot": 18, "waarde": "onwaar"}]}}}},
        {"x": ("number", 2), "k": ("kenmerk", None)}, 3000)
    age = age_on(b.birth, REF)
    x, _ = num(b, "x")
    kid, young = age < 18, (age >= 18) & (age < 30)
    assert kid.any() and young.any() and (~kid & ~young).any()
    assert (x[kid] == 0).all() and (x[~kid] >= 100).all()
    assert (x[young] == x[young].round()).all() and (x[~kid & ~young] != x[~kid & ~young].round()).any()
    assert not b.values["k"][1][kid].any() and b.values["k"][1][~kid].all()


def test_an_attribute_named_leeftijd_does_not_replace_the_age():
    """per: leeftijd is the person's age, also when the law has an attribute called leeftijd drawn before."""
    b = _tiny({"leeftijd": {"waarde": 40}, "attributen": {
        "leeftijd": {"waarde": 5, "voor": "iedereen"},
        "y": {"waarde": 1, "voor": "iedereen", "per": {"attribuut": "leeftijd", "klassen": [
            {"van": 30, "tot": 50, "waarde": 2}]}}}}, {"leeftijd": ("number", 0), "y": ("number", 0)}, 1)
    assert num(b, "y")[0][0] == 2

"""Tests for regelspraak.evaluate.values: exact arithmetic, leeg, rounding, dates, number text."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regelspraak.evaluate import values as v
from regelspraak.evaluate.values import EvaluationError

MODES = v.ROUNDING_MODES

fractions = st.builds(F, st.integers(-10**9, 10**9), st.integers(1, 10**6))
decimal_counts = st.integers(0, 6)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def dec(text: str) -> F:
    return F(text)


# ------------------------------------------------------------------ rounding

@pytest.mark.parametrize(
    "x, decimals, mode, expected",
    [
        ("0.125", 2, "rekenkundig", "0.13"),
        ("-0.125", 2, "rekenkundig", "-0.13"),
        ("0.124", 2, "rekenkundig", "0.12"),
        ("2.5", 0, "rekenkundig", "3"),
        ("-2.5", 0, "rekenkundig", "-3"),
        ("-1.25", 1, "naar beneden", "-1.3"),
        ("-1.25", 1, "naar boven", "-1.2"),
        ("-1.25", 1, "richting nul", "-1.2"),
        ("-1.25", 1, "weg van nul", "-1.3"),
        ("1.25", 1, "naar beneden", "1.2"),
        ("1.25", 1, "naar boven", "1.3"),
        ("1.25", 1, "richting nul", "1.2"),
        ("1.25", 1, "weg van nul", "1.3"),
        ("-0.001", 2, "naar beneden", "-0.01"),
        ("-0.001", 2, "naar boven", "0"),
        ("503.925", 2, "rekenkundig", "503.93"),
        ("7", 0, "weg van nul", "7"),
    ],
)
def test_round_to_examples(x, decimals, mode, expected):
    assert v.round_to(dec(x), decimals, mode) == dec(expected)


def test_round_to_thirds_exact():
    assert v.round_to(F(1, 3), 2, "rekenkundig") == F(33, 100)
    assert v.round_to(F(2, 3), 2, "naar beneden") == F(66, 100)
    assert v.round_to(F(2, 3), 2, "rekenkundig") == F(67, 100)


def test_round_to_leeg_and_errors():
    assert v.round_to(None, 2, "rekenkundig") is None
    with pytest.raises(ValueError):
        v.round_to(F(1), -1, "rekenkundig")
    with pytest.raises(ValueError):
        v.round_to(F(1), 1.5, "rekenkundig")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="afrondingswijze"):
        v.round_to(F(1), 2, "bankiers")
    with pytest.raises(ValueError):
        v.round_to(None, 2, "bankiers")


@given(fractions, decimal_counts, st.sampled_from(MODES))
def test_round_to_close_and_few_decimals(x, decimals, mode):
    r = v.round_to(x, decimals, mode)
    assert abs(r - x) < F(1, 10**decimals)
    assert v.decimals_of(r) <= decimals


@given(fractions, decimal_counts)
def test_round_to_modes_order(x, decimals):
    r = {mode: v.round_to(x, decimals, mode) for mode in MODES}
    assert r["naar beneden"] <= x <= r["naar boven"]
    assert abs(r["richting nul"]) <= abs(x) <= abs(r["weg van nul"])
    assert abs(r["rekenkundig"] - x) <= F(1, 2 * 10**decimals)


@given(st.integers(-10**12, 10**12), decimal_counts, st.integers(0, 3))
def test_round_to_modes_agree_on_representable(n, decimals, fewer):
    x = F(n, 10 ** max(decimals - fewer, 0))
    results = {v.round_to(x, decimals, mode) for mode in MODES}
    assert results == {x}


@given(fractions, decimal_counts, st.sampled_from(MODES))
def test_round_to_idempotent(x, decimals, mode):
    once = v.round_to(x, decimals, mode)
    assert v.round_to(once, decimals, mode) == once


@given(fractions, decimal_counts)
def test_round_to_symmetry(x, decimals):
    for mode in ("rekenkundig", "richting nul", "weg van nul"):
        assert v.round_to(-x, decimals, mode) == -v.round_to(x, decimals, mode)
    assert v.round_to(-x, decimals, "naar beneden") == -v.round_to(x, decimals, "naar boven")


# ------------------------------------------------------------------ arithmetic

def test_leeg_constant():
    assert v.LEEG is None


def test_add_sub_mul_treat_leeg_as_zero():
    assert v.add(None, None) == 0
    assert v.add(F(2), None) == 2
    assert v.add(None, F(3)) == 3
    assert v.sub(None, F(3)) == -3
    assert v.sub(F(3), None) == 3
    assert v.sub(None, None) == 0
    assert v.mul(None, F(3)) == 0
    assert v.mul(F(3, 2), F(4)) == 6
    assert isinstance(v.add(None, None), F)


def test_reduced_by():
    assert v.reduced_by(None, F(5)) is None
    assert v.reduced_by(F(5), None) == 5
    assert v.reduced_by(F(5), F(7)) == -2
    assert v.reduced_by(None, None) is None


def test_div():
    assert v.div(F(1), F(3)) == F(1, 3)
    assert v.div(None, F(3)) == 0
    assert isinstance(v.div(1, 3), F)
    with pytest.raises(EvaluationError) as err:
        v.div(F(1), None)
    assert err.value.message == "deling door een lege waarde"
    with pytest.raises(EvaluationError) as err:
        v.div(F(1), F(0))
    assert err.value.message == "deling door nul"
    with pytest.raises(EvaluationError):
        v.div(None, None)
    with pytest.raises(EvaluationError):
        v.div(None, F(0))


def test_div_abs_truncates_at_five_decimals():
    assert v.div_abs(F(1), F(3)) == dec("0.33333")
    assert v.div_abs(F(2), F(3)) == dec("0.66666")
    assert v.div_abs(F(-2), F(3)) == dec("-0.66666")
    assert v.div_abs(None, F(3)) == 0
    with pytest.raises(EvaluationError):
        v.div_abs(F(1), F(0))


def test_percent_of():
    assert v.percent_of(F(21), F(200)) == 42
    assert v.percent_of(dec("1.5"), F(1000)) == 15
    assert v.percent_of(None, F(100)) == 0
    assert v.percent_of(F(10), None) == 0


def test_absolute_and_bounded():
    assert v.absolute(F(-3)) == 3
    assert v.absolute(None) is None
    assert v.bounded(F(-5), F(0), None) == 0
    assert v.bounded(F(50), None, F(10)) == 10
    assert v.bounded(F(5), F(0), F(10)) == 5
    assert v.bounded(F(5)) == 5
    assert v.bounded(None, F(0), F(10)) is None
    with pytest.raises(EvaluationError):
        v.bounded(F(5), F(10), F(0))


def test_evaluation_error_is_exception_with_message():
    err = EvaluationError("deling door nul")
    assert isinstance(err, Exception)
    assert str(err) == err.message == "deling door nul"


# ------------------------------------------------------------------ comparisons

@pytest.mark.parametrize("op", ["<", ">", "<=", ">=", "=="])
@pytest.mark.parametrize("a, b", [(None, F(1)), (F(1), None), (None, None)])
def test_compare_with_leeg_is_false(op, a, b):
    assert v.compare(op, a, b) is False


def test_compare_not_equal_with_leeg():
    assert v.compare("!=", None, F(1)) is True
    assert v.compare("!=", "a", None) is True
    assert v.compare("!=", None, None) is False


def test_compare_values():
    assert v.compare("<", F(1), F(2))
    assert v.compare(">=", F(2), F(2))
    assert v.compare("==", F(1, 2), dec("0.5"))
    assert v.compare("<", date(2024, 1, 1), date(2024, 1, 2))
    assert v.compare("==", "gehuwd", "gehuwd")
    assert v.compare("!=", True, False)
    assert not v.compare("==", "a", "b")
    with pytest.raises(ValueError):
        v.compare("=<", F(1), F(2))
    with pytest.raises(EvaluationError):
        v.compare("<", date(2024, 1, 1), F(1))


# ------------------------------------------------------------------ aggregations

def test_agg_sum():
    assert v.agg_sum([F(1), None, F(2)]) == 3
    assert v.agg_sum([None, None]) is None
    assert v.agg_sum([]) is None
    assert v.agg_sum([], zero_if_none=True) == 0
    assert v.agg_sum([None], zero_if_none=True) == 0
    assert v.agg_sum(iter([F(1, 2), F(1, 2)])) == 1


def test_agg_count_counts_items():
    assert v.agg_count([F(1), None, F(2)]) == 3
    assert v.agg_count([]) == 0
    assert isinstance(v.agg_count(iter(["a"])), F)


def test_agg_min_max_first_last():
    items = [None, F(3), None, F(1), F(2), None]
    assert v.agg_max(items) == 3
    assert v.agg_min(items) == 1
    assert v.agg_first(items) == 3
    assert v.agg_last(items) == 2
    for fn in (v.agg_max, v.agg_min, v.agg_first, v.agg_last):
        assert fn([]) is None
        assert fn([None, None]) is None
    assert v.agg_min([date(2024, 5, 1), None, date(2023, 1, 1)]) == date(2023, 1, 1)
    assert v.agg_last(iter([F(1), F(2)])) == 2


# ------------------------------------------------------------------ dates

def test_parse_date():
    assert v.parse_date("01-07-2024") == date(2024, 7, 1)
    assert v.parse_date(" 2024-07-01 ") == date(2024, 7, 1)
    assert v.parse_date("1-7-2024") == date(2024, 7, 1)
    for bad in ["31-02-2024", "2024/07/01", "01-07-24", "", "morgen", "2024-7-1"]:
        with pytest.raises(ValueError, match="ongeldige datum"):
            v.parse_date(bad)
    with pytest.raises(ValueError):
        v.parse_date(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "start, amount, unit, expected",
    [
        ("31-01-2024", 1, "mnd", "29-02-2024"),
        ("31-01-2023", 1, "mnd", "28-02-2023"),
        ("31-03-2024", -1, "mnd", "29-02-2024"),
        ("29-02-2024", 1, "jr", "28-02-2025"),
        ("29-02-2024", 4, "jr", "29-02-2028"),
        ("30-11-2024", 1, "kw", "28-02-2025"),
        ("15-12-2024", 1, "mnd", "15-01-2025"),
        ("01-01-2024", 3, "dg", "04-01-2024"),
        ("01-01-2024", 2, "wk", "15-01-2024"),
        ("01-01-2024", -1, "dg", "31-12-2023"),
        ("01-01-2024", 0, "jr", "01-01-2024"),
    ],
)
def test_add_duration(start, amount, unit, expected):
    assert v.add_duration(v.parse_date(start), F(amount), unit) == v.parse_date(expected)


def test_add_duration_leeg_and_errors():
    assert v.add_duration(None, F(1), "mnd") is None
    assert v.add_duration(date(2024, 1, 1), None, "mnd") is None
    with pytest.raises(EvaluationError, match="geheel getal"):
        v.add_duration(date(2024, 1, 1), F(1, 2), "mnd")
    with pytest.raises(ValueError):
        v.add_duration(date(2024, 1, 1), F(1), "uur")
    with pytest.raises(EvaluationError, match="bereik"):
        v.add_duration(date(9999, 12, 1), F(1), "jr")
    with pytest.raises(EvaluationError, match="bereik"):
        v.add_duration(date(9999, 12, 31), F(1), "dg")


@pytest.mark.parametrize(
    "d1, d2, unit, expected",
    [
        ("14-09-1998", "13-09-2016", "jaren", 17),
        ("14-09-1998", "14-09-2016", "jaren", 18),
        ("29-02-2000", "27-02-2001", "jaren", 0),
        ("29-02-2000", "28-02-2001", "jaren", 1),
        ("29-02-2000", "28-02-2004", "jaren", 3),
        ("29-02-2000", "29-02-2004", "jaren", 4),
        ("31-01-2024", "29-02-2024", "maanden", 1),
        ("31-01-2024", "28-02-2024", "maanden", 0),
        ("01-01-2024", "01-01-2025", "dagen", 366),
        ("01-01-2025", "01-01-2024", "dagen", -366),
        ("14-09-2016", "14-09-1998", "jaren", -18),
        ("13-09-2016", "14-09-1998", "jaren", -17),
        ("01-01-2024", "31-12-2024", "maanden", 11),
        ("01-01-2024", "01-01-2024", "jaren", 0),
        ("01-01-2024", "15-01-2024", "weken", 2),
        ("01-01-2024", "01-07-2024", "kwartalen", 2),
    ],
)
def test_duration_between(d1, d2, unit, expected):
    result = v.duration_between(v.parse_date(d1), v.parse_date(d2), unit)
    assert result == expected
    assert isinstance(result, F)


def test_duration_between_leeg_and_errors():
    assert v.duration_between(None, date(2024, 1, 1), "jaren") is None
    assert v.duration_between(date(2024, 1, 1), None, "dagen") is None
    with pytest.raises(ValueError):
        v.duration_between(date(2024, 1, 1), date(2024, 1, 1), "eeuwen")


@given(dates, dates, st.sampled_from([("jaren", "jr"), ("maanden", "mnd"), ("dagen", "dg")]))
def test_duration_between_consistent_with_add_duration(d1, d2, units):
    word, symbol = units
    n = v.duration_between(d1, d2, word)
    if d1 <= d2:
        assert n >= 0
        assert v.add_duration(d1, n, symbol) <= d2 < v.add_duration(d1, n + 1, symbol)
    else:
        assert n <= 0
        assert v.add_duration(d2, -n, symbol) <= d1 < v.add_duration(d2, -n + 1, symbol)
    assert v.duration_between(d2, d1, word) == -n


@given(dates, st.integers(0, 600), st.sampled_from([("jaren", "jr"), ("maanden", "mnd"), ("dagen", "dg")]))
def test_added_duration_is_counted_back(d, n, units):
    word, symbol = units
    assert v.duration_between(d, v.add_duration(d, F(n), symbol), word) == n


@given(dates, st.integers(-5000, 5000))
def test_add_days_matches_timedelta(d, n):
    assert v.add_duration(d, F(n), "dg") == d + timedelta(days=n)


def test_date_part():
    d = date(2024, 7, 15)
    assert v.date_part(d, "dag") == 15
    assert v.date_part(d, "maand") == 7
    assert v.date_part(d, "jaar") == 2024
    assert isinstance(v.date_part(d, "jaar"), F)
    assert v.date_part(None, "dag") is None
    with pytest.raises(ValueError):
        v.date_part(d, "week")


def test_make_date():
    assert v.make_date(F(2024), F(2), F(29)) == date(2024, 2, 29)
    assert v.make_date(None, F(2), F(29)) is None
    assert v.make_date(F(2024), None, F(1)) is None
    with pytest.raises(EvaluationError, match="ongeldige datum"):
        v.make_date(F(2023), F(2), F(29))
    with pytest.raises(EvaluationError, match="geheel getal"):
        v.make_date(F(2023), F(5, 2), F(1))


# ------------------------------------------------------------------ number text

@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", F(12)),
        ("12,5", F(25, 2)),
        ("-3,25", F(-13, 4)),
        ("2.112,00", F(2112)),
        ("2.112", F(2112)),
        ("1.234.567,891", dec("1234567.891")),
        ("4_1/3", F(13, 3)),
        ("-4_1/3", F(-13, 3)),
        ("1/3", F(1, 3)),
        ("-1/3", F(-1, 3)),
        (" 0,1 ", F(1, 10)),
        ("+7", F(7)),
        ("\u22122,5", F(-5, 2)),
        ("0012", F(12)),
    ],
)
def test_parse_number(text, expected):
    assert v.parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "12.5", "1.23", "1234.567", "12,", ",5", "1,2,3", "1/0", "4_1/0", "abc", "1e5", "12 €", "--1"]
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match="ongeldig getal"):
        v.parse_number(text)


def test_to_fraction():
    assert v.to_fraction(0.1) == F(1, 10)
    assert v.to_fraction(1e-05) == F(1, 100000)
    assert v.to_fraction(3) == 3 and isinstance(v.to_fraction(3), F)
    assert v.to_fraction(Decimal("2.50")) == F(5, 2)
    assert v.to_fraction(F(1, 3)) == F(1, 3)
    assert v.to_fraction("12,5") == F(25, 2)
    assert v.to_fraction(None) is None
    for bad in [True, float("nan"), float("inf"), Decimal("NaN"), [1], "x"]:
        with pytest.raises(ValueError):
            v.to_fraction(bad)


def test_decimals_of():
    assert v.decimals_of(F(5)) == 0
    assert v.decimals_of(dec("503.93")) == 2
    assert v.decimals_of(F(1, 8)) == 3
    assert v.decimals_of(F(1, 3)) is None
    assert v.decimals_of(F(1, 6)) is None
    assert v.decimals_of(None) == 0


@pytest.mark.parametrize(
    "x, kwargs, expected",
    [
        (F(1573), {}, "1573"),
        (F(1573), {"thousands": True}, "1.573"),
        (dec("503.93"), {}, "503,93"),
        (F(2112), {"decimals": 2, "thousands": True}, "2.112,00"),
        (dec("-1234567.5"), {"thousands": True}, "-1.234.567,5"),
        (dec("0.125"), {"decimals": 2}, "0,13"),
        (dec("-0.125"), {"decimals": 2}, "-0,13"),
        (dec("-0.001"), {"decimals": 2}, "0,00"),
        (F(1, 3), {}, "0,3333333333…"),
        (F(-2, 3), {}, "-0,6666666666…"),
        (F(2, 3), {"decimals": 3}, "0,667"),
        (F(0), {}, "0"),
        (None, {}, "leeg"),
    ],
)
def test_format_number(x, kwargs, expected):
    assert v.format_number(x, **kwargs) == expected


finite_fractions = st.builds(
    lambda n, k: F(n, 10**k), st.integers(-10**15, 10**15), st.integers(0, 8)
)


@given(finite_fractions, st.booleans())
def test_parse_format_round_trip(x, thousands):
    assert v.parse_number(v.format_number(x, thousands=thousands)) == x


@given(fractions, st.integers(0, 6), st.booleans())
def test_format_with_decimals_round_trip(x, decimals, thousands):
    text = v.format_number(x, decimals, thousands=thousands)
    assert v.parse_number(text) == v.round_to(x, decimals, "rekenkundig")
    if decimals:
        assert len(text.rsplit(",", 1)[1]) == decimals


@given(fractions)
def test_to_json_number(x):
    result = v.to_json_number(x)
    if x.denominator == 1:
        assert isinstance(result, int) and result == x
    elif v.decimals_of(x) is not None:
        assert isinstance(result, Decimal) and F(result) == x
    else:
        assert isinstance(result, float)
        assert abs(F(result) - x) <= abs(x) / 10**12


def test_to_json_number_examples():
    assert v.to_json_number(None) is None
    assert v.to_json_number(F(42)) == 42
    assert v.to_json_number(dec("503.93")) == Decimal("503.93")
    assert v.to_json_number(F(1, 10**40)) == Decimal("1E-40")
    assert v.to_json_number(F(1, 3)) == pytest.approx(1 / 3)

"""The pure statistics: t quantiles without scipy, means with t-intervals, and the small-number rule."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.statistics import (
    COMPLEMENTARY,
    SMALL,
    mean_interval,
    mean_interval_from_counts,
    mean_interval_from_moments,
    regularized_beta,
    suppress_small_groups,
    t_cdf,
    t_density,
    t_quantile,
)

# Two-sided 95% (p = 0.975) and 99% (p = 0.995) critical values from the standard printed t table.
T_TABLE = [
    (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 3, 3.182), (0.975, 4, 2.776), (0.975, 5, 2.571),
    (0.975, 10, 2.228), (0.975, 15, 2.131), (0.975, 20, 2.086), (0.975, 29, 2.045), (0.975, 30, 2.042),
    (0.975, 40, 2.021), (0.975, 60, 2.000), (0.975, 66, 1.997), (0.975, 120, 1.980), (0.975, 100_000, 1.960),
    (0.995, 1, 63.657), (0.995, 5, 4.032), (0.995, 30, 2.750), (0.95, 10, 1.812), (0.9, 4, 1.533),
]


@pytest.mark.parametrize("probability,df,expected", T_TABLE)
def test_t_quantile_matches_the_printed_table(probability, df, expected):
    assert t_quantile(probability, df) == pytest.approx(expected, abs=5e-4)


def test_t_quantile_exact_for_two_degrees_of_freedom():
    # For df = 2 the quantile has a closed form: t = (2p - 1) / sqrt(2p(1 - p)).
    p = 0.975
    assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), abs=1e-9)


@pytest.mark.parametrize("df", [1, 2, 7, 30, 200])
def test_t_quantile_is_symmetric_and_inverts_the_cdf(df):
    assert t_quantile(0.5, df) == 0
    assert t_quantile(0.025, df) == pytest.approx(-t_quantile(0.975, df), abs=1e-9)
    for p in (0.6, 0.9, 0.975, 0.999):
        assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-10)


def test_t_cdf_for_one_degree_of_freedom_is_the_cauchy():
    for t in (-3.0, -0.5, 0.0, 1.0, 12.706):
        assert t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-12)


def test_t_density_for_one_degree_of_freedom_is_the_cauchy_and_tends_to_the_normal():
    for t in (-3.0, 0.0, 1.5):
        assert t_density(t, 1) == pytest.approx(1 / (math.pi * (1 + t * t)), rel=1e-12)
    assert t_density(1.0, 1e6) == pytest.approx(math.exp(-0.5) / math.sqrt(2 * math.pi), rel=1e-5)


@pytest.mark.parametrize("x,a,b,expected", [
    (0.3, 1, 1, 0.3), (0.3, 2, 1, 0.09), (0.3, 1, 2, 1 - 0.7 ** 2), (0.0, 2, 3, 0.0), (1.0, 2, 3, 1.0),
    (0.5, 3, 3, 0.5),
])
def test_regularized_beta(x, a, b, expected):
    assert regularized_beta(x, a, b) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("probability,df", [(0, 5), (1, 5), (1.2, 5), (0.975, 0), (0.975, -1)])
def test_t_quantile_refuses_nonsense(probability, df):
    with pytest.raises(ValueError):
        t_quantile(probability, df)


def test_mean_interval_of_seven_eight_nine():
    stats = mean_interval([7, 8, 9])
    margin = 4.302652729911275 * 1 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n), sd = 1
    assert (stats.n, stats.mean, stats.sd) == (3, 8.0, 1.0)
    assert stats.low == pytest.approx(8 - margin, abs=1e-9)
    assert stats.high == pytest.approx(8 + margin, abs=1e-9)
    assert stats.margin == pytest.approx(margin, abs=1e-9)


def test_mean_interval_without_spread_is_a_point():
    stats = mean_interval([7, 7, 7, 7])
    assert (stats.mean, stats.low, stats.high, stats.sd) == (7.0, 7.0, 7.0, 0.0)


@pytest.mark.parametrize("values,mean", [([], None), ([6], 6.0)])
def test_mean_interval_needs_two_values_for_an_interval(values, mean):
    stats = mean_interval(values)
    assert (stats.n, stats.mean, stats.low, stats.high) == (len(values), mean, None, None)


def test_counts_moments_and_values_agree():
    values = [5, 6, 6, 7, 7, 7, 8, 8, 9, 10]
    by_values = mean_interval(values)
    by_counts = mean_interval_from_counts({5: 1, 6: 2, 7: 3, 8: 2, 9: 1, 10: 1})
    by_moments = mean_interval_from_moments(len(values), sum(values), sum(v * v for v in values))
    for other in (by_counts, by_moments):
        assert other.n == by_values.n
        assert other.mean == pytest.approx(by_values.mean)
        assert other.low == pytest.approx(by_values.low)
        assert other.high == pytest.approx(by_values.high)


def test_ninety_nine_percent_interval_is_wider():
    narrow, wide = mean_interval([6, 7, 8, 9]), mean_interval([6, 7, 8, 9], confidence=0.99)
    assert wide.low < narrow.low < narrow.mean < narrow.high < wide.high


def groups(*counts: int) -> pd.DataFrame:
    """A breakdown frame with the given form counts and a mean of 7.5 each."""
    return pd.DataFrame({"label": [f"groep {i}" for i in range(len(counts))], "forms": list(counts),
                         "mean": [7.5] * len(counts), "ci_low": [7.0] * len(counts), "ci_high": [8.0] * len(counts)})


@pytest.mark.parametrize("counts,threshold,partition,expected", [
    ((10, 12, 30), 5, True, ["", "", ""]),                      # nothing small
    ((4, 10, 12), 5, True, [SMALL, COMPLEMENTARY, ""]),         # one small group: hide the next smallest too
    ((4, 10, 12), 5, False, [SMALL, "", ""]),                   # overlapping groups (themes): no differencing
    ((1, 2, 3, 20), 5, True, [SMALL, SMALL, SMALL, ""]),        # hidden together 6 forms in 3 groups: enough
    ((1, 2, 20, 30), 5, True, [SMALL, SMALL, COMPLEMENTARY, ""]),  # hidden together only 3: hide one more
    ((3, 7), 5, True, [SMALL, COMPLEMENTARY]),                  # two groups: both go
    ((0, 6, 9), 5, True, ["", "", ""]),                         # a group without forms hides nothing
    ((5, 6), 5, True, ["", ""]),                                # exactly the threshold is shown
    ((5, 6, 20), 10, True, [SMALL, SMALL, ""]),                 # a stricter threshold
    ((2, 3), 5, True, [SMALL, SMALL]),                          # a small selection hides everything
])
def test_suppress_small_groups(counts, threshold, partition, expected):
    frame = groups(*counts)
    result = suppress_small_groups(frame, threshold, partition=partition)
    assert list(result["suppressed"]) == expected
    hidden = result["suppressed"] != ""
    assert result.loc[hidden, ["mean", "ci_low", "ci_high"]].isna().all().all()
    assert (result.loc[~hidden, "mean"] == 7.5).all()
    assert list(result["forms"]) == list(counts)  # the number of forms stays visible
    assert "suppressed" not in frame and frame["mean"].notna().all()  # the input is untouched

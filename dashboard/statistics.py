"""Small pure statistics: Student's t quantile, means with t-intervals, and small-number suppression.

No scipy: the t distribution's CDF comes from the regularized incomplete beta
function (a continued fraction, as in Numerical Recipes §6.4), and its
quantile from Newton's method on that CDF, accurate to about 1e-12.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

CONFIDENCE = 0.95
_EPSILON = 1e-15
_TINY = 1e-300
_MAX_ITERATIONS = 300

# Why a group is not shown: too few forms itself, or only to keep a small group from being recomputed.
SMALL = "klein"
COMPLEMENTARY = "aanvullend"


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_ITERATIONS + 1):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= c * d
        if abs(c * d - 1.0) < _EPSILON:
            break
    return result


def regularized_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t distribution with ``df`` degrees of freedom."""
    if df <= 0:
        raise ValueError("df moet groter dan 0 zijn")
    tail = 0.5 * regularized_beta(df / (df + t * t), df / 2.0, 0.5)
    return 1.0 - tail if t >= 0 else tail


def t_density(t: float, df: float) -> float:
    """The density of Student's t distribution with ``df`` degrees of freedom at ``t``."""
    return math.exp(math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
                    - (df + 1.0) / 2.0 * math.log1p(t * t / df))


@functools.lru_cache(maxsize=4096)
def t_quantile(probability: float, df: float) -> float:
    """The t with P(T <= t) = ``probability`` for ``df`` degrees of freedom (e.g. 0.975, 2 → 4.303).

    Newton's method on the CDF from the normal quantile: for a probability above one half the CDF is concave
    there and the normal quantile lies below the t quantile, so every step moves up towards it without passing
    it; a handful of CDF evaluations (about forty for bisection). It stops when a step is tiny or would go
    back. Kept per probability and df: a data change alters the number of forms of a few groups only.
    """
    if not 0.0 < probability < 1.0:
        raise ValueError("probability moet tussen 0 en 1 liggen")
    if df <= 0:
        raise ValueError("df moet groter dan 0 zijn")
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -t_quantile(1.0 - probability, df)
    t = NormalDist().inv_cdf(probability)
    for _ in range(_MAX_ITERATIONS):
        step = (probability - t_cdf(t, df)) / t_density(t, df)
        if step <= 0:  # at the quantile but for the CDF's own rounding (about 1e-11 for a million df)
            break
        t += step
        if step < 1e-12 * max(1.0, t):
            break
    return t


@dataclass(frozen=True)
class MeanInterval:
    """A mean with its two-sided t confidence interval; ``low``/``high`` are None below two values."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None
    confidence: float = CONFIDENCE

    @property
    def margin(self) -> float | None:
        """Half the width of the interval."""
        return None if self.high is None or self.mean is None else self.high - self.mean


def mean_interval_from_moments(n: int, total: float, total_squares: float,
                               confidence: float = CONFIDENCE) -> MeanInterval:
    """Mean and t-interval from the count, sum and sum of squares of the values (as SQL aggregates them)."""
    n = int(n)
    if n <= 0:
        return MeanInterval(0, None, None, None, None, confidence)
    mean = float(total) / n
    if n == 1:
        return MeanInterval(1, mean, None, None, None, confidence)
    variance = max((float(total_squares) - n * mean * mean) / (n - 1), 0.0)
    sd = math.sqrt(variance)
    margin = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return MeanInterval(n, mean, mean - margin, mean + margin, sd, confidence)


def mean_interval(values: Iterable[float], confidence: float = CONFIDENCE) -> MeanInterval:
    """Mean and t-interval of ``values`` (e.g. [7, 8, 9] → 8 ± 4.303/√3)."""
    data = [float(v) for v in values]
    if not data:
        return MeanInterval(0, None, None, None, None, confidence)
    centre = sum(data) / len(data)
    # Shift by the mean before squaring, so large values do not lose precision.
    squares = sum((v - centre) ** 2 for v in data)
    shifted = mean_interval_from_moments(len(data), 0.0, squares, confidence)
    if shifted.low is None:
        return MeanInterval(len(data), centre, None, None, None, confidence)
    return MeanInterval(len(data), centre, centre + shifted.low, centre + shifted.high, shifted.sd, confidence)


def mean_interval_from_counts(counts: Mapping[float, int], confidence: float = CONFIDENCE) -> MeanInterval:
    """Mean and t-interval of a distribution given as value → how often (e.g. {7: 1, 8: 1, 9: 1})."""
    n = sum(int(c) for c in counts.values())
    total = sum(float(v) * int(c) for v, c in counts.items())
    squares = sum(float(v) * float(v) * int(c) for v, c in counts.items())
    return mean_interval_from_moments(n, total, squares, confidence)


def suppress_small_groups(frame: pd.DataFrame, threshold: int, count_column: str = "forms",
                          value_columns: Sequence[str] = ("mean", "ci_low", "ci_high"),
                          partition: bool = True) -> pd.DataFrame:
    """Blank the values of groups with fewer than ``threshold`` forms; say why in ``suppressed``.

    ``suppressed`` is '' for shown groups, ``SMALL`` for groups under the
    threshold and ``COMPLEMENTARY`` for groups hidden only so that a small one
    cannot be recomputed from the total: when the groups ``partition`` the
    forms, the hidden groups together must hold at least ``threshold`` forms
    and be at least two, else the smallest shown group is hidden as well.
    Groups without forms are never counted as hidden. The input is not changed.
    """
    result = frame.copy()
    counts = result[count_column].astype(int)
    reasons = pd.Series("", index=result.index, dtype=object)
    reasons[(counts > 0) & (counts < threshold)] = SMALL
    if partition:
        while True:
            hidden = reasons != ""
            if not hidden.any() or (hidden.sum() >= 2 and counts[hidden].sum() >= threshold):
                break
            candidates = counts[~hidden & (counts > 0)]
            if candidates.empty:
                break
            reasons[candidates.sort_values(kind="stable").index[0]] = COMPLEMENTARY
    result["suppressed"] = reasons
    hidden = reasons != ""
    for column in value_columns:
        result[column] = result[column].astype("float64")
        result.loc[hidden, column] = math.nan
    return result

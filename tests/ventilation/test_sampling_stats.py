"""Tests of perfqual.core.sampling_stats (Clopper–Pearson, hypergeometric bounds)."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.core.sampling_stats import (
    binomial_upper_bound_one_sided,
    ceil_rate,
    clopper_pearson_interval,
    consequence_fr,
    hypergeometric_failures_lower_bound,
    hypergeometric_failures_upper_bound,
    stratified_pass_rate,
    summarize_pass_rate,
)
from perfqual.errors import InputError


def test_clopper_pearson_7_of_50_reference():
    # scipy documentation, BinomTestResult.proportion_ci example (k=7, n=50, method='exact'):
    # (0.05819170033997342, 0.26739600249700846); published to 6 decimals in DOMAIN-NOTES D.2.
    lo, hi = clopper_pearson_interval(7, 50)
    assert_allclose([lo, hi], [0.058192, 0.267396], atol=5e-7)


def test_clopper_pearson_18_of_20_reference():
    # DOMAIN-NOTES D.2 test vector (recomputed locally with scipy): (0.683017, 0.987651).
    assert_allclose(clopper_pearson_interval(18, 20), [0.683017, 0.987651], atol=5e-7)


def test_clopper_pearson_edges_analytic():
    # k = 0: upper = 1 - (α/2)^(1/n); k = n: lower = (α/2)^(1/n) (closed forms of the beta).
    lo, hi = clopper_pearson_interval(0, 10)
    assert lo == 0.0
    assert_allclose(hi, 1.0 - 0.025 ** (1 / 10), rtol=1e-10)
    lo, hi = clopper_pearson_interval(10, 10)
    assert hi == 1.0
    assert_allclose(lo, 0.025 ** (1 / 10), rtol=1e-10)


def test_binomial_one_sided_zero_failures_analytic():
    # 1 − α^(1/n): 1 − 0.05^(1/6) = 0.3930 (the "39 %" binomial reading of the example).
    assert_allclose(binomial_upper_bound_one_sided(0, 6), 1 - 0.05 ** (1 / 6), rtol=1e-10)


def _p_zero(n_pop: int, d: int, n: int) -> float:
    return comb(n_pop - d, n) / comb(n_pop, n)


def test_hypergeometric_upper_bound_120_6_0_analytic():
    # P(X = 0 | N, D, n) = C(N−D, n)/C(N, n): the bound is the last D with P > 0.05.
    d = hypergeometric_failures_upper_bound(120, 6, 0)
    assert d == 46
    assert _p_zero(120, 46, 6) > 0.05 >= _p_zero(120, 47, 6)
    assert_allclose(d / 120, 0.3833, atol=5e-5)


def test_hypergeometric_bounds_invariants():
    # More failures observed -> higher bound; bound never below observed failures; the n − x
    # passing dwellings can never fail.
    bounds = [hypergeometric_failures_upper_bound(60, 10, x) for x in range(11)]
    assert all(np.diff(bounds) >= 0)
    assert all(b >= x for b, x in zip(bounds, range(11), strict=True))
    assert bounds[0] <= 60 - 10
    assert hypergeometric_failures_lower_bound(60, 10, 0) == 0
    assert hypergeometric_failures_upper_bound(20, 20, 3) == 3  # census: no uncertainty


def test_summary_and_consequence_reference_example():
    s = summarize_pass_rate(120, 6, 6)
    assert s.max_failing_dwellings == 46
    text = consequence_fr(s)
    assert text.startswith("avec 6 logements testés et aucun en échec, jusqu'à 38 % des 120 "
                           "logements pourraient encore être en échec")
    assert "46 logements" in text and "hypergéométrique" in text


def test_consequence_census_and_failures():
    assert "tous les 8 logements" in consequence_fr(summarize_pass_rate(8, 8, 7))
    text = consequence_fr(summarize_pass_rate(50, 5, 4))
    assert "1 en échec" in text and "pourraient être en échec" in text


def test_summary_fpc_interval_inside_unit():
    s = summarize_pass_rate(40, 5, 4)
    assert 0.0 <= s.fpc_pass_low_frac <= s.pass_rate_frac <= s.fpc_pass_high_frac <= 1.0
    assert s.ci_low_frac <= s.pass_rate_frac <= s.ci_high_frac


def test_stratified_pass_rate_analytic():
    # W = (0.6, 0.4); p_h = (1, 0.5); Var = 0.16·(1 − 2/40)·0.25/1 = 0.038
    p, v = stratified_pass_rate([60, 40], [3, 2], [3, 1])
    assert_allclose(p, 0.8, rtol=1e-12)
    assert_allclose(v, 0.16 * (1 - 2 / 40) * 0.25, rtol=1e-12)
    _, v_nan = stratified_pass_rate([10, 5], [1, 2], [1, 1])
    assert np.isnan(v_nan)


@pytest.mark.parametrize(
    ("rate", "n", "expected"),
    [(0.05, 120, 6), (0.05, 121, 7), (0.05, 20, 1), (0.05, 1, 1), (0.07, 100, 7), (1.0, 9, 9)],
)
def test_ceil_rate_analytic(rate, n, expected):
    assert ceil_rate(rate, n) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: clopper_pearson_interval(5, 3),
        lambda: clopper_pearson_interval(0, 0),
        lambda: clopper_pearson_interval(1, 3, confidence=1.5),
        lambda: hypergeometric_failures_upper_bound(5, 6, 0),
        lambda: ceil_rate(0.0, 10),
        lambda: stratified_pass_rate([10], [0], [0]),
    ],
)
def test_invalid_inputs(call):
    with pytest.raises(InputError):
        call()

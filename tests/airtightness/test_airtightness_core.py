"""Core numerics of the ISO 9972 chain: analytic, reference (DOMAIN-NOTES A.3, A.9), properties."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats
from tests.airtightness.helpers import DATASETS

from perfqual.core import airtightness as core
from perfqual.errors import InputError

TV_A1 = DATASETS / "reference" / "blower_door_tv_a1"
TV_A2 = DATASETS / "reference" / "blower_door_tv_a2"


def _expected(case):
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


# --- analytic --------------------------------------------------------------------------------


def test_fit_recovers_exact_power_law_analytic():
    dp = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    fit = core.fit_power_law(dp, 120.0 * dp**0.66)
    assert_allclose([fit.c_m3_per_h_pa_n, fit.n], [120.0, 0.66], rtol=1e-10)
    assert_allclose(fit.s_n, 0.0, atol=1e-12)
    assert_allclose(fit.r_squared, 1.0, rtol=1e-12)
    lo, hi = fit.airflow_interval_at(4.0)
    assert_allclose([lo, hi], [120.0 * 4**0.66] * 2, rtol=1e-10)


def test_fit_batch_equals_single_fits_analytic():
    rng = np.random.default_rng(1)
    dp = np.tile(np.arange(10.0, 80.0, 10.0), (5, 1))
    q = 40.0 * dp**0.6 * np.exp(rng.normal(0, 0.02, dp.shape))
    batch = core.fit_power_law(dp, q)
    for k in range(5):
        single = core.fit_power_law(dp[k], q[k])
        assert_allclose([batch.n[k], batch.c_m3_per_h_pa_n[k], batch.s_n[k], batch.r_squared[k]],
                        [single.n, single.c_m3_per_h_pa_n, single.s_n, single.r_squared],
                        rtol=1e-12)


def test_fit_matches_scipy_linregress_regression():
    # Cross-check of the OLS estimators with scipy.stats.linregress (same algebra).
    dp = np.array([12.0, 19.0, 27.0, 35.0, 46.0, 58.0, 66.0])
    q = np.array([101.0, 139.0, 170.0, 207.0, 245.0, 276.0, 305.0])
    fit = core.fit_power_law(dp, q)
    ref = stats.linregress(np.log(dp), np.log(q))
    assert_allclose(fit.n, ref.slope, rtol=1e-12)
    assert_allclose(np.log(fit.c_m3_per_h_pa_n), ref.intercept, rtol=1e-12)
    assert_allclose(fit.s_n, ref.stderr, rtol=1e-10)
    assert_allclose(fit.s_ln_c, ref.intercept_stderr, rtol=1e-10)
    assert_allclose(fit.r_squared, ref.rvalue**2, rtol=1e-12)


def test_standard_conditions_factor_is_one_at_standard_density_analytic():
    rho0 = core.STANDARD_AIR_DENSITY_KG_PER_M3
    for direction in core.DIRECTIONS:
        assert_allclose(core.standard_conditions_factor(rho0, rho0, 0.65, direction), 1.0,
                        rtol=1e-15)


def test_envelope_flow_direction_ratio_analytic():
    assert_allclose(core.envelope_flow_m3_per_h(100.0, 1.2, 1.25, "depressurisation"),
                    100.0 * 1.2 / 1.25, rtol=1e-15)
    assert_allclose(core.envelope_flow_m3_per_h(100.0, 1.2, 1.25, "pressurisation"),
                    100.0 * 1.25 / 1.2, rtol=1e-15)


def test_fan_flow_density_correction_analytic():
    assert_allclose(core.fan_flow_at_test_density_m3_per_h([100.0, 200.0], 1.2, 1.3),
                    np.array([100.0, 200.0]) * np.sqrt(1.2 / 1.3), rtol=1e-15)


def test_zero_flow_sub_averages_analytic():
    z = core.zero_flow_pressure([1.0, -3.0, 2.0], [-1.0, -2.0])
    assert_allclose(z.dp01_pa, 0.0, atol=1e-15)
    assert_allclose(z.dp02_pa, -1.5)
    assert_allclose(z.dp0_pa, -0.75)
    assert_allclose(z.sub_averages_pa[:2], [1.5, -3.0])
    assert np.isnan(z.sub_averages_pa[2])
    assert z.max_abs_sub_average_pa == 3.0


def test_zero_flow_without_after_uses_before_analytic():
    z = core.zero_flow_pressure([-2.0, -1.0])
    assert not z.has_after
    assert_allclose(z.dp0_pa, -1.5)


def test_weighted_mean_and_ela_analytic():
    assert_allclose(core.weighted_mean([1.0, 2.0, 4.0], [1.0, 1.0, 2.0]), 2.75, rtol=1e-15)
    # ELA of an orifice flow q = C·Δp^0.5 with C = 3600·A·sqrt(2/ρ): ELA = A exactly.
    area, rho = 0.01, 1.2
    c = 3600.0 * area * np.sqrt(2.0 / rho)
    assert_allclose(core.effective_leakage_area_m2(c, 0.5, 50.0, rho), area, rtol=1e-14)


def test_classify_against_target_analytic():
    assert core.classify_against_target(0.8, 0.7, 0.9, 1.0) == "conforme"
    assert core.classify_against_target(1.2, 1.1, 1.3, 1.0) == "non_conforme"
    assert core.classify_against_target(0.95, 0.9, 1.05, 1.0) == "indetermine"
    assert core.classify_against_target(1.0, 0.9, 1.0, 1.0) == "conforme"


# --- reference (DOMAIN-NOTES A.3 and A.9, see datasets/reference/*/SOURCE.md) ----------------


def test_air_density_reference():
    # DOMAIN-NOTES A.3 test vectors, printed to 5 decimals -> atol 5e-6.
    assert_allclose(core.air_density_kg_per_m3(20.0, 101325.0, 0.0), 1.20410, atol=5e-6)
    assert_allclose(core.air_density_kg_per_m3(20.0, 101325.0, 0.5), 1.19884, atol=5e-6)
    assert_allclose(core.air_density_kg_per_m3(5.0, 101325.0, 0.0), 1.26903, atol=5e-6)


def test_tv_a1_plain_ols_reference():
    # DOMAIN-NOTES A.9 TV-A1 (raw points of JuhyuckHong/Blower_Door_Test_Calculator).
    e = _expected(TV_A1)
    dp = np.arange(15.0, 28.0)
    q = np.array([151, 160, 170, 180, 200, 207.6, 250, 231.2, 243.0, 220.0, 266.6, 278.4, 290.2])
    fit = core.fit_power_law(dp, q)
    assert fit.n_points == e["n_points"]
    assert_allclose([fit.n, fit.c_m3_per_h_pa_n, fit.r_squared],
                    [e["n"], e["c_m3_per_h_pa_n"], e["r_squared"]], rtol=5e-4)
    assert_allclose([fit.s_n, fit.s_ln_c, fit.t_value], [e["s_n"], e["s_ln_c"], e["t_value"]],
                    rtol=1e-4)
    assert_allclose(fit.n_interval, e["n_interval"], rtol=1e-4)
    assert_allclose(fit.c_interval, e["c_interval"], rtol=1e-4)
    assert_allclose(fit.airflow_at(50.0), e["q50_m3_per_h"], rtol=1e-4)
    assert_allclose(fit.airflow_interval_at(50.0), e["q50_interval"], rtol=1e-4)
    assert_allclose(fit.airflow_at(4.0), e["q4_m3_per_h"], rtol=1e-4)
    assert_allclose(fit.airflow_interval_at(4.0), e["q4_interval"], rtol=1e-4)


def test_tv_a2_full_chain_core_reference():
    # DOMAIN-NOTES A.9 TV-A2 (constructed vector, 4-7 significant figures).
    e = _expected(TV_A2)
    rho_int = core.air_density_kg_per_m3(20.0, 101325.0)
    rho_ext = core.air_density_kg_per_m3(5.0, 101325.0)
    assert_allclose([rho_int, rho_ext], [e["rho_int_kg_per_m3"], e["rho_ext_kg_per_m3"]],
                    rtol=1e-6)
    z = core.zero_flow_pressure([-1.2], [-0.8])
    assert_allclose(z.dp0_pa, e["dp0_pa"], rtol=1e-12)
    dp = core.induced_pressure_difference_pa([-11, -21, -31, -41, -51, -61, -71], z.dp0_pa)
    q_env = core.envelope_flow_m3_per_h([118, 178, 231, 272, 312, 350, 384], rho_int, rho_ext,
                                        "depressurisation")
    assert_allclose(q_env, e["q_env_m3_per_h"], rtol=5e-6)
    fit = core.fit_power_law(dp, q_env)
    assert_allclose([fit.n, fit.c_m3_per_h_pa_n], [e["n"], e["c_env_m3_per_h_pa_n"]], rtol=2e-6)
    assert_allclose([fit.s_n, fit.s_ln_c, fit.t_value], [e["s_n"], e["s_ln_c"], e["t_value"]],
                    rtol=5e-5)
    assert_allclose(fit.n_interval, e["n_interval"], rtol=2e-6)
    assert_allclose(fit.c_interval, e["c_env_interval"], rtol=2e-6)
    std = fit.scaled(core.standard_conditions_factor(rho_int, rho_ext, fit.n, "depressurisation"))
    assert_allclose(std.c_m3_per_h_pa_n, e["c_l_m3_per_h_pa_n"], rtol=2e-6)
    assert_allclose(std.airflow_at(50.0), e["q50_m3_per_h"], rtol=2e-6)
    assert_allclose(std.airflow_interval_at(50.0), e["q50_interval"], rtol=5e-6)
    assert_allclose(std.airflow_at(4.0), e["q4_m3_per_h"], rtol=2e-6)
    assert_allclose(std.airflow_interval_at(4.0), e["q4_interval"], rtol=2e-5)
    assert_allclose(core.specific_leakage_rate_m3_per_h_m2(std.airflow_at(4.0), 150.0),
                    e["q4pa_surf_m3_per_h_m2"], rtol=2e-5)
    ela = core.effective_leakage_area_m2(std.c_m3_per_h_pa_n, std.n, np.array([50.0, 4.0]))
    assert_allclose(ela * 1e4, [e["ela50_cm2"], e["ela4_cm2"]], rtol=5e-4)
    # Forcing n = 2/3 from q50 (the thermal-calculation convention) gives another Q4Pa-surf.
    q4_two_thirds = std.airflow_at(50.0) * (4.0 / 50.0) ** (2.0 / 3.0)
    assert_allclose(q4_two_thirds / 150.0, e["q4pa_surf_if_n_two_thirds"], rtol=2e-5)


def test_barometric_pressure_from_altitude_reference():
    # ISO 2533 standard atmosphere: 89 875 Pa at 1000 m (tabulated value, 5 figures).
    assert_allclose(core.barometric_pressure_from_altitude_pa(1000.0), 89875.0, rtol=1e-4)


# --- invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dp", "q", "match"),
    [
        ([10.0, 20.0], [1.0, 2.0], "au moins 3"),
        ([10.0, 20.0, 30.0], [1.0, 2.0], "même nombre"),
        ([10.0, -20.0, 30.0], [1.0, 2.0, 3.0], "strictement positifs"),
        ([10.0, 20.0, np.nan], [1.0, 2.0, 3.0], "non fini"),
        ([10.0, 10.0, 10.0], [1.0, 2.0, 3.0], "toutes les pressions"),
    ],
)
def test_fit_rejects_invalid_input(dp, q, match):
    with pytest.raises(InputError, match=match):
        core.fit_power_law(dp, q)


def test_other_invalid_inputs():
    with pytest.raises(InputError, match="zéro absolu"):
        core.air_density_kg_per_m3(-300.0, 101325.0)
    with pytest.raises(InputError, match="humidité"):
        core.air_density_kg_per_m3(20.0, 101325.0, 1.5)
    with pytest.raises(InputError, match="sens"):
        core.envelope_flow_m3_per_h(1.0, 1.2, 1.2, "aspiration")
    with pytest.raises(InputError, match="débit nul"):
        core.zero_flow_pressure([])
    with pytest.raises(InputError, match="volume"):
        core.air_change_rate_per_h(100.0, 0.0)
    with pytest.raises(InputError, match="poids"):
        core.weighted_mean([1.0], [0.0])
    with pytest.raises(InputError, match="incohérent"):
        core.classify_against_target(2.0, 0.5, 1.0, 1.0)


# --- properties ------------------------------------------------------------------------------

_c = st.floats(min_value=1.0, max_value=5000.0)
_n = st.floats(min_value=0.5, max_value=1.0)
_dp = st.lists(st.floats(min_value=5.0, max_value=120.0), min_size=3, max_size=12, unique=True)


@settings(max_examples=60, deadline=None)
@given(c=_c, n=_n, dp=_dp)
def test_fit_recovers_any_exact_power_law_analytic(c, n, dp):
    dp = np.array(dp)
    if np.ptp(np.log(dp)) < 1e-3:
        return  # pressures too close to define a slope
    fit = core.fit_power_law(dp, c * dp**n)
    assert_allclose([fit.n, fit.c_m3_per_h_pa_n], [n, c], rtol=1e-8)


@settings(max_examples=60, deadline=None)
@given(k=st.floats(min_value=0.01, max_value=100.0), seed=st.integers(0, 2**16))
def test_fit_scaling_and_permutation_invariance(k, seed):
    rng = np.random.default_rng(seed)
    dp = np.sort(rng.uniform(10.0, 80.0, 8))
    q = 50.0 * dp**0.65 * np.exp(rng.normal(0, 0.03, 8))
    base = core.fit_power_law(dp, q)
    scaled = core.fit_power_law(dp, k * q)
    assert_allclose(scaled.n, base.n, rtol=1e-9, atol=1e-12)
    assert_allclose(scaled.c_m3_per_h_pa_n, k * base.c_m3_per_h_pa_n, rtol=1e-9)
    assert_allclose(scaled.s_n, base.s_n, rtol=1e-6, atol=1e-12)
    perm = rng.permutation(8)
    shuffled = core.fit_power_law(dp[perm], q[perm])
    assert_allclose([shuffled.n, shuffled.c_m3_per_h_pa_n, shuffled.r_squared],
                    [base.n, base.c_m3_per_h_pa_n, base.r_squared], rtol=1e-10)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), x=st.floats(min_value=1.0, max_value=200.0))
def test_interval_contains_estimate_and_is_narrowest_at_mean(seed, x):
    rng = np.random.default_rng(seed)
    dp = np.linspace(10.0, 70.0, 7)
    q = 30.0 * dp**0.7 * np.exp(rng.normal(0, 0.05, 7))
    fit = core.fit_power_law(dp, q)
    lo, hi = fit.airflow_interval_at(x)
    assert lo <= fit.airflow_at(x) <= hi
    centre = np.exp(fit.mean_ln_dp)
    lo_c, hi_c = fit.airflow_interval_at(centre)
    assert np.log(hi_c / lo_c) <= np.log(hi / lo) + 1e-12
    n_lo, n_hi = fit.n_interval
    assert n_lo <= fit.n <= n_hi


def test_interval_coverage_is_about_95_percent_regression():
    # Monte Carlo with a fixed seed: the 95 % interval of q(4 Pa) covers the true value in
    # about 95 % of simulated tests (2000 tests; binomial sd ≈ 0.5 %; tolerance ±1.5 %).
    rng = np.random.default_rng(7)
    dp = np.tile(np.linspace(10.0, 70.0, 7), (2000, 1))
    q = 30.0 * dp**0.65 * np.exp(rng.normal(0, 0.03, dp.shape))
    fit = core.fit_power_law(dp, q)
    lo, hi = fit.airflow_interval_at(4.0)
    truth = 30.0 * 4.0**0.65
    coverage = np.mean((lo <= truth) & (truth <= hi))
    assert abs(coverage - 0.95) < 0.015

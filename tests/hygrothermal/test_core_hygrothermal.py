"""Tests of perfqual.core.hygrothermal (EN ISO 13788:2012 Glaser and f_Rsi)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from numpy.testing import assert_allclose

from perfqual.core import hygrothermal as hg

REFERENCE = Path(__file__).resolve().parents[2] / "datasets" / "reference"


def test_saturation_pressure_analytic():
    # Annex E formula at chosen points, written out by hand.
    assert_allclose(hg.saturation_pressure_pa(0.0), 610.5, rtol=1e-12)
    assert_allclose(hg.saturation_pressure_pa(20.0),
                    610.5 * math.exp(17.269 * 20 / (237.3 + 20)), rtol=1e-12)
    assert_allclose(hg.saturation_pressure_pa(-10.0),
                    610.5 * math.exp(21.875 * -10 / (265.5 - 10)), rtol=1e-12)


def test_dew_point_inverts_saturation_pressure_analytic():
    temps = np.linspace(-20.0, 35.0, 56)
    assert_allclose(hg.dew_point_temp_c(hg.saturation_pressure_pa(temps)), temps, atol=1e-10)
    with pytest.raises(ValueError):
        hg.dew_point_temp_c(-1.0)


def test_humidity_class_excess_analytic():
    assert_allclose(hg.humidity_class_excess_pa([-5.0, 0.0, 10.0, 20.0, 25.0], 810.0, 0.0),
                    [810.0, 810.0, 405.0, 0.0, 0.0], rtol=1e-12)
    assert_allclose(hg.humidity_class_excess_pa(10.0, 640.0, 100.0, 1.1), 1.1 * 370.0, rtol=1e-12)


def _hand_case():
    # interior -> exterior: 0.10 m insulation (λ 0.04, μ 1), 0.20 m brick (λ 0.8, μ 10)
    r = [0.10 / 0.04, 0.20 / 0.8]
    sd = [0.10, 2.0]
    ti, te, pi, pe = 20.0, 0.0, 1400.0, 500.0
    theta1 = ti - (ti - te) * (0.13 + r[0]) / (0.13 + sum(r) + 0.04)
    psat1 = 610.5 * math.exp(17.269 * theta1 / (237.3 + theta1))
    g = 2e-10 * ((pi - psat1) / sd[0] - (psat1 - pe) / sd[1])
    return r, sd, (ti, te, pi, pe), g


def test_glaser_single_plane_analytic():
    r, sd, (ti, te, pi, pe), g_hand = _hand_case()
    sd_cum = np.array([0.0, sd[0], sd[0] + sd[1]])
    temp = hg.node_temperatures_c(r, 0.13, 0.04, ti, te)
    p, anchors = hg.vapour_pressure_line(sd_cum, hg.saturation_pressure_pa(temp), pi, pe)
    g = hg.condensation_rates_kg_per_m2s(sd_cum, p, anchors)
    assert anchors.tolist() == [False, True, False]
    assert_allclose(g[1], g_hand, rtol=1e-12)
    assert g_hand > 0


def test_glaser_monthly_constant_months_accumulate_analytic():
    # 12 identical months, all condensing: the cycle never dries, M = g × 365 days.
    r, sd, (ti, te, pi, pe), g_hand = _hand_case()
    res = hg.glaser_monthly(r, sd, [ti] * 12, [te] * 12, [pi] * 12, [pe] * 12, 0.13, 0.04)
    assert not res.dries_out
    assert_allclose(res.remaining_kg_per_m2, g_hand * 365 * 86400, rtol=1e-10)
    assert res.condensation_interfaces == (1,)


def test_glaser_no_condensation_analytic():
    # Vapour-open outside: straight line everywhere below saturation.
    res = hg.glaser_monthly([0.5], [1.0], [20.0] * 12, [10.0] * 12, [1000.0] * 12,
                            [800.0] * 12, 0.13)
    assert res.start_month is None and res.peak_accumulation_kg_per_m2 == 0.0
    assert_allclose(res.p_pa[0], [1000.0, 800.0], rtol=1e-12)


def test_glaser_pachi_single_month_reference():
    # Source: datasets/reference/glaser_pachi_single_month/SOURCE.md (8-9 digits -> rtol 1e-8).
    case = yaml.safe_load((REFERENCE / "glaser_pachi_single_month" / "case.yaml").read_text())
    layers = case["layers_ext_to_int"][::-1]
    r = [d / lam for d, lam, _ in layers]
    sd = [d * mu for d, _, mu in layers]
    exp = case["expected"]
    assert_allclose(case["r_si_m2k_per_w"] + sum(r) + case["r_se_m2k_per_w"],
                    exp["r_total_m2k_per_w"], rtol=1e-8)
    temp = hg.node_temperatures_c(r, case["r_si_m2k_per_w"], case["r_se_m2k_per_w"],
                                  case["temp_int_c"], case["temp_ext_c"])
    assert_allclose(temp[::-1], exp["temp_nodes_c"], rtol=1e-8)
    pe = case["rh_ext_frac"] * hg.saturation_pressure_pa(case["temp_ext_c"])
    pi = case["rh_int_frac"] * hg.saturation_pressure_pa(case["temp_int_c"])
    assert_allclose([pe, pi], [exp["p_ext_pa"], exp["p_int_pa"]], rtol=1e-8)
    sd_cum = np.concatenate(([0.0], np.cumsum(sd)))
    p, anchors = hg.vapour_pressure_line(sd_cum, hg.saturation_pressure_pa(temp), pi, pe)
    g = hg.condensation_rates_kg_per_m2s(sd_cum, p, anchors)
    assert anchors.sum() == 2
    assert_allclose(g.sum() * case["month_seconds"] * 1000, exp["condensate_g_per_m2"],
                    rtol=1e-8)


def test_glaser_internally_insulated_brick_openuvalue_reference():
    # Provenance: datasets/reference/glaser_openuvalue_single_month/SOURCE.md. OpenUValue
    # prints 4.045e-7 kg/(m²s) with another Magnus fit (p_sat(20) = 2339.3 Pa): rtol 1 % covers
    # that formula difference (perfqual 4.021e-7); θ printed to 0.01 K -> atol 0.005.
    r = [0.0125 / 0.25, 0.10 / 0.035, 0.215 / 0.77]
    sd = [0.125, 0.10, 2.15]
    temp = hg.node_temperatures_c(r, 0.13, 0.04, 20.0, 0.0)
    pi = 0.5 * hg.saturation_pressure_pa(20.0)
    pe = 0.9 * hg.saturation_pressure_pa(0.0)
    sd_cum = np.concatenate(([0.0], np.cumsum(sd)))
    p, anchors = hg.vapour_pressure_line(sd_cum, hg.saturation_pressure_pa(temp), pi, pe)
    g = hg.condensation_rates_kg_per_m2s(sd_cum, p, anchors)
    assert anchors.tolist() == [False, False, True, False]
    assert_allclose(temp[2], 1.90, atol=0.005)
    assert_allclose(g[2], 4.045e-7, rtol=1e-2)
    # With 0.2 mm PE (s_d 20 m) on the warm side of the wool: no condensation.
    sd2 = np.concatenate(([0.0], np.cumsum([0.125, 20.0, 0.10, 2.15])))
    t2 = hg.node_temperatures_c([r[0], 0.0, r[1], r[2]], 0.13, 0.04, 20.0, 0.0)
    _, a2 = hg.vapour_pressure_line(sd2, hg.saturation_pressure_pa(t2), pi, pe)
    assert not a2.any()


def _lille_case():
    case = yaml.safe_load((REFERENCE / "glaser_lille_iti_regression" / "case.yaml").read_text())
    te = np.array(case["temp_ext_c"])
    pe = np.array(case["rh_ext_pct"]) / 100 * hg.saturation_pressure_pa(te)
    return case, te, pe


def _run_lille(case, te, pe, layers, cold_pa):
    r = [d / lam for d, lam, _ in layers]
    sd = [d * mu for d, _, mu in layers]
    pi = pe + hg.humidity_class_excess_pa(te, cold_pa, 0.0)
    return hg.glaser_monthly(r, sd, np.full(12, case["temp_int_c"]), te, pi, pe,
                             case["r_si_m2k_per_w"], case["r_se_m2k_per_w"])


@pytest.mark.parametrize("name", ["A_sans_frein_vapeur", "B_frein_vapeur_sd_2m"])
def test_glaser_lille_monthly_regression(name):
    # Regression vectors (not a validation): datasets/reference/glaser_lille_iti_regression.
    case, te, pe = _lille_case()
    c = case["cases"][name]
    res = _run_lille(case, te, pe, c["layers"], case["humidity_class_delta_p_cold_pa"])
    assert res.start_month == c["start_month"] - 1
    order = [(res.start_month + k) % 12 for k in range(12)]
    assert_allclose(1000 * res.total_accumulation_kg_per_m2[order],
                    c["accumulation_g_per_m2_from_start"], atol=0.05)
    assert res.dries_out
    if "january_rate_kg_per_m2s" in c:
        assert_allclose(res.rate_kg_per_m2s[0].sum(), c["january_rate_kg_per_m2s"], rtol=1e-4)


def test_glaser_lille_vapour_barrier_and_class4_regression():
    case, te, pe = _lille_case()
    cold = case["humidity_class_delta_p_cold_pa"]
    c = _run_lille(case, te, pe, case["cases"]["C_pare_vapeur_sd_18m"]["layers"], cold)
    assert c.start_month is None
    d = _run_lille(case, te, pe, case["cases"]["D_fibre_de_bois_enduit_chaux"]["layers"], cold)
    assert_allclose(1000 * d.peak_accumulation_kg_per_m2, 1891.6, atol=0.05)
    for key, layers in (("A", case["cases"]["A_sans_frein_vapeur"]["layers"]),
                        ("D", case["cases"]["D_fibre_de_bois_enduit_chaux"]["layers"])):
        res = _run_lille(case, te, pe, layers, 1080.0)
        assert_allclose([1000 * res.peak_accumulation_kg_per_m2, 1000 * res.remaining_kg_per_m2],
                        case["class_4"][f"{key}_peak_remaining_g_per_m2"], atol=0.05)
        assert not res.dries_out


def test_glaser_monotonic_in_vapour_retarder_invariant():
    # A tighter vapour retarder on the warm side never increases the peak condensate.
    case, te, pe = _lille_case()
    peaks = []
    for sd_vcl in (0.5, 1.0, 2.0, 5.0, 10.0):
        layers = [[0.0125, 0.25, 10], [0.0002, 1e9, sd_vcl / 0.0002], [0.10, 0.035, 1],
                  [0.22, 0.90, 10]]
        peaks.append(_run_lille(case, te, pe, layers, 810.0).peak_accumulation_kg_per_m2)
    assert all(a >= b for a, b in zip(peaks, peaks[1:], strict=False))


def test_glaser_invalid_inputs():
    with pytest.raises(ValueError):
        hg.glaser_monthly([0.5], [0.0], [20.0] * 12, [0.0] * 12, [1000.0] * 12, [500.0] * 12, 0.13)
    with pytest.raises(ValueError):
        hg.glaser_monthly([0.5], [1.0], [20.0] * 11, [0.0] * 12, [1000.0] * 12, [500.0] * 12,
                          0.13)


def test_temperature_factor_plane_analytic():
    assert_allclose(hg.temperature_factor_plane([0.71]), 0.75, rtol=1e-12)
    # Uninsulated 22 cm brick (λ 0.90) + 15 mm plaster (λ 0.40): 0.563 (notes B.2, 3 digits).
    assert_allclose(hg.temperature_factor_plane([0.015 / 0.40, 0.22 / 0.90]), 0.563, atol=5e-4)


def test_minimum_temperature_factor_reference():
    # pachi/condensaciones test_comprobaciones.py, with p_i = φi·2337 Pa (fixed p_sat(20)).
    f = hg.minimum_temperature_factor(5.0, 20.0, 0.55 * 2337.0)
    assert_allclose(f, 0.60574531, rtol=1e-7)
    f2 = hg.minimum_temperature_factor(5.0, 20.0, 0.75 * 2337.0)
    assert_allclose(f2, 0.930793648, rtol=1e-7)


def test_minimum_temperature_factor_lille_class3_regression():
    # HYGROTHERMAL-NOTES B.2 (DERIVED): Lille January, class 3 (×1.0 / ×1.10): 0.709 / 0.754.
    te, rh = 4.1, 0.92
    pe = rh * hg.saturation_pressure_pa(te)
    for factor, expected in ((1.0, 0.709), (1.10, 0.754)):
        pi = pe + hg.humidity_class_excess_pa(te, 810.0, 0.0, factor)
        assert_allclose(hg.minimum_temperature_factor(te, 20.0, pi), expected, atol=5e-4)
    assert np.isnan(hg.minimum_temperature_factor(25.0, 20.0, 1200.0))
    with pytest.raises(ValueError):
        hg.minimum_temperature_factor(0.0, 20.0, 1000.0, phi_si_critical=1.5)

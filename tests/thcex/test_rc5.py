"""Tests of the 5R1C core (EN ISO 13790:2008 Annex C)."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from numpy.testing import assert_allclose
from tests.conftest import DATASETS

from perfqual.core.thcex import rc5
from perfqual.errors import InputError

H = 8760


def _zone(**kw):
    args = dict(floor_area_m2=80.0, h_ve_w_per_k=40.0, h_tr_w_w_per_k=30.0,
                h_tr_em_w_per_k=60.0)
    args.update(kw)
    return rc5.rc5_building(**args)


def test_steady_state_heating_analytic():
    # Constant θ_e, no gains, constant set-point: once steady, φ_HC = H_total·(θ_set − θ_e)
    # with H_total = H_ve + H_tr,w + H_tr,em (the series H_tr,is/H_tr,ms carry no flow at
    # steady state except through H_tr,em). Start the mass at its steady temperature.
    b = _zone()
    te, sp = 0.0, 20.0
    h_ve, h_w, h_em = 40.0, 30.0, 60.0
    h_is, h_ms = b.h_tr_is_w_per_k[0], b.h_tr_ms_w_per_k[0]
    # steady mass temperature: flow through H_tr,em equals flow air->surface->mass
    # air at 20: surface node balance H_is(20-θs) = H_w(θs-0) + H_ms(θs-θm), H_ms(θs-θm) = H_em θm
    h_ms_em = 1 / (1 / h_ms + 1 / h_em)
    theta_s = h_is * sp / (h_is + h_w + h_ms_em)
    theta_m = h_ms * theta_s / (h_ms + h_em)
    expected = h_ve * sp + h_is * (sp - theta_s)
    r = rc5.simulate_rc5_series(b, np.full(48, te), np.zeros(48), np.zeros(48),
                                np.full(48, sp), np.full(48, np.inf), theta_m_initial_c=theta_m)
    assert_allclose(r.hourly["heating_w"], expected, rtol=1e-10)
    assert_allclose(r.hourly["temp_air_c"], sp, rtol=1e-12)
    assert_allclose(expected, (h_ve + h_w * 0 + 0) * sp + h_is * (sp - theta_s), rtol=1e-12)


def test_steady_state_total_coefficient_analytic():
    # Same check written as the textbook steady state: φ = (H_ve + H_tr,w' + H_tr,em')·Δθ is not
    # exact for 5R1C (windows hang on the surface node); the exact value is the series-parallel
    # network, here recomputed independently by a linear solve of the three node balances.
    b = _zone()
    h_ve, h_w, h_em = 40.0, 30.0, 60.0
    h_is, h_ms = b.h_tr_is_w_per_k[0], b.h_tr_ms_w_per_k[0]
    # unknowns θs, θm, φ with θair = 20, θe = 0
    a = np.array([[-(h_is + h_w + h_ms), h_ms, 0.0],
                  [h_ms, -(h_ms + h_em), 0.0],
                  [h_is, 0.0, 1.0]])
    rhs = np.array([-h_is * 20.0, 0.0, h_ve * 20.0 + h_is * 20.0])
    theta_s, theta_m, phi = np.linalg.solve(a, rhs)
    r = rc5.simulate_rc5_series(b, np.zeros(24), np.zeros(24), np.zeros(24), np.full(24, 20.0),
                                np.full(24, np.inf), theta_m_initial_c=theta_m)
    assert_allclose(r.hourly["heating_w"], phi, rtol=1e-10)


def _rc5_case_building(p_max):
    af, at = 34.3, 142.38
    return rc5.rc5_building(af, 1200 * 106.33 * 2 / 3600, 1.1 * 13.5, 0.2 * (15.19 - 13.5),
                            2.5, 165000.0, a_t_m2=at, heating_power_max_w=p_max,
                            cooling_power_max_w=p_max)


def test_rc_buildingsimulator_cases_reference():
    # Source: datasets/reference/rc5_rc_buildingsimulator/SOURCE.md; 2 decimals -> atol 0.005.
    path = DATASETS / "reference" / "rc5_rc_buildingsimulator" / "cases.csv"
    with path.open(encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh))
    assert len(cases) == 5
    b = _rc5_case_building(12.0 * 34.3)
    for c in cases:
        te, tm = float(c["theta_e_c"]), float(c["theta_m_prev_c"])
        ig, sg = float(c["internal_gains_w"]), float(c["solar_gains_w"])
        r = rc5.simulate_rc5_series(b, [te], [ig], [sg], [20.0], [26.0], theta_m_initial_c=tm)
        phi = r.hourly["heating_w"][0] - r.hourly["cooling_w"][0]
        ia, st, ms = rc5.split_gains(ig, sg, b.a_m_m2, b.a_t_m2, b.h_tr_w_w_per_k)
        theta_m = rc5.crank_nicolson_nodes(b, np.array([tm]), te, ia, st, ms, phi)[1][0]
        assert_allclose(theta_m, float(c["expected_theta_m_c"]), atol=0.005, err_msg=c["case"])
        assert_allclose(phi, float(c["expected_phi_hc_w"]), atol=0.005, err_msg=c["case"])


def _year(n=3, seed=1):
    rng = np.random.default_rng(seed)
    hours = np.arange(H)
    te = 10 - 8 * np.cos(2 * np.pi * hours / H) + 3 * np.sin(2 * np.pi * hours / 24)
    sun = np.clip(np.sin(np.pi * ((hours % 24) - 6) / 12), 0, None) * 300
    basis = np.column_stack([np.ones(H), sun])
    b = rc5.rc5_building(rng.uniform(50, 100, n), rng.uniform(20, 60, n),
                         rng.uniform(10, 40, n), rng.uniform(30, 120, n), 2.5,
                         rng.choice([110e3, 260e3], n))
    ci = np.vstack([rng.uniform(200, 400, n), np.zeros(n)])
    cs = np.vstack([np.zeros(n), rng.uniform(1, 5, n)])
    sp_h = np.where((hours % 24 >= 22) | (hours % 24 < 6), 16.0, 19.0)
    return b, te, basis, ci, cs, sp_h, np.full(H, 28.0)


def test_annual_balance_closes_analytic():
    r = rc5.simulate_rc5_batch(*_year())
    scale = r.heating_need_wh + r.transmission_wh
    assert np.all(np.abs(r.residual_wh) < 1e-9 * scale)
    assert_allclose(r.monthly_heating_need_wh.sum(axis=0), r.heating_need_wh, rtol=1e-12)


def test_batch_equals_single_runs_analytic():
    b, te, basis, ci, cs, sp_h, sp_c = _year()
    batch = rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h, sp_c)
    for j in range(b.n):
        one = rc5.simulate_rc5_batch(rc5._slice(b, slice(j, j + 1)), te, basis, ci[:, j:j + 1],
                                     cs[:, j:j + 1], sp_h, sp_c)
        assert_allclose(one.heating_need_wh[0], batch.heating_need_wh[j], rtol=1e-10)


def test_threads_and_chunks_give_same_result_analytic():
    args = _year(n=2400)
    a = rc5.simulate_rc5_batch(*args, chunk_cells=50_000, n_threads=1)
    b = rc5.simulate_rc5_batch(*args, chunk_cells=400_000, n_threads=2)
    assert_allclose(a.heating_need_wh, b.heating_need_wh, rtol=1e-10)
    assert_allclose(a.cooling_need_wh, b.cooling_need_wh, rtol=1e-10, atol=1e-6)


def test_per_zone_offset_equals_shifted_setpoint_analytic():
    b, te, basis, ci, cs, sp_h, sp_c = _year(n=2)
    shifted = rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h, sp_c,
                                     heating_setpoint_offset_k=np.array([-1.0, -1.0]))
    direct = rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h - 1.0, sp_c)
    mixed = rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h, sp_c,
                                   heating_setpoint_offset_k=np.array([-1.0, 0.0]))
    assert_allclose(shifted.heating_need_wh, direct.heating_need_wh, rtol=1e-10)
    assert_allclose(mixed.heating_need_wh[0], direct.heating_need_wh[0], rtol=1e-10)


def test_heating_need_monotonic_in_conductance():
    b, te, basis, ci, cs, sp_h, sp_c = _year(n=1)
    needs = []
    for h_em in (40.0, 80.0, 160.0):
        bb = rc5.rc5_building(b.floor_area_m2, b.h_ve_w_per_k, b.h_tr_w_w_per_k, h_em, 2.5,
                              165e3)
        needs.append(rc5.simulate_rc5_batch(bb, te, basis, ci, cs, sp_h, sp_c)
                     .heating_need_wh[0])
    assert needs[0] < needs[1] < needs[2]


def test_invalid_inputs():
    with pytest.raises(InputError, match="positif"):
        _zone(floor_area_m2=0.0)
    with pytest.raises(InputError, match="H_tr,ms"):
        rc5.h_tr_em_from_opaque(500.0, 400.0)
    with pytest.raises(InputError, match="inconnue"):
        rc5.inertia_class_parameters("plume")
    b, te, basis, ci, cs, sp_h, sp_c = _year(n=1)
    with pytest.raises(InputError, match="consigne"):
        rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h[:10], sp_c)
    with pytest.raises(InputError, match="dépasse"):
        rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_c + 1, sp_c)


# --- second pass: compiled kernel, operative control, radiant share of φ_HC ---------------------

def test_compiled_kernel_equals_numpy_loop_analytic():
    # Same arithmetic, same order per zone: equal to round-off, with uniform and per-zone
    # set-point offsets, one thread and the parallel variant.
    args = _year(n=2400)
    ref = rc5.simulate_rc5_batch(*args, kernel="numpy")
    for kw in ({"n_threads": 1}, {"n_threads": 2},
               {"heating_setpoint_offset_k": np.linspace(-2.0, 0.0, 2400)}):
        ref_kw = ref if "heating_setpoint_offset_k" not in kw else rc5.simulate_rc5_batch(
            *args, kernel="numpy", **kw)
        com = rc5.simulate_rc5_batch(*args, kernel="compiled", **kw)
        for f in ("heating_need_wh", "cooling_need_wh", "monthly_heating_need_wh",
                  "heating_hours", "transmission_wh", "stored_wh"):
            assert_allclose(getattr(com, f), getattr(ref_kw, f), rtol=1e-12, atol=1e-6,
                            err_msg=f)
        assert np.all(np.abs(com.residual_wh) < 1e-9 * (com.heating_need_wh
                                                        + com.transmission_wh))


def _steady_network(b, f_c, air_weight, sp=20.0):
    # Independent steady state of the 5R1C network at θ_e = 0: unknowns θ_air, θ_s, θ_m, φ_HC;
    # φ_HC: f_c to the air node, the rest split like the solar gains (C.2, C.3), the share
    # H_tr,w/(9.1·A_t) leaving directly.
    h_ve, h_is, h_w = b.h_ve_w_per_k[0], b.h_tr_is_w_per_k[0], b.h_tr_w_w_per_k[0]
    h_ms, h_em, a_m, a_t = (b.h_tr_ms_w_per_k[0], b.h_tr_em_w_per_k[0], b.a_m_m2[0],
                            b.a_t_m2[0])
    f_m = a_m / a_t
    f_st = 1 - f_m - h_w / (9.1 * a_t)
    a = np.array([[h_ve + h_is, -h_is, 0.0, -f_c],
                  [-h_is, h_is + h_w + h_ms, -h_ms, -(1 - f_c) * f_st],
                  [0.0, -h_ms, h_ms + h_em, -(1 - f_c) * f_m],
                  [air_weight, 1 - air_weight, 0.0, 0.0]])
    return np.linalg.solve(a, np.array([0.0, 0.0, 0.0, sp]))


@pytest.mark.parametrize(("control", "weight", "f_c"),
                         [("air", 1.0, 1.0), ("operative", 0.3, 1.0), ("operative", 0.3, 0.4),
                          ("air", 1.0, 0.4)])
def test_steady_state_control_and_radiant_share_analytic(control, weight, f_c):
    b = rc5.rc5_building(80.0, 40.0, 30.0, 60.0, hc_convective_frac=f_c, control=control)
    theta_air, theta_s, theta_m, phi = _steady_network(b, f_c, weight)
    r = rc5.simulate_rc5_series(b, np.zeros(24), np.zeros(24), np.zeros(24),
                                np.full(24, 20.0), np.full(24, np.inf),
                                theta_m_initial_c=theta_m)
    assert_allclose(r.hourly["heating_w"], phi, rtol=1e-10)
    assert_allclose(r.hourly["temp_air_c"], theta_air, rtol=1e-10)
    assert_allclose(r.hourly["temp_surface_c"], theta_s, rtol=1e-10)
    assert abs(r.residual_wh[0]) < 1e-9 * r.heating_need_wh[0]


def test_operative_control_needs_more_heat_than_air_control():
    # The surface node is colder than the air: holding θ_op = 0.3 θ_air + 0.7 θ_s at 20 °C
    # takes more heat than holding θ_air (invariant of the network).
    args = _year(n=3)
    needs = {}
    for control in ("air", "operative"):
        b0 = args[0]
        b = rc5.rc5_building(b0.floor_area_m2, b0.h_ve_w_per_k, b0.h_tr_w_w_per_k,
                             b0.h_tr_em_w_per_k, 2.5, b0.c_m_j_per_k / b0.floor_area_m2,
                             control=control)
        needs[control] = rc5.simulate_rc5_batch(b, *args[1:]).heating_need_wh
    assert np.all(needs["operative"] > needs["air"])


def test_invalid_kernel_control_and_fraction():
    b, te, basis, ci, cs, sp_h, sp_c = _year(n=1)
    with pytest.raises(InputError, match="noyau"):
        rc5.simulate_rc5_batch(b, te, basis, ci, cs, sp_h, sp_c, kernel="fortran")
    with pytest.raises(InputError, match="régulée"):
        rc5.rc5_building(80.0, 40.0, 30.0, 60.0, control="radiante")
    with pytest.raises(InputError, match="convective"):
        rc5.rc5_building(80.0, 40.0, 30.0, 60.0, hc_convective_frac=1.5)

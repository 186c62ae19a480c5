"""Element coefficients of EN ISO 52016-1:2017 (test vectors of METHODS-NOTES A.2–A.6)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.core.iso52016 import coefficients as cf
from perfqual.core.iso52016 import elements as el
from perfqual.core.iso52016.ground import ground_floor_parameters
from perfqual.errors import InputError

R_SI_H = 1.0 / (cf.H_CI_HORIZONTAL_W_PER_M2K + cf.H_RI_W_PER_M2K)
R_SE = 1.0 / (cf.H_CE_W_PER_M2K + cf.H_RE_W_PER_M2K)


def test_opaque_wall_u030_analytic():
    # R_c = 1/0.3 − 1/7.63 − 1/24.14 and h = 6/R_c, 3/R_c, 3/R_c, 6/R_c (closed form).
    r_c = cf.construction_resistance_m2k_per_w(0.30, R_SI_H, R_SE, "mur")
    assert_allclose(r_c, 1 / 0.3 - 1 / 7.63 - 1 / 24.14, rtol=1e-12)
    assert_allclose(cf.opaque_conductances_w_per_m2k(r_c),
                    [6 / r_c, 3 / r_c, 3 / r_c, 6 / r_c], rtol=1e-12)
    # METHODS-NOTES A.2 test vector, given to 5 significant figures.
    assert_allclose(r_c, 3.16085, atol=5e-6)


@pytest.mark.parametrize("cls, shares", [("I", [0, 0, 0, 0, 1]), ("E", [1, 0, 0, 0, 0]),
                                         ("IE", [.5, 0, 0, 0, .5]), ("M", [0, 0, 1, 0, 0]),
                                         ("D", [.125, .25, .25, .25, .125])])
def test_mass_classes_analytic(cls, shares):
    assert_allclose(cf.opaque_capacities_j_per_m2k(8.0e4, cls), np.array(shares) * 8.0e4,
                    rtol=1e-15)


def test_window_u14_reference():
    # METHODS-NOTES A.3: U_w = 1.4 -> R_c = 0.5418, h = 1.8458 (4 significant figures).
    r_c, h_e, note = cf.window_resistances_m2k_per_w(1.4, R_SI_H, 1 / R_SE, "F")
    # (the notes round R_c first, then take 1/R_c: tolerance 1e-4 relative)
    assert_allclose([r_c, 1 / r_c], [0.5418, 1.8458], rtol=1e-4)
    assert h_e == 1 / R_SE and note is None


@pytest.mark.parametrize("u_w", [5.8, 6.2, 7.0])
def test_single_glazing_keeps_declared_u_analytic(u_w):
    # Old single glazing: R_c = one 4 mm pane, R_si kept, R_se takes the remainder, so the
    # air-to-air resistance still equals 1/U_w; the rule is reported, never silent.
    r_c, h_e, note = cf.window_resistances_m2k_per_w(u_w, R_SI_H, 1 / R_SE, "simple vitrage")
    assert_allclose(r_c, 0.004, rtol=1e-12)
    assert_allclose(R_SI_H + r_c + 1 / h_e, 1 / u_w, rtol=1e-12)
    assert "4 mm" in note and "simple vitrage" in note


def test_window_u_beyond_physical_limit_raises():
    with pytest.raises(InputError, match="physiquement possible"):
        cf.window_resistances_m2k_per_w(8.0, R_SI_H, 1 / R_SE, "F")


def test_opaque_u_too_high_raises_french():
    with pytest.raises(InputError, match="R_c .* ≤ 0"):
        cf.construction_resistance_m2k_per_w(6.5, R_SI_H, R_SE, "porte")
    with pytest.raises(InputError, match="non positif"):
        cf.construction_resistance_m2k_per_w(0.0, R_SI_H, R_SE, "mur")


def test_sky_view_and_sky_loss_reference():
    # METHODS-NOTES A.6: vertical wall 0.5·4.14·11 = 22.77 W/m²; flat roof 45.54 W/m².
    wall = el.opaque_chain("m", 1.0, 0.3, 1e5, "D", 90, 180, "exterieur")
    roof = el.opaque_chain("t", 1.0, 0.3, 1e5, "D", 0, 0, "exterieur")
    assert_allclose(-wall.ext_forcing_w_per_m2["one"], 22.77, rtol=1e-12)
    assert_allclose(-roof.ext_forcing_w_per_m2["one"], 45.54, rtol=1e-12)


def test_convective_coefficient_by_tilt_analytic():
    assert [cf.convective_coefficient_w_per_m2k(t) for t in (0, 59, 60, 90, 120, 121, 180)] == [
        5.0, 5.0, 2.5, 2.5, 2.5, 0.7, 0.7]
    with pytest.raises(InputError, match="inclinaison"):
        cf.convective_coefficient_w_per_m2k(200.0)


def test_ground_floor_reference():
    # METHODS-NOTES A.4 test vector (EN ISO 13370:2017 formulas), 5 significant figures.
    p = ground_floor_parameters(80.0, 36.0, 2.0)
    assert_allclose([p.characteristic_dimension_m, p.equivalent_thickness_m,
                     p.u_value_w_per_m2k, p.r_virtual_m2k_per_w, p.h_pi_w_per_k,
                     p.h_pe_w_per_k], [4.4444, 3.615, 0.26992, 1.2014, 24.785, 9.497],
                    rtol=2e-4)
    with pytest.raises(InputError, match="périmètre"):
        ground_floor_parameters(80.0, 0.0, 2.0)


def test_unheated_boundary_temperature_analytic():
    # θ_u = (1 − b)θ_i + bθ_e (EN ISO 13789), θ_i = heating set-point: a prescribed boundary.
    c = el.opaque_chain("plancher", 10.0, 0.5, 1e5, "D", 180, 0, "local_non_chauffe", 0.7)
    assert c.boundary_temp == {"theta_e": 0.7, "setpoint_h": pytest.approx(0.3, rel=1e-15)}
    assert c.ext_to_air_frac == 0.0 and c.ext_forcing_w_per_m2 == {}
    with pytest.raises(InputError, match="facteur b"):
        el.opaque_chain("p", 10.0, 0.5, 1e5, "D", 180, 0, "local_non_chauffe", 1.5)


def test_infiltration_3cl_analytic():
    # Q = h·S·n50·e with n50 = Q4·A/((4/50)^(2/3)·h·S) and no unbalance: = Q4·A·e/(4/50)^(2/3).
    q = el.infiltration_3cl_m3_per_h(1.7, 150.0, 70.0, 2.5, 0.0)
    assert_allclose(q, 1.7 * 150.0 * 0.07 / (4 / 50) ** (2 / 3), rtol=1e-12)
    assert el.infiltration_3cl_m3_per_h(1.7, 150.0, 70.0, 2.5, 100.0) < q  # extract unbalance
    with pytest.raises(InputError, match="infiltrations"):
        el.infiltration_3cl_m3_per_h(1.7, -1.0, 70.0, 2.5, 0.0)

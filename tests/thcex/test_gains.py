"""Tests of the EN ISO 13790:2008 §11.3 solar gains of opaque elements and sky radiation."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from perfqual.core.thcex import gains
from perfqual.errors import InputError


def test_collecting_area_and_sky_radiation_analytic():
    # A_sol = α·R_se·U·A (§11.3.4); F_r·Φ_r = F_r·R_se·U·A·h_r·Δθ_er (§11.3.5, §11.4.6)
    assert_allclose(gains.opaque_collecting_area_m2(26.4, 2.144, 0.6), 0.6 * 0.04 * 2.144
                    * 26.4, rtol=1e-14)
    assert_allclose(gains.sky_radiation_w(26.4, 2.144, 90.0), 0.5 * 0.04 * 2.144 * 26.4
                    * 4.5 * 11.0, rtol=1e-14)
    assert_allclose(gains.sky_radiation_w(10.0, 0.2, 0.0), 0.04 * 0.2 * 10.0 * 4.5 * 11.0,
                    rtol=1e-14)
    assert gains.sky_radiation_w(10.0, 0.2, 180.0) < 1e-15  # facing the ground


def test_sky_form_factor_values_of_the_standard_analytic():
    assert_allclose([gains.sky_form_factor(0.0), gains.sky_form_factor(90.0)], [1.0, 0.5],
                    rtol=1e-14)


def test_gains_proportional_to_u_value():
    # Invariant: both terms are proportional to U (an insulated wall collects and loses less).
    a = [gains.opaque_collecting_area_m2(20.0, u, 0.6) for u in (0.2, 0.4, 0.8)]
    s = [gains.sky_radiation_w(20.0, u, 45.0) for u in (0.2, 0.4, 0.8)]
    assert_allclose([a[1] / a[0], a[2] / a[1], s[1] / s[0], s[2] / s[1]], 2.0, rtol=1e-12)


def test_invalid_inputs():
    with pytest.raises(InputError, match="absorptance"):
        gains.opaque_collecting_area_m2(10.0, 1.0, 1.2)
    with pytest.raises(InputError, match="inclinaison"):
        gains.sky_form_factor(200.0)
    with pytest.raises(InputError, match="positifs"):
        gains.sky_radiation_w(-1.0, 1.0, 90.0)
    with pytest.raises(InputError, match="h_r"):
        gains.sky_radiation_w(1.0, 1.0, 90.0, h_r_w_per_m2k=-1.0)

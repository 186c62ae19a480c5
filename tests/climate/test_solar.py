"""Irradiance on tilted, oriented surfaces (pvlib) and its cache."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.climate.model import monthly_sums
from perfqual.climate.solar import climate_solar_position, surface_irradiance
from perfqual.errors import InputError


@pytest.mark.parametrize("model", ["perez", "haydavies", "isotropic"])
def test_horizontal_surface_receives_ghi(lille, model):
    # Tolerance: Perez's circumsolar term equals DHI only for sun heights above 5°; the
    # difference is limited to low-sun hours and below 0.5 % of the annual sum.
    s = surface_irradiance(lille, 0.0, 180.0, model=model)
    assert_allclose(s.total_w_per_m2.sum(), lille.ghi_w_per_m2.sum(), rtol=5e-3)
    assert_allclose(s.ground_reflected_w_per_m2, 0.0, atol=1e-9)
    sun_high = climate_solar_position(lille).apparent_zenith_deg < 80.0
    assert_allclose(s.total_w_per_m2[sun_high], lille.ghi_w_per_m2[sun_high], rtol=1e-6,
                    atol=1e-6)


def test_components_add_up_and_are_non_negative(lille):
    s = surface_irradiance(lille, 90.0, 135.0)
    assert_allclose(s.total_w_per_m2,
                    s.beam_w_per_m2 + s.sky_diffuse_w_per_m2 + s.ground_reflected_w_per_m2,
                    rtol=1e-12)
    for arr in (s.beam_w_per_m2, s.sky_diffuse_w_per_m2, s.ground_reflected_w_per_m2):
        assert np.all(arr >= 0)
    assert_allclose(s.ground_reflected_w_per_m2, lille.ghi_w_per_m2 * 0.2 * 0.5, rtol=1e-12)


def test_south_wall_gets_more_than_north_wall_in_winter(lille):
    south = monthly_sums(surface_irradiance(lille, 90.0, 180.0).total_w_per_m2)
    north = monthly_sums(surface_irradiance(lille, 90.0, 0.0).total_w_per_m2)
    for m in (0, 1, 10, 11):
        assert south[m] > 1.5 * north[m]
    assert_allclose(surface_irradiance(lille, 90.0, 0.0).beam_w_per_m2[
        np.arange(8760) // 24 < 31], 0.0, atol=1e-9)  # no sun on a north wall in January


def test_east_and_west_are_mirror_images_over_the_year(lille):
    east = surface_irradiance(lille, 90.0, 90.0, model="isotropic").total_w_per_m2.sum()
    west = surface_irradiance(lille, 90.0, 270.0, model="isotropic").total_w_per_m2.sum()
    assert_allclose(east, west, rtol=0.03)  # symmetric synthetic days, sun at mid-hours


def test_cache_returns_the_same_object_and_read_only_arrays(lille):
    a = surface_irradiance(lille, 45.0, 200.0)
    b = surface_irradiance(lille, 45, 200)
    assert a is b
    assert surface_irradiance(lille, 45.0, 200.0, albedo=0.3) is not a
    with pytest.raises(ValueError):
        a.total_w_per_m2[0] = 1.0


@pytest.mark.parametrize(("tilt", "az", "kw", "match"), [
    (95.0 * 2, 180.0, {}, "inclinaison"),
    (30.0, 400.0, {}, "azimut"),
    (30.0, 180.0, {"albedo": 1.5}, "albédo"),
    (30.0, 180.0, {"model": "klucher2"}, "transposition"),
])
def test_invalid_surface(lille, tilt, az, kw, match):
    with pytest.raises(InputError, match=match):
        surface_irradiance(lille, tilt, az, **kw)

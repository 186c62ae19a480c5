"""The synthetic typical year reproduces its monthly statistics."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.climate.model import DAYS_PER_MONTH, Climate
from perfqual.climate.stations import station_climate
from perfqual.climate.stats import MonthlyStats, heating_degree_days, monthly_statistics
from perfqual.climate.synthetic import (
    ASHRAE_DAILY_RANGE_FRACTION,
    altitude_temperature_shift_k,
    climate_for_site,
    histospline_daily,
    synthetic_year,
    zone_climate,
)
from perfqual.climate.zones import ZONES
from perfqual.errors import InputError


def _stats(**over):
    base = dict(
        temp_mean_c=[4.1, 5.0, 7.3, 10.5, 14.0, 17.1, 19.0, 18.7, 16.0, 11.9, 7.9, 5.0],
        temp_daily_range_k=[4, 6, 8, 9, 9, 9, 9, 9, 8, 6, 4, 3.5],
        ghi_kwh_per_m2=[22, 40, 80, 120, 155, 160, 165, 140, 95, 55, 27, 17],
        rel_humidity_frac=np.full(12, 0.8),
        wind_speed_m_per_s=np.full(12, 4.0),
    )
    base.update(over)
    return MonthlyStats(**base)


def test_histospline_preserves_monthly_means_analytic():
    m = np.array([3.0, -2.0, 7.5, 10.0, 14.0, 30.0, 19.0, 19.0, 16.0, 12.0, 7.0, 4.0])
    y = histospline_daily(m)
    month = np.repeat(np.arange(12), DAYS_PER_MONTH)
    assert_allclose(np.bincount(month, y) / DAYS_PER_MONTH, m, rtol=1e-12, atol=1e-12)
    assert_allclose(histospline_daily(np.full(12, 5.0)), 5.0, rtol=1e-12)  # constant stays


def test_ashrae_profile_reference():
    f = ASHRAE_DAILY_RANGE_FRACTION
    assert f.shape == (24,) and f.min() == 0.0 and f.max() == 1.0
    assert_allclose(f.sum(), 12.87, atol=1e-9)  # research note: mean 12.87/24


@pytest.mark.parametrize("key", [*ZONES, "H1a-bassin-minier"])
def test_zone_year_reproduces_its_statistics_analytic(key):
    # Every quantity is reproduced to round-off (the method is exactly mean-preserving),
    # humidity within 1e-6 (bisection).
    c = zone_climate(key, 0.0)
    ref = station_climate(key).stats
    got = monthly_statistics(c)
    assert_allclose(got.temp_mean_c, ref.temp_mean_c, atol=1e-9)
    assert_allclose(got.temp_daily_range_k, ref.temp_daily_range_k, atol=1e-9)
    assert_allclose(got.ghi_kwh_per_m2, ref.ghi_kwh_per_m2, rtol=1e-9)
    assert_allclose(got.rel_humidity_frac, ref.rel_humidity_frac, atol=1e-6)
    assert_allclose(got.wind_speed_m_per_s, ref.wind_speed_m_per_s, atol=1e-9)


def test_synthetic_year_physical_invariants(lille):
    c = lille
    assert isinstance(c, Climate) and c.n_hours == 8760
    assert np.all(c.ghi_w_per_m2 >= 0) and np.all(c.dni_w_per_m2 >= 0)
    assert np.all(c.dhi_w_per_m2 >= 0) and np.all(c.dhi_w_per_m2 <= c.ghi_w_per_m2 + 1e-9)
    assert np.all((c.rel_humidity_frac > 0) & (c.rel_humidity_frac <= 1))
    assert np.all(c.temp_sky_c < c.temp_air_c)
    night = c.ghi_w_per_m2.reshape(365, 24)[:, [0, 1, 2, 23]]
    assert np.all(night == 0)
    # closure GHI = DHI + DNI cos θz at the hour mid-point
    from perfqual.climate.solar import climate_solar_position

    cos_z = np.cos(np.radians(climate_solar_position(c).apparent_zenith_deg))
    assert_allclose(c.dhi_w_per_m2 + c.dni_w_per_m2 * cos_z, c.ghi_w_per_m2, atol=1e-6)


def test_synthetic_year_is_deterministic():
    s = _stats()
    a = synthetic_year(s, 50.57, 3.0975, 47.0)
    b = synthetic_year(s, 50.57, 3.0975, 47.0)
    for name in ("temp_air_c", "ghi_w_per_m2", "dni_w_per_m2", "temp_sky_c",
                 "rel_humidity_frac"):
        assert np.array_equal(getattr(a, name), getattr(b, name))


def test_degree_days_of_a_constant_year_analytic():
    s = _stats(temp_mean_c=np.full(12, 8.0), temp_daily_range_k=np.zeros(12))
    c = synthetic_year(s, 50.0, 3.0, 0.0)
    dd = heating_degree_days(c, 18.0)
    assert_allclose(dd.monthly_k_day, 10.0 * DAYS_PER_MONTH, rtol=1e-12)
    assert_allclose(dd.annual_k_day, 3650.0, rtol=1e-12)
    assert_allclose(heating_degree_days(c, 18.0, "meteo_france").annual_k_day, 3650.0,
                    rtol=1e-12)
    with pytest.raises(InputError, match="méthode de degrés-jours"):
        heating_degree_days(c, 18.0, "costic")


def test_degree_days_regression(lille):
    # perfqual 0.1 snapshot, not a validation: DJU 18 of the default mining-basin year.
    assert_allclose(heating_degree_days(lille).annual_k_day, 2459.0, atol=1.0)


def test_assumptions_are_carried(lille):
    text = " ".join(lille.assumptions)
    assert "Hargreaves" in text and "année lissée" in text


def test_altitude_correction():
    assert altitude_temperature_shift_k(47.0, 47.0) == 0.0
    assert altitude_temperature_shift_k(600.0, 47.0) == -2.0
    assert altitude_temperature_shift_k(900.0, 47.0) == -4.0
    assert_allclose(altitude_temperature_shift_k(1047.0, 47.0, "gradient_standard"), -6.5)
    low = zone_climate("H1c", 0.0)
    high = zone_climate("H1c", 650.0)
    assert_allclose(high.temp_air_c.mean() - low.temp_air_c.mean(), -2.0, atol=1e-9)
    assert any("correction d'altitude" in a for a in high.assumptions)
    assert zone_climate("H1c", 0.0) is low  # cached: every method reads the same object


@pytest.mark.parametrize(("args", "match"), [
    (("H9", 0.0), "inconnue"),
    (("H1a", 6000.0), "hors de"),
    (("H1a", float("nan")), "hors de"),
    (("H1a", "haut"), "nombre attendu"),
    (("H1a", 0.0, "lineaire"), "correction d'altitude"),
])
def test_zone_climate_invalid(args, match):
    with pytest.raises(InputError, match=match):
        zone_climate(*args)


def test_invalid_monthly_stats():
    with pytest.raises(InputError, match="12 valeurs"):
        _stats(temp_mean_c=[1.0, 2.0])
    with pytest.raises(InputError, match="humidité"):
        _stats(rel_humidity_frac=np.full(12, 80.0))  # percent given instead of fraction
    with pytest.raises(InputError, match="80 %"):
        synthetic_year(_stats(ghi_kwh_per_m2=np.full(12, 900.0)), 50.0, 3.0, 0.0)


def test_climate_for_site_uses_the_regional_station():
    assert "Lille-Lesquin" in climate_for_site("62", 50.0).name
    assert "Trappes" in climate_for_site("75", 50.0).name
    assert "Marignane" in climate_for_site("13", 10.0).name

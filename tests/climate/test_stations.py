"""Packaged monthly statistics: shape, statuses, and the Hargreaves GHI hypotheses."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pytest
from numpy.testing import assert_allclose

from perfqual.climate.model import DAYS_PER_MONTH
from perfqual.climate.radiation import (
    extraterrestrial_daily_irradiation_kwh_per_m2,
    hargreaves_irradiation_kwh_per_m2,
)
from perfqual.climate.stations import (
    climate_keys,
    normalise_key,
    regional_key_for_departement,
    station_climate,
    station_table,
)
from perfqual.climate.zones import ZONES
from perfqual.errors import InputError


def test_every_zone_and_the_mining_basin_have_statistics():
    assert set(ZONES) <= set(climate_keys())
    assert "H1a-bassin-minier" in climate_keys()
    for key in climate_keys():
        sc = station_climate(key)
        assert sc.stats.temp_mean_c.shape == (12,)
        assert sc.sources, key


def test_every_row_has_a_status_and_a_source():
    path = resources.files("perfqual.data").joinpath("climate_monthly.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(climate_keys()) * 12 * 5
    assert {r["statut"] for r in rows} <= {"source", "derive", "hypothese"}
    assert all(len(r["source"]) > 10 for r in rows)


def test_hypotheses_reach_the_assumptions():
    sc = station_climate("H1a-bassin-minier")
    text = " ".join(sc.assumptions)
    assert "Hargreaves" in text  # GHI has no citable source for Lille-Lesquin
    assert "vent" in text
    assert any("substitution" in a for a in station_climate("H2a").assumptions)
    assert not any("substitution" in a for a in station_climate("H2b").assumptions)


def test_hargreaves_ghi_hypotheses_match_their_formula_regression():
    # The GHI values flagged "hypothese" were computed with FAO-56 eq. 50 from the table's own
    # daily range; recomputing them must give the stored values (rounded to 0.1 kWh/m²).
    month = np.repeat(np.arange(12), DAYS_PER_MONTH)
    for key, st in station_table().items():
        if st.k_rs is None:
            continue
        sc = station_climate(key)
        h0 = np.bincount(month, extraterrestrial_daily_irradiation_kwh_per_m2(
            np.arange(1, 366), st.latitude_deg))
        est = hargreaves_irradiation_kwh_per_m2(sc.stats.temp_daily_range_k, h0, st.k_rs)
        assert_allclose(sc.stats.ghi_kwh_per_m2, est, atol=0.051, err_msg=key)


def test_tmyx_statistics_reference():
    # Lyon-Bron TMYx 2004–2018 monthly statistics (research note §4.1, recomputed from the EPW).
    sc = station_climate("H1c")
    assert_allclose(sc.stats.ghi_kwh_per_m2.sum(), 1321.0, atol=0.5)
    assert_allclose(sc.stats.temp_mean_c[6], 22.6, atol=1e-9)


def test_regional_key_and_key_normalisation():
    assert regional_key_for_departement("62") == "H1a-bassin-minier"
    assert regional_key_for_departement("59") == "H1a-bassin-minier"
    assert regional_key_for_departement("75") is None
    assert normalise_key("h1a-BASSIN-minier") == "H1a-bassin-minier"
    with pytest.raises(InputError, match="zone climatique « H4 » inconnue"):
        normalise_key("H4")

"""Follow-up after works: degree-day normalisation on a worked example, drift flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from perfqual.aggregate.consumption_followup import (
    followup,
    heating_season,
    normalised_consumption_kwh,
    period_degree_days_k_day,
    record_energy_kwh,
    reference_degree_days_from_climate,
)
from perfqual.climate.model import Climate
from perfqual.errors import InputError
from perfqual.models.tenancy import ConsumptionRecord

from .helpers import TARIFFS, forecast


def _rec(start, end, **kw):
    data = dict(dwelling_id="D1", start=start, end=end, carrier="gaz", source_line="test")
    data.update(kw)
    return ConsumptionRecord(**data)


def test_normalisation_worked_example_analytic():
    # A season of 6 000 kWh of heating with 2 000 DJU, reference year 2 500 DJU:
    # C_norm = 6 000 × 2 500 / 2 000 = 7 500 kWh/an (DOMAIN-NOTES E.4).
    assert normalised_consumption_kwh(6000.0, 2000.0, 2500.0) == pytest.approx(7500.0, rel=1e-12)
    with pytest.raises(InputError):
        normalised_consumption_kwh(6000.0, 0.0, 2500.0)


def test_period_degree_days_pro_rata_analytic():
    dd = {(2027, 12): 310.0, (2028, 1): 400.0, (2028, 2): 290.0}
    # 17–31 Dec: 15/31 × 310 = 150 ; all of January 400 ; 1–14 Feb 2028 (leap): 14/29 × 290 = 140
    got = period_degree_days_k_day(dt.date(2027, 12, 17), dt.date(2028, 2, 14), dd)
    assert got == pytest.approx(690.0, rel=1e-12)
    with pytest.raises(InputError, match="2028-03"):
        period_degree_days_k_day(dt.date(2028, 2, 1), dt.date(2028, 3, 1), dd)


def test_heating_season():
    assert heating_season(dt.date(2027, 7, 1)) == "2027-2028"
    assert heating_season(dt.date(2028, 6, 30)) == "2027-2028"


def test_followup_with_dhw_and_expense_analytic():
    # D1, thcex forecast: heating 8 765.4, DHW 2 345.6 kWh/an (gas).
    # Record 1: 1 Oct – 31 Dec 2027 (92 days), 4 000 kWh incl. DHW, 1 000 DJU:
    #   heating = 4 000 − 2 345.6 × 92/365 = 3 408.7669…
    # Record 2: 1 Jan – 31 Mar 2028 (91 days), expense 553.44 € heating only, 1 200 DJU:
    #   kWh = (553.44 − 253.44 × 91/365) / 0.1073 = 4 568.98…
    # normalised = (3 408.77 + 4 568.98) × 2 500 / 2 200
    r1 = _rec(dt.date(2027, 10, 1), dt.date(2027, 12, 31), includes_dhw=True, energy_kwh=4000.0,
              degree_days_k_day=1000.0)
    r2 = _rec(dt.date(2028, 1, 1), dt.date(2028, 3, 31), expense_eur=Decimal("553.44"),
              degree_days_k_day=1200.0)
    heat1 = 4000.0 - 2345.6 * 92 / 365
    kwh2 = (553.44 - 253.44 * 91 / 365) / 0.1073
    assert record_energy_kwh(r2, TARIFFS) == pytest.approx(kwh2, rel=1e-12)
    (row,) = followup([r1, r2], forecast(), {"D1": ("D1",)}, "apres", ["thcex"], 2500.0, 0.2,
                      tariffs=TARIFFS)
    expected = (heat1 + kwh2) * 2500.0 / 2200.0
    assert row.normalised_kwh == pytest.approx(expected, rel=1e-12)
    assert row.drift_frac == pytest.approx(expected / 8765.4 - 1.0, rel=1e-12)
    assert row.coverage_frac == pytest.approx(2200.0 / 2500.0, rel=1e-12)
    assert row.season == "2027-2028" and row.n_records == 2


@pytest.mark.parametrize("factor, flag", [(1.25, "SURCONSOMMATION"), (0.7, "SOUS_CONSOMMATION"),
                                          (1.1, None)])
def test_drift_flags(factor, flag):
    # A record exactly proportional to the forecast: normalised = factor × 8 765.4.
    rec = _rec(dt.date(2027, 10, 1), dt.date(2028, 5, 31), energy_kwh=8765.4 * factor * 0.8,
               degree_days_k_day=2000.0)
    (row,) = followup([rec], forecast(), {}, "apres", ["thcex"], 2500.0, 0.2)
    assert row.drift_frac == pytest.approx(factor - 1.0, rel=1e-9)
    assert row.flag == flag


def test_followup_monthly_degree_days_and_errors():
    rec = _rec(dt.date(2028, 1, 1), dt.date(2028, 1, 31), energy_kwh=1000.0)
    with pytest.raises(InputError, match="degrés-jours de la période absents"):
        followup([rec], forecast(), {}, "apres", ["thcex"], 2500.0, 0.2)
    (row,) = followup([rec], forecast(), {}, "apres", ["thcex"], 2500.0, 0.2,
                      monthly_dd_k_day={(2028, 1): 400.0})
    assert row.normalised_kwh == pytest.approx(6250.0, rel=1e-12)
    expense = _rec(dt.date(2028, 1, 1), dt.date(2028, 1, 31), expense_eur=Decimal("100"))
    with pytest.raises(InputError, match="tarif"):
        followup([expense], forecast(), {}, "apres", ["thcex"], 2500.0, 0.2,
                 monthly_dd_k_day={(2028, 1): 400.0})
    with pytest.raises(InputError, match="seuil"):
        followup([rec], forecast(), {}, "apres", ["thcex"], 2500.0, 0.0)


def test_reference_degree_days_from_climate_analytic():
    # Constant 8 °C all year: 365 × (18 − 8) = 3 650 K·jour.
    n = 8760
    z = np.zeros(n)
    climate = Climate("test", 50.4, 2.8, 45.0, 1.0, np.full(n, 8.0), z, z, z, z, z, z, "test")
    assert reference_degree_days_from_climate(climate, 18.0) == pytest.approx(3650.0, rel=1e-12)

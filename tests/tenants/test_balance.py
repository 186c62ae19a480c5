"""Per-tenant balance, hand-computed to the cent, and the operation view."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfqual.errors import InputError
from perfqual.finance.balance import balance_tenant, charges_eur_per_year
from perfqual.finance.forecast import forecast_from_energy_results
from perfqual.finance.operation_view import operation_view
from perfqual.models.results import BalanceTerms, EnergyResult

from .helpers import TARIFFS, forecast, record

UNITS = ("D1", "T")


def test_balance_thcex_analytic():
    # Hand computation (rounding rule of perfqual.finance.ledger):
    # kWh after = 8765.4 + 2345.6 = 11111.0 (heating + DHW, charges include DHW)
    # energy = 11111.0 × 0.1073 = 1192.2103 -> 1192.21 ; + subscription 253.44 = 1445.65 €/an
    # fall = 1850.00 − 1445.65 = 404.35 €/an -> /12 = 33.6958… -> 33.70 €/mois
    # gain = 33.70 − (420.00 − 400.00) − 10.00 + 4.50 = 8.20 €/mois
    b = balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", "thcex")
    assert b.charges_after_eur_per_year == Decimal("1445.65")
    assert b.charges_fall_eur_per_year == Decimal("404.35")
    assert b.charges_fall_eur_per_month == Decimal("33.70")
    assert b.rent_change_eur_per_month == Decimal("20.00")
    assert b.net_gain_eur_per_month == Decimal("8.20")
    assert not b.loses_purchasing_power
    # caps: 70 × 6.10 = 427.00 ; 67.5 × 6.10 = 411.75
    assert b.rent_cap_before_eur_per_month == Decimal("427.00")
    assert b.rent_cap_after_eur_per_month == Decimal("411.75")
    assert b.rent_cap_change_eur_per_month == Decimal("-15.25")
    assert b.forecast_after_kwh_per_year == pytest.approx(11111.0, rel=1e-12)
    # calibration: 14000 actual / 20000 forecast before
    assert b.actual_to_forecast_before_ratio == pytest.approx(0.7, rel=1e-12)


def test_balance_iso52016_loses_analytic():
    # 9999.5 + 2345.6 = 12345.1 kWh × 0.1073 = 1324.62923 -> 1324.63 + 253.44 = 1578.07
    # fall = 271.93 €/an -> 22.6608… -> 22.66 ; gain = 22.66 − 20 − 10 + 4.50 = −2.84
    b = balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", "iso52016")
    assert b.charges_after_eur_per_year == Decimal("1578.07")
    assert b.charges_fall_eur_per_month == Decimal("22.66")
    assert b.net_gain_eur_per_month == Decimal("-2.84")
    assert b.loses_purchasing_power
    assert b.actual_to_forecast_before_ratio is None  # no iso52016 initial state given


def test_balance_basis_calcul_analytic():
    # before = (17500 + 2500) × 0.1073 = 2146.00 + 253.44 = 2399.44 ; fall = 953.79 €/an
    # -> 79.4825 -> 79.48 €/mois ; gain = 79.48 − 20 − 10 + 4.50 = 53.98
    b = balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", "thcex", basis="calcul")
    assert b.charges_before_eur_per_year == Decimal("2399.44")
    assert b.charges_fall_eur_per_month == Decimal("79.48")
    assert b.net_gain_eur_per_month == Decimal("53.98")
    with pytest.raises(InputError, match="aucune prévision"):
        balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", "iso52016", basis="calcul")
    with pytest.raises(InputError, match="base"):
        balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", "thcex", basis="autre")


def test_balance_heating_only_analytic():
    # Charges without DHW: 8765.4 × 0.1073 = 940.52742 -> 940.53 + 253.44 = 1193.97
    b = balance_tenant(record(charges_include_dhw=False), forecast(), TARIFFS, UNITS, "apres",
                       "thcex")
    assert b.charges_after_eur_per_year == Decimal("1193.97")


def test_forecast_found_through_typology_analytic():
    b = balance_tenant(record(), forecast(unit="T"), TARIFFS, UNITS, "apres", "thcex")
    assert b.forecast_unit_id == "T"
    assert b.net_gain_eur_per_month == Decimal("8.20")


def test_missing_forecast_or_tariff_is_refused():
    with pytest.raises(InputError, match="D1"):
        balance_tenant(record(), forecast(unit="autre"), TARIFFS, UNITS, "apres", "thcex")
    with pytest.raises(InputError, match="pas de tarif pour l'énergie « gaz »"):
        charges_eur_per_year({"gaz": 10.0}, {}, "logement D1")


def test_operation_view_analytic():
    bs = [balance_tenant(record(), forecast(), TARIFFS, UNITS, "apres", m)
          for m in ("thcex", "iso52016")]
    bs.append(balance_tenant(
        record(tenant_id="L-0002", dwelling_id="D2", rent_after_eur_per_month=Decimal("401.00")),
        forecast("D2"), TARIFFS, ("D2",), "apres", "thcex"))
    v = operation_view(bs, "thcex", Decimal("10000"))
    # rents after: 420 + 401 = 821 €/mois -> 9852 €/an ; target 10000 -> gap −148
    assert v.n_tenants == 2 and v.n_losing == 0
    assert v.rent_income_after_eur_per_year == Decimal("9852.00")
    assert v.income_gap_eur_per_year == Decimal("-148.00")
    assert v.meets_target is False
    # gains: 8.20 and 8.20 + 19.00 = 27.20 ; median of two = 17.70
    assert v.net_gain_median_eur_per_month == Decimal("17.70")
    assert v.net_gain_total_eur_per_month == Decimal("35.40")
    iso = operation_view(bs, "iso52016")
    assert iso.n_losing == 1 and iso.share_losing_frac == 1.0 and iso.meets_target is None


def _energy_result(dwelling_id, scenario, method, final):
    return EnergyResult(
        label="x", typology="T", scenario=scenario, dwelling_id=dwelling_id, method=method,
        conventions="test", reference_area_kind="surface_habitable", reference_area_m2=70.0,
        heating_need_kwh=0.0, cooling_need_kwh=0.0, monthly_heating_need_kwh=(0.0,) * 12,
        monthly_cooling_need_kwh=(0.0,) * 12,
        balance=BalanceTerms(0, 0, 0, 0, 0, 0, 0), final_energy_kwh=final,
        primary_energy_kwh={}, primary_energy_factors_source="test")


def test_forecast_adapter_from_energy_results_analytic():
    results = [
        _energy_result(None, "apres", "thcex",
                       {"chauffage": {"gaz": 8765.4}, "ecs": {"gaz": 2345.6},
                        "eclairage": {"electricite": 300.0}}),
        _energy_result("D1", "apres", "iso52016", {"chauffage": {"gaz": 9999.5}}),
    ]
    fc = forecast_from_energy_results(results)
    assert len(fc.rows) == 3  # lighting is not a heating charge
    assert fc.by_carrier_kwh(("D1", "T"), "apres", "thcex", ("chauffage", "ecs")) == (
        "T", {"gaz": pytest.approx(11111.0, rel=1e-12)})
    assert fc.methods == ("thcex", "iso52016")


def test_forecast_without_heating_row_is_refused():
    from perfqual.models.tenancy import ForecastConsumption, ForecastRow

    only_dhw = ForecastConsumption(rows=(ForecastRow(
        unit_id="D1", scenario="apres", method="thcex", use="ecs", carrier="gaz",
        final_energy_kwh_per_year=2000.0, source="t"),))
    with pytest.raises(InputError, match="sans ligne de chauffage"):
        balance_tenant(record(), only_dhw, TARIFFS, UNITS, "apres", "thcex")

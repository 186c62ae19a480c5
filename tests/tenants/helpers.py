"""Hand-built inputs shared by the tenants' tests (every number is chosen, not computed)."""

from __future__ import annotations

from decimal import Decimal

from perfqual.models.tenancy import (
    DwellingRef,
    ForecastConsumption,
    ForecastRow,
    OperationContext,
    Tariff,
    TenantRecord,
)

GAS = Tariff(carrier="gaz", price_eur_per_kwh=Decimal("0.1073"),
             subscription_eur_per_year=Decimal("253.44"), source="test")
TARIFFS = {"gaz": GAS}


def record(**overrides) -> TenantRecord:
    """Tenant of dwelling D1: values of the hand-computed balance in test_balance.py."""
    data = dict(
        dwelling_id="D1", tenant_id="L-0001",
        rent_before_eur_per_month=Decimal("400.00"), rent_after_eur_per_month=Decimal("420.00"),
        useful_area_before_m2=70.0, useful_area_after_m2=67.5,
        rent_cap_eur_per_m2_month=Decimal("6.10"),
        heating_charges_before_eur_per_year=Decimal("1850.00"),
        heating_before_kwh_per_year=14000.0, charges_include_dhw=True,
        contribution_eur_per_month=Decimal("10.00"), contribution_duration_months=180,
        housing_benefit_change_eur_per_month=Decimal("4.50"),
    )
    data.update(overrides)
    return TenantRecord(**data)


def _row(unit, scenario, method, use, kwh, carrier="gaz"):
    return ForecastRow(unit_id=unit, scenario=scenario, method=method, use=use,
                       carrier=carrier, final_energy_kwh_per_year=kwh, source="test")


def forecast(unit: str = "D1") -> ForecastConsumption:
    """Forecast of D1 (or of a typology id) for both methods, before and after works."""
    return ForecastConsumption(rows=(
        _row(unit, "apres", "thcex", "chauffage", 8765.4),
        _row(unit, "apres", "thcex", "ecs", 2345.6),
        _row(unit, "apres", "iso52016", "chauffage", 9999.5),
        _row(unit, "apres", "iso52016", "ecs", 2345.6),
        _row(unit, "etat_initial", "thcex", "chauffage", 17500.0),
        _row(unit, "etat_initial", "thcex", "ecs", 2500.0),
    ))


def context() -> OperationContext:
    """An operation with two dwellings of typology T."""
    return OperationContext(name="Test", dwellings=(
        DwellingRef(dwelling_id="D1", typology_id="T", tenant_id="L-0001"),
        DwellingRef(dwelling_id="D2", typology_id="T"),
    ), climate_zone="H1a", altitude_m=40.0, chosen_scenario="apres",
        scenario_ids=("etat_initial", "apres"))


# A hand-written forecast file for the demo operation (values chosen, not computed: the order
# of magnitude of a 1925 coron and a 1930 jumelée before and after variante_2), so that the
# tests of the ``--prevision FICHIER`` path do not depend on the engines.
DEMO_FORECAST_KWH = {  # typology -> (scenario, method) -> ((carrier, heating), (carrier, DHW))
    "coron": {("etat_initial", "thcex"): (("gaz", 21800), ("gaz", 3100)),
              ("etat_initial", "iso52016"): (("gaz", 19900), ("gaz", 3100)),
              ("variante_2", "thcex"): (("gaz", 9400), ("gaz", 2500)),
              ("variante_2", "iso52016"): (("gaz", 8600), ("gaz", 2500))},
    "jumelee": {("etat_initial", "thcex"): (("gaz", 25600), ("gaz", 3400)),
                ("etat_initial", "iso52016"): (("gaz", 23700), ("gaz", 3400)),
                ("variante_2", "thcex"): (("gaz", 10900), ("gaz", 2800)),
                ("variante_2", "iso52016"): (("gaz", 10100), ("gaz", 2800))},
    "isolee": {("etat_initial", "thcex"): (("fioul", 38500), ("electricite", 3300)),
               ("etat_initial", "iso52016"): (("fioul", 35200), ("electricite", 3300)),
               ("variante_2", "thcex"): (("electricite", 6100), ("electricite", 3300)),
               ("variante_2", "iso52016"): (("electricite", 5600), ("electricite", 3300))},
}


def write_demo_forecast(path, source: str = "valeur de test choisie à la main"):
    """Write :data:`DEMO_FORECAST_KWH` as a forecast CSV (one line per use); its path."""
    lines = ["logement;scenario;methode;usage;energie;conso_kwh_an;source"]
    for typo, cases in DEMO_FORECAST_KWH.items():
        for (scenario, method), ((c_heat, heat), (c_dhw, dhw)) in cases.items():
            lines.append(f"{typo};{scenario};{method};chauffage;{c_heat};{heat};{source}")
            lines.append(f"{typo};{scenario};{method};ecs;{c_dhw};{dhw};{source}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

"""Per-tenant balance of rent versus heating charges ("gain de pouvoir d'achat").

For tenant k, per calculation method m, monthly amounts in € TTC [DERIVED, DOMAIN-NOTES E.5]::

    Δloyer_k        = loyer après − loyer avant
    baisse_charges  = (charges avant − charges après prévues) / 12
    gain net_k      = baisse_charges − Δloyer_k − 3e ligne_k + ΔAPL_k

Charges after works are forecast from the final energy per carrier of method m
(:class:`~perfqual.models.tenancy.ForecastConsumption`) priced with the tariffs:
Σ_carriers (kWh × price) + subscription. Charges before are, by choice of the user
(``basis``):

* ``"reel"``: the actual heating charges of the tenant file (the issue's definition);
* ``"calcul"``: the forecast of the initial state (scenario ``etat_initial``) of the same method
  at the same tariffs, so that before and after carry the same conventional bias.

Rounding points are those of :mod:`perfqual.finance.ledger`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from perfqual.errors import InputError
from perfqual.finance.ledger import energy_cost_eur, monthly_eur
from perfqual.finance.surface import rent_cap_eur_per_month
from perfqual.models.tenancy import (
    INITIAL_SCENARIO,
    ForecastConsumption,
    Tariff,
    TenantRecord,
)

Basis = Literal["reel", "calcul"]
BASES: tuple[str, ...] = ("reel", "calcul")


@dataclass(frozen=True)
class TenantBalance:
    """Balance of one tenant for one method. Money in € (Decimal), exact to the cent."""

    tenant_id: str
    dwelling_id: str
    method: str
    scenario: str
    basis: str
    forecast_unit_id: str  # dwelling or typology whose forecast was used
    useful_area_before_m2: float
    useful_area_after_m2: float
    rent_cap_before_eur_per_month: Decimal
    rent_cap_after_eur_per_month: Decimal
    rent_before_eur_per_month: Decimal
    rent_after_eur_per_month: Decimal
    forecast_after_kwh_per_year: float
    forecast_before_kwh_per_year: float | None  # initial state, when in the forecast table
    actual_before_kwh_per_year: float | None  # from the tenant file, when known
    charges_before_eur_per_year: Decimal
    charges_after_eur_per_year: Decimal
    contribution_eur_per_month: Decimal
    contribution_duration_months: int | None
    housing_benefit_change_eur_per_month: Decimal

    @property
    def rent_change_eur_per_month(self) -> Decimal:
        """Δrent = rent after − rent before. [€/mois]"""
        return self.rent_after_eur_per_month - self.rent_before_eur_per_month

    @property
    def rent_cap_change_eur_per_month(self) -> Decimal:
        """Change of the rent cap due to the change of useful area. [€/mois]"""
        return self.rent_cap_after_eur_per_month - self.rent_cap_before_eur_per_month

    @property
    def charges_fall_eur_per_year(self) -> Decimal:
        """Forecast fall of heating charges (positive = saving). [€/an]"""
        return self.charges_before_eur_per_year - self.charges_after_eur_per_year

    @property
    def charges_fall_eur_per_month(self) -> Decimal:
        """Forecast fall of heating charges, monthly, rounded to the cent. [€/mois]"""
        return monthly_eur(self.charges_fall_eur_per_year)

    @property
    def net_gain_eur_per_month(self) -> Decimal:
        """Net monthly gain: fall of charges − Δrent − 3e ligne + ΔAPL. [€/mois]"""
        return (
            self.charges_fall_eur_per_month
            - self.rent_change_eur_per_month
            - self.contribution_eur_per_month
            + self.housing_benefit_change_eur_per_month
        )

    @property
    def actual_to_forecast_before_ratio(self) -> float | None:
        """Actual / forecast consumption before works (calibration indicator), when both known."""
        if not self.forecast_before_kwh_per_year or self.actual_before_kwh_per_year is None:
            return None
        return self.actual_before_kwh_per_year / self.forecast_before_kwh_per_year

    @property
    def loses_purchasing_power(self) -> bool:
        """True when the net monthly gain is negative."""
        return self.net_gain_eur_per_month < 0


def charges_eur_per_year(
    kwh_by_carrier: Mapping[str, float], tariffs: Mapping[str, Tariff], where: str
) -> Decimal:
    """Yearly cost Σ (kWh × price, rounded to the cent) + subscription over the carriers.

    Examples
    --------
    >>> t = {"gaz": Tariff(carrier="gaz", price_eur_per_kwh=Decimal("0.1125"),
    ...                    subscription_eur_per_year=Decimal("120.00"), source="x")}
    >>> charges_eur_per_year({"gaz": 4321.0}, t, "ex")
    Decimal('606.11')
    """
    total = Decimal("0.00")
    for carrier in sorted(kwh_by_carrier):
        if carrier not in tariffs:
            raise InputError(f"pas de tarif pour l'énergie « {carrier} » (fichier des tarifs)",
                             where)
        tariff = tariffs[carrier]
        total += energy_cost_eur(kwh_by_carrier[carrier], tariff.price_eur_per_kwh)
        total += tariff.subscription_eur_per_year
    return total


def _forecast(forecast: ForecastConsumption, unit_ids: tuple[str, ...], scenario: str,
              method: str, uses: tuple[str, ...], dwelling_id: str) -> tuple[str, dict]:
    found = forecast.by_carrier_kwh(unit_ids, scenario, method, uses)
    if found is None:
        raise InputError(
            f"aucune prévision de consommation pour le logement {dwelling_id} "
            f"(identifiants cherchés : {', '.join(unit_ids)}), scénario « {scenario} », "
            f"méthode « {method} »", "fichier de prévision")
    if not forecast.has_use(found[0], scenario, method, "chauffage"):
        raise InputError(
            f"prévision de « {found[0]} » sans ligne de chauffage (scénario « {scenario} », "
            f"méthode « {method} ») : charges de chauffage non calculables", "fichier de prévision")
    return found


def balance_tenant(
    record: TenantRecord,
    forecast: ForecastConsumption,
    tariffs: Mapping[str, Tariff],
    unit_ids: tuple[str, ...],
    scenario_after: str,
    method: str,
    basis: Basis = "reel",
) -> TenantBalance:
    """Balance of one tenant for one method.

    Parameters
    ----------
    record : TenantRecord
        The tenant's line of the tenant file.
    forecast : ForecastConsumption
        Forecast final energy per carrier.
    tariffs : mapping
        Carrier -> Tariff.
    unit_ids : tuple of str
        Ids under which to look for the dwelling's forecast, in order (dwelling id, then its
        typology id).
    scenario_after : str
        Scenario id of the state after works.
    method : str
        ``"thcex"`` or ``"iso52016"``.
    basis : {"reel", "calcul"}
        Charges before works: actual (tenant file) or forecast of the initial state.
    """
    if basis not in BASES:
        raise InputError(f"base « {basis} » inconnue (bases : {', '.join(BASES)})")
    uses = ("chauffage", "ecs") if record.charges_include_dhw else ("chauffage",)
    where = f"logement {record.dwelling_id}"
    unit, kwh_after = _forecast(forecast, unit_ids, scenario_after, method, uses,
                                record.dwelling_id)
    after = charges_eur_per_year(kwh_after, tariffs, where)
    found_before = forecast.by_carrier_kwh(unit_ids, INITIAL_SCENARIO, method, uses)
    if basis == "reel":
        before = record.heating_charges_before_eur_per_year
    else:
        _, kwh_before = _forecast(forecast, unit_ids, INITIAL_SCENARIO, method, uses,
                                  record.dwelling_id)
        before = charges_eur_per_year(kwh_before, tariffs, where)
    # Calibration indicator, same scope as the charges (heating, + DHW when included).
    forecast_before_kwh = float(sum(found_before[1].values())) if found_before else None
    cap = record.rent_cap_eur_per_m2_month
    return TenantBalance(
        tenant_id=record.tenant_id,
        dwelling_id=record.dwelling_id,
        method=method,
        scenario=scenario_after,
        basis=basis,
        forecast_unit_id=unit,
        useful_area_before_m2=record.useful_area_before_m2,
        useful_area_after_m2=record.useful_area_after_m2,
        rent_cap_before_eur_per_month=rent_cap_eur_per_month(record.useful_area_before_m2, cap),
        rent_cap_after_eur_per_month=rent_cap_eur_per_month(record.useful_area_after_m2, cap),
        rent_before_eur_per_month=record.rent_before_eur_per_month,
        rent_after_eur_per_month=record.rent_after_eur_per_month,
        forecast_after_kwh_per_year=float(sum(kwh_after.values())),
        forecast_before_kwh_per_year=forecast_before_kwh,
        actual_before_kwh_per_year=record.heating_before_kwh_per_year,
        charges_before_eur_per_year=before,
        charges_after_eur_per_year=after,
        contribution_eur_per_month=record.contribution_eur_per_month,
        contribution_duration_months=record.contribution_duration_months,
        housing_benefit_change_eur_per_month=record.housing_benefit_change_eur_per_month,
    )

"""Inputs of the tenants' balance: tenant records, tariffs, forecast consumption, records.

Money is held as :class:`decimal.Decimal` in euros (suffix ``_eur``), never as float, so that
every amount is exact to the cent (see :mod:`perfqual.finance.ledger` for the rounding rule).
Only pseudonymous identifiers are held here: the reader (:mod:`perfqual.io.tenancy`) drops the
columns a bailleur may keep next to them (names, addresses, incomes) before validation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Carriers, as spelled in perfqual.models.building.HeatingSystem.carrier.
Carrier = Literal["gaz", "fioul", "electricite", "bois", "reseau_chaleur", "charbon", "gpl"]
CARRIERS: tuple[str, ...] = Carrier.__args__  # type: ignore[attr-defined]
# Calculation methods, as spelled in perfqual.models.results.EnergyResult.method.
Method = Literal["thcex", "iso52016"]
METHODS: tuple[str, ...] = Method.__args__  # type: ignore[attr-defined]
# Uses whose cost is part of the tenant's heating charges in this balance.
ChargeUse = Literal["chauffage", "ecs"]

INITIAL_SCENARIO = "etat_initial"

NonNegMoney = Annotated[Decimal, Field(ge=0)]
PositiveArea = Annotated[float, Field(gt=0)]


class Tariff(BaseModel):
    """Price of one energy carrier, paid by the tenant (TTC).

    Attributes
    ----------
    carrier : str
        Energy carrier.
    price_eur_per_kwh : Decimal
        Price of the kWh of final energy, all taxes included. [€/kWh]
    subscription_eur_per_year : Decimal
        Fixed part per dwelling (subscription, or the dwelling's share of a collective fixed
        part). [€/an]
    source : str
        Where the price comes from (contract, tariff, date).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    carrier: Carrier
    price_eur_per_kwh: NonNegMoney
    subscription_eur_per_year: NonNegMoney = Decimal("0")
    source: str = Field(min_length=1)


class TenantRecord(BaseModel):
    """One dwelling and its tenant, before and after works (one line of the tenant file).

    Areas are useful areas (surface utile, SU) in m²; rents are monthly, excluding charges;
    charges are yearly. See ``methods/locataires.md`` for the column names of the file.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    dwelling_id: str = Field(min_length=1)
    tenant_id: str = Field(min_length=1, description="Pseudonymous tenant id, e.g. L-0012")
    rent_before_eur_per_month: NonNegMoney
    rent_after_eur_per_month: NonNegMoney
    useful_area_before_m2: PositiveArea
    useful_area_after_m2: PositiveArea
    useful_area_source: str = "saisie"
    surface_change_measure: str | None = Field(
        default=None, description="Measure that explains a larger useful area after works"
    )
    rent_cap_eur_per_m2_month: Annotated[Decimal, Field(gt=0)] = Field(
        description="Loyer maximal applicable to the dwelling per m² of useful area and month, "
        "coefficients of the convention included [€/(m²·mois)]"
    )
    heating_charges_before_eur_per_year: NonNegMoney
    heating_before_kwh_per_year: Annotated[float, Field(ge=0)] | None = None
    charges_include_dhw: bool = False
    contribution_eur_per_month: NonNegMoney = Decimal("0")
    contribution_duration_months: Annotated[int, Field(gt=0)] | None = None
    housing_benefit_change_eur_per_month: Decimal = Decimal("0")
    source_line: str = Field(default="", description="File and line, for messages")

    @model_validator(mode="after")
    def _check_consistency(self) -> TenantRecord:
        if self.useful_area_after_m2 > self.useful_area_before_m2 and not (
            self.surface_change_measure and self.surface_change_measure.strip()
        ):
            raise ValueError(
                f"surface utile après travaux ({self.useful_area_after_m2:g} m²) supérieure à "
                f"la surface avant ({self.useful_area_before_m2:g} m²) sans mesure qui "
                "l'explique (colonne « mesure_surface »)"
            )
        if self.contribution_eur_per_month > 0 and self.contribution_duration_months is None:
            raise ValueError(
                "3e ligne de quittance sans durée (colonne « duree_3e_ligne_mois »)"
            )
        return self


class ForecastRow(BaseModel):
    """Forecast final energy of one dwelling (or typology) × scenario × method × use × carrier."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_id: str = Field(
        min_length=1, description="Dwelling id, or typology id for all its dwellings"
    )
    scenario: str = Field(min_length=1)
    method: Method
    use: ChargeUse
    carrier: Carrier
    final_energy_kwh_per_year: Annotated[float, Field(ge=0)]
    source: str = Field(min_length=1, description="Engine run or file the value comes from")


class ForecastConsumption(BaseModel):
    """Forecast final energy per carrier, the plain input of the balance.

    Built from the engines' results by
    :func:`perfqual.finance.forecast.forecast_from_energy_results`, or read from a documented
    CSV by :func:`perfqual.io.tenancy.read_forecast`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: tuple[ForecastRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> ForecastConsumption:
        seen = set()
        for r in self.rows:
            key = (r.unit_id, r.scenario, r.method, r.use, r.carrier)
            if key in seen:
                raise ValueError("prévision en double pour " + " / ".join(key))
            seen.add(key)
        return self

    def has_use(self, unit_id: str, scenario: str, method: str, use: str) -> bool:
        """True when the table has a row of that use for that unit, scenario and method."""
        return any(r.unit_id == unit_id and r.scenario == scenario and r.method == method
                   and r.use == use for r in self.rows)

    @property
    def methods(self) -> tuple[str, ...]:
        """Methods present, in the order of :data:`METHODS`."""
        present = {r.method for r in self.rows}
        return tuple(m for m in METHODS if m in present)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """Scenario ids present, sorted."""
        return tuple(sorted({r.scenario for r in self.rows}))

    def by_carrier_kwh(
        self, unit_ids: tuple[str, ...], scenario: str, method: str, uses: tuple[str, ...]
    ) -> tuple[str, dict[str, float]] | None:
        """Final energy per carrier of the first unit id found (dwelling, then typology).

        Returns
        -------
        (unit_id, {carrier: kWh/an}) or None when none of ``unit_ids`` has rows for this
        scenario and method.
        """
        for unit in unit_ids:
            rows = [
                r for r in self.rows
                if r.unit_id == unit and r.scenario == scenario and r.method == method
            ]
            if rows:
                out: dict[str, float] = {}
                for r in rows:
                    if r.use in uses:
                        out[r.carrier] = out.get(r.carrier, 0.0) + r.final_energy_kwh_per_year
                return unit, out
        return None


class DwellingRef(BaseModel):
    """What the balance needs to know of a dwelling of the operation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dwelling_id: str
    typology_id: str
    tenant_id: str | None = None


class OperationContext(BaseModel):
    """What the tenants' module reads from the operation (see ``operation_context``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    dwellings: tuple[DwellingRef, ...]
    climate_zone: str | None = None
    altitude_m: float | None = None
    chosen_scenario: str | None = None
    scenario_ids: tuple[str, ...] = ()

    def dwelling(self, dwelling_id: str) -> DwellingRef | None:
        """The dwelling of that id, or None."""
        for d in self.dwellings:
            if d.dwelling_id == dwelling_id:
                return d
        return None


class ConsumptionRecord(BaseModel):
    """One actual consumption (or expense) record of a dwelling after works."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dwelling_id: str = Field(min_length=1)
    start: dt.date
    end: dt.date = Field(description="Last day included")
    carrier: Carrier
    includes_dhw: bool = False
    energy_kwh: Annotated[float, Field(ge=0)] | None = None
    expense_eur: NonNegMoney | None = None
    degree_days_k_day: Annotated[float, Field(ge=0)] | None = None
    source_line: str = ""

    @model_validator(mode="after")
    def _check(self) -> ConsumptionRecord:
        if self.end < self.start:
            raise ValueError("date de fin antérieure à la date de début")
        if (self.energy_kwh is None) == (self.expense_eur is None):
            raise ValueError(
                "donner soit la consommation (conso_kwh), soit la dépense (montant_eur), "
                "pas les deux ni aucune"
            )
        return self

    @property
    def n_days(self) -> int:
        """Number of days of the period, both ends included."""
        return (self.end - self.start).days + 1

"""What one operation contributes to the lessons-learned store: flat, pseudonymous rows.

Every table of the store (see :mod:`perfqual.store.schema`) has one row model here; the fields
are the columns (``op_id`` is added by the store). The models forbid unknown fields, so no
column outside this list (a tenant's name, an address, an income) can reach the store, and
the identifiers of dwellings and tenants must be pseudonymous codes (no spaces, at most 40
characters: ``L-0012``, ``C-013``), the rule of the operation model
(:class:`perfqual.models.operation.Dwelling`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_CONFIG = ConfigDict(extra="forbid", frozen=True)

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/\-]{0,39}$")


def _pseudonymous_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(
            f"« {value} » n'est pas un identifiant pseudonyme (lettres, chiffres, « - », « _ », "
            "« . », sans espace, 40 caractères au plus) : noms et adresses sont refusés"
        )
    return value


PseudoId = Annotated[str, AfterValidator(_pseudonymous_code)]
Money = Annotated[Decimal, Field(max_digits=12, decimal_places=2)]


class OperationRow(BaseModel):
    """Identity of the operation (no person: the bailleur is an organisation)."""

    model_config = _CONFIG

    operation_name: str
    bailleur: str
    epci: str | None
    commune: str
    departement: str
    climate_zone: str
    altitude_m: float
    phase: str
    chosen_scenario: str | None
    n_dwellings: int = Field(ge=0)
    perfqual_version: str
    ingested_at: dt.datetime
    source_digest: str


class TypologyRow(BaseModel):
    """A typology of the operation."""

    model_config = _CONFIG

    typology: PseudoId
    form: str
    construction_year: int | None
    n_dwellings: int = Field(ge=0)
    living_area_m2: float
    shon_rt_m2: float


class ScenarioRow(BaseModel):
    """A work programme (``etat_initial`` included)."""

    model_config = _CONFIG

    scenario: PseudoId
    description: str | None
    measures: str
    wall_technique: str | None


class EnergyResultRow(BaseModel):
    """One EnergyResult (typology × scenario × method)."""

    model_config = _CONFIG

    typology: PseudoId
    scenario: PseudoId
    method: str
    conventions: str
    reference_area_kind: str
    reference_area_m2: float
    cep_kwh_per_m2_year: float
    cep_heat_cool_dhw_kwh_per_m2_year: float
    heating_need_kwh: float
    heating_final_kwh: float
    climate_name: str | None = None  # v3


class MethodGapRow(BaseModel):
    """One term of the decomposition of the gap between the two methods (``total`` = gap)."""

    model_config = _CONFIG

    typology: PseudoId
    scenario: PseudoId
    term: str
    gap_kwh_per_m2_year: float


class ThresholdCheckRow(BaseModel):
    """One threshold check of one method."""

    model_config = _CONFIG

    typology: PseudoId
    scenario: PseudoId
    method: str
    threshold_id: str
    value: float
    limit_value: float
    unit: str
    passed: bool
    source: str


class AirtightnessTestRow(BaseModel):
    """One blower-door test placed in the operation."""

    model_config = _CONFIG

    test_id: PseudoId
    dwelling_id: PseudoId
    typology: PseudoId
    phase: str
    technique: str | None
    q4pa_surf_m3_per_h_m2: float | None
    n50_per_h: float | None
    target_indicator: str | None
    target_value: float | None
    status: str
    is_valid: bool
    is_decisive: bool


class VentilationDwellingRow(BaseModel):
    """Verdict of the ventilation control of one dwelling."""

    model_config = _CONFIG

    dwelling_id: PseudoId
    typology: PseudoId
    verdict: str


class SamplingCoverageRow(BaseModel):
    """Coverage of one typology by a sampling plan."""

    model_config = _CONFIG

    purpose: str
    typology: PseudoId
    n_population: int = Field(ge=0)
    n_required: int = Field(ge=0)
    n_measured: int = Field(ge=0)
    is_covered: bool


class MoistureVerdictRow(BaseModel):
    """Moisture verdict of one assembly."""

    model_config = _CONFIG

    typology: PseudoId
    scenario: PseudoId
    element: str
    verdict: str


class WorksRecordRow(BaseModel):
    """Summary of the works-phase QA record."""

    model_config = _CONFIG

    n_missing_items: int = Field(ge=0)
    n_open_defects: int = Field(ge=0)
    is_complete: bool


class ConsumptionFollowupRow(BaseModel):
    """Forecast heating final energy of one method vs the measured, degree-day-normalised one."""

    model_config = _CONFIG

    dwelling_id: PseudoId
    typology: PseudoId
    scenario: PseudoId
    method: str
    season: str
    forecast_heating_kwh: float
    normalised_heating_kwh: float
    degree_days_ref_k_day: float | None
    forecast_source: str | None = None  # v3: engine run or user file of the forecast


class TenantGainRow(BaseModel):
    """Monthly balance of one (pseudonymous) tenant under one method."""

    model_config = _CONFIG

    tenant_id: PseudoId
    typology: PseudoId
    scenario: PseudoId
    method: str
    rent_change_eur_per_month: Money
    charges_fall_eur_per_month: Money
    net_gain_eur_per_month: Money
    forecast_source: str | None = None  # v3: engine run or user file of the forecast


#: table name -> row model, in insertion order (``operations`` first).
ROW_MODELS: dict[str, type[BaseModel]] = {
    "operations": OperationRow,
    "typologies": TypologyRow,
    "scenarios": ScenarioRow,
    "energy_results": EnergyResultRow,
    "method_gaps": MethodGapRow,
    "threshold_checks": ThresholdCheckRow,
    "airtightness_tests": AirtightnessTestRow,
    "ventilation_dwellings": VentilationDwellingRow,
    "sampling_coverage": SamplingCoverageRow,
    "moisture_verdicts": MoistureVerdictRow,
    "works_record": WorksRecordRow,
    "consumption_followup": ConsumptionFollowupRow,
    "tenant_gains": TenantGainRow,
}


class OperationRecord(BaseModel):
    """Everything one operation puts in the store."""

    model_config = _CONFIG

    op_id: PseudoId
    operation: OperationRow
    typologies: tuple[TypologyRow, ...] = ()
    scenarios: tuple[ScenarioRow, ...] = ()
    energy_results: tuple[EnergyResultRow, ...] = ()
    method_gaps: tuple[MethodGapRow, ...] = ()
    threshold_checks: tuple[ThresholdCheckRow, ...] = ()
    airtightness_tests: tuple[AirtightnessTestRow, ...] = ()
    ventilation_dwellings: tuple[VentilationDwellingRow, ...] = ()
    sampling_coverage: tuple[SamplingCoverageRow, ...] = ()
    moisture_verdicts: tuple[MoistureVerdictRow, ...] = ()
    works_record: tuple[WorksRecordRow, ...] = ()
    consumption_followup: tuple[ConsumptionFollowupRow, ...] = ()
    tenant_gains: tuple[TenantGainRow, ...] = ()

    def rows(self, table: str) -> tuple[BaseModel, ...]:
        """Rows of one table (the ``operations`` table has exactly one)."""
        if table == "operations":
            return (self.operation,)
        return getattr(self, table)


def slug(text: str) -> str:
    """Lower-case ASCII identifier from a French name.

    Examples
    --------
    >>> slug("Cité des Fleurs (Lens)")
    'cite-des-fleurs-lens'
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

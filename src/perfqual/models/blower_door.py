"""Blower-door test inputs (pydantic, canonical units) and analysis results (frozen dataclasses).

A :class:`BlowerDoorTest` is what one test file holds once converted at the door by
:mod:`perfqual.io.blower_door`: metadata (volume, areas, weather, method, operator) and, per
direction, the zero-flow readings and the pressure stations. Values are in canonical units:
Pa, m³/h, m³, m², °C, m/s, kg/m³.

:class:`ValidityRules` is the versioned table of validity thresholds
(``perfqual/data/airtightness_validity.yaml``), loaded through :func:`load_validity_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from perfqual.core.airtightness import DIRECTIONS, Direction, PowerLawFit, ZeroFlowPressure
from perfqual.errors import InputError

Phase = Literal["avant_travaux", "pendant_travaux", "reception"]
PHASES: tuple[str, ...] = ("avant_travaux", "pendant_travaux", "reception")
Severity = Literal["invalide", "avertissement"]
RuleStatus = Literal["SRC", "STD-K", "OPEN", "DERIVED"]

PositiveFloat = Annotated[float, Field(gt=0)]

DIRECTION_LABELS_FR = {"depressurisation": "dépressurisation", "pressurisation": "pressurisation"}


# --- inputs ------------------------------------------------------------------------------------


class DirectionData(BaseModel):
    """Raw readings of one test direction.

    ``dp_measured_pa`` are signed inside − outside differences as read (negative in
    depressurisation); ``q_fan_m3_per_h`` the flows through the fan.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    direction: Direction
    baseline_before_pa: tuple[float, ...] = Field(min_length=1)
    baseline_after_pa: tuple[float, ...] = ()
    dp_measured_pa: tuple[float, ...] = Field(min_length=3)
    q_fan_m3_per_h: tuple[PositiveFloat, ...] = Field(min_length=3)

    @model_validator(mode="after")
    def _check_stations(self) -> DirectionData:
        if len(self.dp_measured_pa) != len(self.q_fan_m3_per_h):
            raise ValueError("autant de pressions que de débits sont attendus")
        sign = -1.0 if self.direction == "depressurisation" else 1.0
        wrong = [dp for dp in self.dp_measured_pa if sign * dp <= 0]
        if wrong:
            raise ValueError(
                f"en {DIRECTION_LABELS_FR[self.direction]}, la pression intérieur − extérieur "
                f"doit être {'négative' if sign < 0 else 'positive'} (valeurs signées) ; "
                f"valeurs en cause : {wrong}"
            )
        return self


class BlowerDoorTest(BaseModel):
    """One fan-pressurisation test of one dwelling (or building part), canonical units."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    test_id: str = Field(min_length=1, description="Identifier of the test (file name by default)")
    dwelling_id: str | None = Field(None, description="Dwelling id of the operation (logement)")
    building_id: str | None = Field(None, description="Building, for the weighted mean (bâtiment)")
    typology: str | None = None
    phase: Phase | None = None
    date: str | None = None
    operator: str | None = None
    qualification: str | None = Field(None, description="Qualibat 8711 certificate of the operator")
    equipment: str | None = None
    method: Literal[1, 2, 3] = Field(description="Building preparation method, ISO 9972:2015 §5")
    volume_m3: PositiveFloat = Field(description="Internal volume V [m³]")
    envelope_area_m2: PositiveFloat | None = Field(None, description="Envelope area A_E [m²]")
    floor_area_m2: PositiveFloat | None = Field(None, description="Net floor area A_F [m²]")
    a_tbat_m2: PositiveFloat | None = Field(None, description="ATbat, FD P50-784 [m²]")
    temp_int_c: float = Field(ge=-30.0, le=50.0, description="Inside temperature [°C]")
    temp_ext_c: float = Field(ge=-40.0, le=50.0, description="Outside temperature [°C]")
    pressure_pa: float | None = Field(None, ge=50_000.0, le=110_000.0,
                                      description="Barometric pressure [Pa]")
    altitude_m: float | None = Field(None, ge=-500.0, le=5000.0, description="Altitude [m]")
    rel_humidity_frac: float = Field(
        0.0, ge=0.0, le=1.0,
        description="Relative humidity; 0 (dry air, the convention of ρ_0) when not measured",
    )
    wind_m_per_s: float | None = Field(None, ge=0.0, description="Wind speed [m/s]")
    building_height_m: PositiveFloat | None = Field(None, description="Height of the envelope [m]")
    fan_calibration_density_kg_per_m3: PositiveFloat | None = Field(
        None, description="Set when the flows are read at the fan calibration density [kg/m³]"
    )
    notes: str | None = None
    directions: tuple[DirectionData, ...] = Field(min_length=1, max_length=2)

    @model_validator(mode="after")
    def _check(self) -> BlowerDoorTest:
        if self.pressure_pa is None and self.altitude_m is None:
            raise ValueError("la pression barométrique ou l'altitude est obligatoire")
        seen = [d.direction for d in self.directions]
        if len(set(seen)) != len(seen):
            raise ValueError("chaque sens d'essai ne doit apparaître qu'une fois")
        return self

    def direction(self, name: Direction) -> DirectionData | None:
        """Readings of one direction, or None if it was not run."""
        return next((d for d in self.directions if d.direction == name), None)


# --- validity rules -----------------------------------------------------------------------------

RULE_IDS: tuple[str, ...] = (
    "pression_nulle_max",
    "pression_nulle_avant_apres",
    "nombre_paliers_min",
    "ecart_paliers_max",
    "pression_basse_min",
    "pression_basse_facteur_debit_nul",
    "pression_haute_min",
    "exposant_min",
    "exposant_max",
    "r2_min",
    "vent_max",
    "ecart_temperature_hauteur_max",
)


class ValidityRule(BaseModel):
    """One validity threshold (value, unit, comparison, severity, source)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    label: str = Field(alias="libelle")
    value: float | None = Field(alias="valeur")
    unit: str = Field(alias="unite")
    comparison: Literal["<=", ">=", "requis"] = Field(alias="comparaison")
    severity: Severity = Field(alias="gravite")
    status: RuleStatus = Field(alias="statut")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check_value(self) -> ValidityRule:
        if self.comparison != "requis" and self.value is None:
            raise ValueError("une valeur est obligatoire pour une comparaison <= ou >=")
        return self


class JudgementPolicy(BaseModel):
    """Which direction gives the regulatory Q4Pa-surf, and the sampling coefficient."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    regulatory_direction: Direction = Field(alias="sens_reglementaire")
    regulatory_direction_source: str = Field(alias="sens_reglementaire_source")
    sampling_coefficient: float = Field(alias="coefficient_echantillonnage", ge=1.0, le=2.0)
    sampling_coefficient_source: str = Field(alias="coefficient_echantillonnage_source")


class ValidityRules(BaseModel):
    """The versioned table of validity rules and the judgement policy."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    version: str
    rules: dict[str, ValidityRule] = Field(alias="regles")
    policy: JudgementPolicy = Field(alias="jugement")

    @model_validator(mode="after")
    def _check_ids(self) -> ValidityRules:
        unknown = sorted(set(self.rules) - set(RULE_IDS))
        missing = [r for r in RULE_IDS if r not in self.rules]
        if unknown:
            raise ValueError(f"règle(s) inconnue(s) : {', '.join(unknown)}")
        if missing:
            raise ValueError(f"règle(s) absente(s) : {', '.join(missing)}")
        return self


DEFAULT_RULES_RESOURCE = "airtightness_validity.yaml"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def load_validity_rules(path: str | Path | None = None) -> ValidityRules:
    """Load the validity rules, from ``path`` or the packaged default table.

    Raises
    ------
    InputError
        Unreadable file, invalid YAML or invalid content (every field named).
    """
    if path is None:
        text = (DATA_DIR / DEFAULT_RULES_RESOURCE).read_text(encoding="utf-8")
        where = f"perfqual/data/{DEFAULT_RULES_RESOURCE}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"fichier illisible ({exc.strerror})", str(path)) from exc
        where = str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"YAML invalide ({exc})", where) from exc
    if not isinstance(raw, dict):
        raise InputError("bloc « version / regles / jugement » attendu", where)
    try:
        return ValidityRules.model_validate(raw)
    except ValidationError as exc:
        raise InputError("\n" + _format(exc, where)) from None


def _format(exc: ValidationError, where: str) -> str:
    """French lines ``file : path : message`` (pydantic messages are in the validators)."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(racine)"
        msg = err.get("ctx", {}).get("error", err["msg"]) if err["type"] == "value_error" \
            else err["msg"]
        lines.append(f"{where} : {path} : {msg}")
    return "\n".join(lines)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCheck:
    """Outcome of one validity rule on one test direction.

    ``passed`` is None when the rule could not be evaluated (missing metadata).
    """

    rule_id: str
    label: str
    value: float | None
    limit: float | None
    unit: str
    comparison: str
    severity: str
    passed: bool | None
    source: str
    status: str

    @property
    def invalidates(self) -> bool:
        """True when the rule failed and its severity makes the test invalid."""
        return self.passed is False and self.severity == "invalide"


@dataclass(frozen=True)
class Interval:
    """A value with its confidence interval."""

    value: float
    lower: float
    upper: float


@dataclass(frozen=True)
class DirectionAnalysis:
    """Results of one test direction (ISO 9972:2015 chain, see core.airtightness)."""

    direction: str
    zero_flow: ZeroFlowPressure
    dp_pa: tuple[float, ...]  # induced pressure differences, bias corrected
    q_env_m3_per_h: tuple[float, ...]
    rho_int_kg_per_m3: float
    rho_ext_kg_per_m3: float
    rho_0_kg_per_m3: float
    fit_env: PowerLawFit  # C_env at test conditions
    fit_std: PowerLawFit  # C_L at standard conditions
    n: Interval
    c_l_m3_per_h_pa_n: Interval
    q50_m3_per_h: Interval
    n50_per_h: Interval
    q4_m3_per_h: Interval
    q4pa_surf_m3_per_h_m2: Interval | None
    q_e50_m3_per_h_m2: float | None
    q_f50_m3_per_h_m2: float | None
    ela4_m2: float
    ela50_m2: float
    checks: tuple[RuleCheck, ...]

    @property
    def is_valid(self) -> bool:
        """No rule of severity « invalide » failed."""
        return not any(c.invalidates for c in self.checks)


@dataclass(frozen=True)
class BlowerDoorAnalysis:
    """Both directions of one test, their mean and the regulatory Q4Pa-surf."""

    test: BlowerDoorTest
    directions: dict[str, DirectionAnalysis]
    regulatory_direction: str
    q50_m3_per_h: Interval  # mean of the directions run
    n50_per_h: Interval
    q_e50_m3_per_h_m2: float | None
    q_f50_m3_per_h_m2: float | None
    q4pa_surf_m3_per_h_m2: Interval | None  # from the regulatory direction
    pressure_pa: float
    assumptions: tuple[str, ...]
    rules_version: str
    sampling_coefficient: float = 1.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_valid(self) -> bool:
        """Every direction run is valid."""
        return all(d.is_valid for d in self.directions.values())

    @property
    def checks(self) -> tuple[RuleCheck, ...]:
        """All rule checks, direction after direction."""
        return tuple(c for d in self.directions.values() for c in d.checks)


@dataclass(frozen=True)
class Judgement:
    """Comparison of one indicator (Q4Pa-surf or n50) with its target.

    ``status`` is ``conforme`` / ``non_conforme`` / ``indetermine`` (confidence interval
    straddling the target) or ``essai_non_valide``; ``regulatory_pass`` compares the value alone
    (× the sampling coefficient) with the target, as the regulation does.
    """

    subject: str
    indicator: str  # "q4pa_surf" | "n50"
    unit: str
    value: float
    lower: float
    upper: float
    target: float
    sampling_coefficient: float
    status: str
    regulatory_pass: bool
    source: str


__all__ = [
    "BlowerDoorAnalysis",
    "BlowerDoorTest",
    "DIRECTIONS",
    "DirectionAnalysis",
    "DirectionData",
    "Interval",
    "Judgement",
    "JudgementPolicy",
    "PHASES",
    "RULE_IDS",
    "RuleCheck",
    "ValidityRule",
    "ValidityRules",
    "load_validity_rules",
]
